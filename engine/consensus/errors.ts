/**
 * Rejections of consensus messages: tagged errors with stable codes in their own range 300–349
 * (engine/errors.ts: 1–99 instructions, 100–199 transactions; consensus starts at 300). A rejected
 * message changes nothing in the validator's state; the state machine reports it as a `Rejected`
 * output so the driver can count it or block the peer.
 *
 * | code | error | meaning |
 * |---|---|---|
 * | 300 | InvalidVoteSignature | a vote or certificate signature does not verify for its signer |
 * | 301 | UnknownSigner | a signer index outside the validator set |
 * | 302 | ViewOutOfWindow | a view below the activity window or too far above the current view |
 * | 303 | MalformedCertificate | too few, duplicate or out-of-range votes in a certificate |
 * | 304 | InvalidSeed | a seed signature that does not verify against the group key |
 * | 305 | InvalidSeedShare | a seed share that does not verify against its signer's share key |
 * | 306 | ConflictingVote | a second, different vote from one signer (fault evidence was recorded) |
 * | 307 | InvalidProposal | a proposal whose parent view is not below its view |
 * | 308 | HeightOutOfWindow | an execution acknowledgement far from the finalized height |
 */
import { Schema } from "effect"

const detail = { message: Schema.String }

export class InvalidVoteSignature extends Schema.TaggedError<InvalidVoteSignature>()("InvalidVoteSignature", detail) {
  readonly code = 300
}
export class UnknownSigner extends Schema.TaggedError<UnknownSigner>()("UnknownSigner", detail) {
  readonly code = 301
}
export class ViewOutOfWindow extends Schema.TaggedError<ViewOutOfWindow>()("ViewOutOfWindow", detail) {
  readonly code = 302
}
export class MalformedCertificate extends Schema.TaggedError<MalformedCertificate>()("MalformedCertificate", detail) {
  readonly code = 303
}
export class InvalidSeed extends Schema.TaggedError<InvalidSeed>()("InvalidSeed", detail) {
  readonly code = 304
}
export class InvalidSeedShare extends Schema.TaggedError<InvalidSeedShare>()("InvalidSeedShare", detail) {
  readonly code = 305
}
export class ConflictingVote extends Schema.TaggedError<ConflictingVote>()("ConflictingVote", detail) {
  readonly code = 306
}
export class InvalidProposal extends Schema.TaggedError<InvalidProposal>()("InvalidProposal", detail) {
  readonly code = 307
}
export class HeightOutOfWindow extends Schema.TaggedError<HeightOutOfWindow>()("HeightOutOfWindow", detail) {
  readonly code = 308
}

export const ConsensusRejection = Schema.Union(
  InvalidVoteSignature,
  UnknownSigner,
  ViewOutOfWindow,
  MalformedCertificate,
  InvalidSeed,
  InvalidSeedShare,
  ConflictingVote,
  InvalidProposal,
  HeightOutOfWindow
)
export type ConsensusRejection = typeof ConsensusRejection.Type

/** a rejection without running the Schema check of the constructor (fields are typed here) */
export const reject = <E>(make: new (props: { message: string }, options: { disableValidation: boolean }) => E, message: string): E =>
  new make({ message }, { disableValidation: true })
