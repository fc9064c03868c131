/**
 * Consensus wire types (consensus-protocol.md "Messages", chain-and-services.md §1.3) as Effect
 * Schemas, and the exact bytes each signature covers.
 *
 * Votes are signed with the validator's ed25519 key (docs/consensus.md, "vote crypto": chosen by
 * measurement); notarize and nullify also carry a BLS partial signature over the view (the seed
 * share). A certificate is q votes for the same thing from distinct signers plus the recovered
 * seed of its view, so anyone holding the validator keys and the group key can check it.
 *
 * Signed bytes (namespaced, see crypto/bls-threshold.ts `namespaced`):
 * - notarize / finalize: NS_NOTARIZE / NS_FINALIZE over varint(view) || varint(parent_view) || payload(32)
 * - nullify: NS_NULLIFY over u64be(view); seed share: NS_SEED over u64be(view)
 * - execution acknowledgement: NS_AGG_ACK over varint(height) || state_root(32) || events_root(32)
 */
import { Schema } from "effect"
import { ByteWriter, fromHex } from "../codec/bytes.ts"

export const NS = "_NULLSPACE"
export const NS_NOTARIZE = `${NS}_NOTARIZE`
export const NS_NULLIFY = `${NS}_NULLIFY`
export const NS_FINALIZE = `${NS}_FINALIZE`
export const NS_SEED = `${NS}_SEED`
export const NS_AGG_ACK = `${NS}_AGG_ACK`

/** the largest validator set this implementation accepts */
export const VALIDATORS_MAX = 256
export const SIGNATURE_BYTES_MAX = 96

export const ViewNumber = Schema.Int.pipe(Schema.between(0, Number.MAX_SAFE_INTEGER))
export const SignerIndex = Schema.Int.pipe(Schema.between(0, VALIDATORS_MAX - 1))
/** a 32-byte digest as lowercase hex (a block digest, a state or events root) */
export const Digest32 = Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/))
export const SignatureBytes = Schema.Uint8ArrayFromSelf.pipe(Schema.filter((b) => b.length > 0 && b.length <= SIGNATURE_BYTES_MAX))

export const Proposal = Schema.Struct({ view: ViewNumber, parent_view: ViewNumber, payload: Digest32 })
export type Proposal = typeof Proposal.Type

export const VoteSignature = Schema.Struct({ signer: SignerIndex, signature: SignatureBytes })
export type VoteSignature = typeof VoteSignature.Type
const Votes = Schema.Array(VoteSignature).pipe(Schema.maxItems(VALIDATORS_MAX))

export const Notarize = Schema.TaggedStruct("Notarize", { proposal: Proposal, signer: SignerIndex, signature: SignatureBytes, seed_share: SignatureBytes })
export type Notarize = typeof Notarize.Type
export const Nullify = Schema.TaggedStruct("Nullify", { view: ViewNumber, signer: SignerIndex, signature: SignatureBytes, seed_share: SignatureBytes })
export type Nullify = typeof Nullify.Type
export const Finalize = Schema.TaggedStruct("Finalize", { proposal: Proposal, signer: SignerIndex, signature: SignatureBytes })
export type Finalize = typeof Finalize.Type

export const Notarization = Schema.TaggedStruct("Notarization", { proposal: Proposal, votes: Votes, seed: SignatureBytes })
export type Notarization = typeof Notarization.Type
export const Nullification = Schema.TaggedStruct("Nullification", { view: ViewNumber, votes: Votes, seed: SignatureBytes })
export type Nullification = typeof Nullification.Type
export const Finalization = Schema.TaggedStruct("Finalization", { proposal: Proposal, votes: Votes, seed: SignatureBytes })
export type Finalization = typeof Finalization.Type
export const Certificate = Schema.Union(Notarization, Nullification, Finalization)
export type Certificate = typeof Certificate.Type

/** a request for every certificate the peer holds for one view (catch-up) */
export const Fetch = Schema.TaggedStruct("Fetch", { view: ViewNumber })
export type Fetch = typeof Fetch.Type

/** what validators sign after executing a finalized block (opaque 32-byte digests) */
export const ExecutionItem = Schema.Struct({ height: ViewNumber, state_root: Digest32, events_root: Digest32 })
export type ExecutionItem = typeof ExecutionItem.Type
export const ExecAck = Schema.TaggedStruct("ExecAck", { item: ExecutionItem, signer: SignerIndex, signature: SignatureBytes })
export type ExecAck = typeof ExecAck.Type

export const ConsensusMessage = Schema.Union(Notarize, Nullify, Finalize, Notarization, Nullification, Finalization, Fetch, ExecAck)
export type ConsensusMessage = typeof ConsensusMessage.Type
export type Vote = Notarize | Nullify | Finalize

/** decode an untrusted message (the driver's boundary; the state machine takes typed values) */
export const decodeConsensusMessage = Schema.decodeUnknownEither(ConsensusMessage)

/** signed bytes of a proposal, memoized per (immutable) proposal object: a proposal is signed and checked many times */
const proposalBytesCache = new WeakMap<Proposal, Uint8Array>()
export const proposalBytes = (p: Proposal): Uint8Array => {
  const hit = proposalBytesCache.get(p)
  if (hit !== undefined) return hit
  const bytes = new ByteWriter(48).varint(p.view).varint(p.parent_view).raw(fromHex(p.payload)).finish()
  proposalBytesCache.set(p, bytes)
  return bytes
}
export const viewBytes = (view: number): Uint8Array => new ByteWriter(8).u64(BigInt(view)).finish()
export const executionItemBytes = (item: ExecutionItem): Uint8Array =>
  new ByteWriter(80).varint(item.height).raw(fromHex(item.state_root)).raw(fromHex(item.events_root)).finish()

export const sameProposal = (a: Proposal, b: Proposal): boolean => a.view === b.view && a.parent_view === b.parent_view && a.payload === b.payload
export const proposalKey = (p: Proposal): string => `${p.parent_view}:${p.payload}`
export const itemKey = (i: ExecutionItem): string => `${i.state_root}:${i.events_root}`
