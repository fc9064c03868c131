/**
 * The session verification bundle (`GET /session/:id/verification`, read by `nullspace verify`):
 * everything a player needs to check a game session without trusting the node, as JSON with every
 * byte string in lowercase hex and every u64 in decimal. Per step (StartGame, then each move):
 * - `block`: the finalized block that executed it (engine block codec, seed included), and
 *   `tx_index`, the transaction's position in it;
 * - `finalization`: a finalization certificate (consensus wire codec) of that block, or of a
 *   descendant when the block was finalized through it: then `descendants` holds the blocks from
 *   height + 1 up to the certified one, so the digest chain can be walked;
 * - `output` (events-root.ts output bytes: tx id, status, events) and `events_proof` against
 *   `events_root`;
 * - `execution_certificate` over (height, state_root, events_root), or null while a quorum has
 *   not signed it yet.
 * `identity` names the validator set the certificates must verify under (compare it with the one
 * you trust: the group key is the network's identity).
 */
import { Schema } from "effect"
import { REPLAY_MOVES_MAX } from "../../engine/games/replay.ts"

export const VERIFICATION_FORMAT = "nullspace/session-verification/1"
/** steps a bundle carries at most (a start and REPLAY_MOVES_MAX moves) */
export const BUNDLE_STEPS_MAX = REPLAY_MOVES_MAX + 1
/** descendants a step may need to reach the certificate that finalized it */
export const BUNDLE_DESCENDANTS_MAX = 64

const Hex = Schema.String.pipe(Schema.pattern(/^(?:[0-9a-f]{2})*$/), Schema.maxLength(2 * 1_048_576 + 64))
const Digest = Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/))
const U64Decimal = Schema.String.pipe(Schema.pattern(/^[0-9]{1,20}$/))

export const VerificationStep = Schema.Struct({
  height: U64Decimal,
  tx_index: Schema.Int.pipe(Schema.between(0, 65_535)),
  block: Hex,
  finalization: Hex,
  descendants: Schema.Array(Hex).pipe(Schema.maxItems(BUNDLE_DESCENDANTS_MAX)),
  output: Hex,
  events_proof: Hex,
  state_root: Digest,
  events_root: Digest,
  execution_certificate: Schema.NullOr(Hex)
})
export type VerificationStep = typeof VerificationStep.Type

export const ChainIdentityJson = Schema.Struct({
  validators: Schema.Array(Digest).pipe(Schema.minItems(1), Schema.maxItems(1_024)),
  quorum: Schema.Int.pipe(Schema.between(1, 1_024)),
  group_key: Schema.String.pipe(Schema.pattern(/^[0-9a-f]{192}$/))
})
export type ChainIdentityJson = typeof ChainIdentityJson.Type

export const SessionVerification = Schema.Struct({
  format: Schema.Literal(VERIFICATION_FORMAT),
  session_id: U64Decimal,
  identity: ChainIdentityJson,
  steps: Schema.Array(VerificationStep).pipe(Schema.minItems(1), Schema.maxItems(BUNDLE_STEPS_MAX))
})
export type SessionVerification = typeof SessionVerification.Type
