/**
 * The exact binary codec of the consensus wire types (messages.ts) and of the write-ahead records
 * (machine.ts `WalRecord`), built from the engine's codec combinators (engine/codec/): one table
 * per type writes and reads it, every length and count is bounded before it is read, trailing
 * bytes are a DecodeFailure (code 117) and so is any malformed field.
 *
 * Layout (chain-and-services.md §0 conventions):
 * - view, parent view, height: canonical LEB128 varint ≤ 2^53 − 1
 * - signer: u8 (VALIDATORS_MAX = 256)
 * - payload, state root, events root: 32 raw bytes
 * - signature, seed share, seed: varint length 1..96, then the bytes
 * - votes: varint count ≤ 256, then (signer, signature) each
 * - ConsensusMessage: one code byte (Notarize 0, Nullify 1, Finalize 2, Notarization 3,
 *   Nullification 4, Finalization 5, Fetch 6, ExecAck 7), then the fields in declaration order
 * - WalRecord: one code byte (Voted 0, Certified 1, FinalizedTip 2); a Voted vote is the
 *   ConsensusMessage encoding of the vote; a certificate is the ConsensusMessage encoding
 * - ExecutionCertificate: the item, then the signatures as votes
 */
import { Schema } from "effect"
import { decodeFailure, DecodeFailure } from "../codec/bytes.ts"
import { decodeEither, encode, makeCodec, refine, type Codec } from "../codec/codec.ts"
import { bytes, hexFixed, vec } from "../codec/primitives.ts"
import { struct } from "../codec/struct.ts"
import { taggedUnion } from "../codec/union.ts"
import { ExecutionCertificate } from "./execution-certificate.ts"
import type { WalRecord as MachineWalRecord } from "./machine.ts"
import {
  Certificate,
  ConsensusMessage,
  Digest32,
  ExecAck,
  ExecutionItem,
  Finalize,
  Notarize,
  Nullify,
  Proposal,
  SIGNATURE_BYTES_MAX,
  SignatureBytes,
  VALIDATORS_MAX,
  VoteSignature,
  type Certificate as CertificateType,
  type ConsensusMessage as ConsensusMessageType
} from "./messages.ts"

/** a varint carried as a JS number in 0..max (views and heights are safe integers) */
const varintUpTo = (name: string, max: number): Codec<number> =>
  makeCodec({
    name,
    domain: Schema.Int.pipe(Schema.between(0, max)),
    is: (u): u is number => typeof u === "number" && Number.isInteger(u) && u >= 0 && u <= max,
    write: (w, a) => {
      if (!Number.isInteger(a) || a < 0 || a > max) throw new RangeError(`${name} out of range: ${a}`)
      w.varint(a)
    },
    read: (r) => r.length(max)
  })

const view = varintUpTo("view", Number.MAX_SAFE_INTEGER)
const signer = varintUpTo("signer", VALIDATORS_MAX - 1)
const digest = hexFixed(32, Digest32)
const signature = refine(bytes(SIGNATURE_BYTES_MAX), SignatureBytes, (b) => (b.length === 0 ? "an empty signature" : undefined))

const proposal = struct("Proposal", Proposal, { view, parent_view: view, payload: digest })
const voteSignature = struct("VoteSignature", VoteSignature, { signer, signature })
const votes = vec(voteSignature, { count: "varint", min: 0, max: VALIDATORS_MAX })
const executionItem = struct("ExecutionItem", ExecutionItem, { height: view, state_root: digest, events_root: digest })

export const CONSENSUS_MESSAGE_CODEC = taggedUnion("ConsensusMessage", ConsensusMessage, [
  { code: 0, tag: "Notarize", fields: { proposal, signer, signature, seed_share: signature } },
  { code: 1, tag: "Nullify", fields: { view, signer, signature, seed_share: signature } },
  { code: 2, tag: "Finalize", fields: { proposal, signer, signature } },
  { code: 3, tag: "Notarization", fields: { proposal, votes, seed: signature } },
  { code: 4, tag: "Nullification", fields: { view, votes, seed: signature } },
  { code: 5, tag: "Finalization", fields: { proposal, votes, seed: signature } },
  { code: 6, tag: "Fetch", fields: { view } },
  { code: 7, tag: "ExecAck", fields: { item: executionItem, signer, signature } }
])

/** a consensus message narrowed to the tags of `schema` (decoding any other tag is a failure) */
const narrowed = <A extends ConsensusMessageType, I>(name: string, schema: Schema.Schema<A, I, never>, domain: Schema.Schema.AnyNoContext): Codec<A> => {
  const is = Schema.is(schema)
  return makeCodec({
    name,
    domain,
    is,
    write: (w, a) => CONSENSUS_MESSAGE_CODEC.write(w, a),
    read: (r) => {
      const at = r.offset
      const m = CONSENSUS_MESSAGE_CODEC.read(r)
      if (!is(m)) throw decodeFailure(`${name}: a ${m._tag} is not allowed here`, at)
      return m
    }
  })
}
const tagDomain = (tag: string): Schema.Schema.AnyNoContext => {
  const d = CONSENSUS_MESSAGE_CODEC.tagDomains.get(tag)
  if (d === undefined) throw new TypeError(`no ${tag} in the consensus message table`)
  return d
}

export const OwnVote = Schema.Union(Notarize, Nullify, Finalize, ExecAck)
export type OwnVote = typeof OwnVote.Type
const ownVote = narrowed("vote", OwnVote, Schema.Union(...["Notarize", "Nullify", "Finalize", "ExecAck"].map(tagDomain)))
export const CERTIFICATE_CODEC = narrowed("certificate", Certificate, Schema.Union(...["Notarization", "Nullification", "Finalization"].map(tagDomain)))

/** the Schema of machine.ts's WalRecord (the machine declares the type; this is its wire form) */
export const WalRecord = Schema.Union(
  Schema.TaggedStruct("Voted", { vote: OwnVote }),
  Schema.TaggedStruct("Certified", { certificate: Certificate }),
  Schema.TaggedStruct("FinalizedTip", { height: Schema.Int.pipe(Schema.between(0, Number.MAX_SAFE_INTEGER)), view: Schema.Int.pipe(Schema.between(0, Number.MAX_SAFE_INTEGER)), payload: Digest32 })
)
export type WalRecord = typeof WalRecord.Type

export const WAL_RECORD_CODEC = taggedUnion("WalRecord", WalRecord, [
  { code: 0, tag: "Voted", fields: { vote: ownVote } },
  { code: 1, tag: "Certified", fields: { certificate: CERTIFICATE_CODEC } },
  { code: 2, tag: "FinalizedTip", fields: { height: view, view, payload: digest } }
])

export const EXECUTION_CERTIFICATE_CODEC = taggedUnion("ExecutionCertificate", ExecutionCertificate, [
  { code: 0, tag: "ExecutionCertificate", fields: { item: executionItem, signatures: votes } }
])

// the machine's WalRecord and this Schema's type are the same shape, both ways
const toMachine = (r: WalRecord): MachineWalRecord => r
const fromMachine = (r: MachineWalRecord): WalRecord => r
void toMachine
void fromMachine

const CAPACITY_BYTES = 256

export const encodeConsensusMessage = (m: ConsensusMessageType): Uint8Array => encode(CONSENSUS_MESSAGE_CODEC, m, CAPACITY_BYTES)
export const decodeConsensusMessageBytes = (b: Uint8Array): ConsensusMessageType | DecodeFailure => decodeEither(CONSENSUS_MESSAGE_CODEC, b)
export const encodeCertificate = (c: CertificateType): Uint8Array => encode(CERTIFICATE_CODEC, c, CAPACITY_BYTES)
export const decodeCertificateBytes = (b: Uint8Array): CertificateType | DecodeFailure => decodeEither(CERTIFICATE_CODEC, b)
export const encodeWalRecord = (r: MachineWalRecord): Uint8Array => encode(WAL_RECORD_CODEC, r, CAPACITY_BYTES)
export const decodeWalRecord = (b: Uint8Array): WalRecord | DecodeFailure => decodeEither(WAL_RECORD_CODEC, b)
export const encodeExecutionCertificate = (c: ExecutionCertificate): Uint8Array => encode(EXECUTION_CERTIFICATE_CODEC, c, CAPACITY_BYTES)
export const decodeExecutionCertificate = (b: Uint8Array): ExecutionCertificate | DecodeFailure => decodeEither(EXECUTION_CERTIFICATE_CODEC, b)
