/**
 * The proof that one transaction output (its tx id, status and events) is in a block's events
 * root (events-root.ts), and its standalone verifier (no engine state): the RFC 9162 §2.1.3.2
 * audit-path check with the events tags, then the root's binding of the output count.
 *
 * Wire format (exact): u32 index ‖ u32 count ‖ varint sibling count ≤ 32 ‖ 32-byte siblings,
 * leaf to root; index < count ≤ 65,536. A malformed proof is a ProofMalformed (code 120).
 */
import { Either, Schema } from "effect"
import { ByteReader, ByteWriter, DecodeFailure, bytesEqual, decodeFailure } from "../codec/bytes.ts"
import { makeCodec, type Codec } from "../codec/codec.ts"
import { ProofMalformed } from "../errors.ts"
import { eventsLeafHash, eventsNodeHash, eventsRootOf, txOutputBytes, type EventsPath } from "./events-root.ts"
import type { TxOutput } from "./output.ts"

/** a proof's output count bound (far above MAX_TRANSACTIONS_PER_BLOCK) and so its path length */
export const EVENTS_COUNT_MAX = 65_536
export const EVENTS_PATH_MAX = 32

const Digest = Schema.Uint8ArrayFromSelf.pipe(
  Schema.filter((b) => b.length === 32, { message: () => "a 32-byte digest" }),
  Schema.annotations({ arbitrary: () => (fc) => fc.uint8Array({ minLength: 32, maxLength: 32 }) })
)

export const EventsProof = Schema.Struct({
  index: Schema.Int.pipe(Schema.between(0, EVENTS_COUNT_MAX - 1)),
  count: Schema.Int.pipe(Schema.between(1, EVENTS_COUNT_MAX)),
  siblings: Schema.Array(Digest).pipe(Schema.maxItems(EVENTS_PATH_MAX))
}).pipe(Schema.filter((p) => p.index < p.count, { message: () => "index < count" }))
export type EventsProof = typeof EventsProof.Type

const isEventsProof = Schema.is(EventsProof)

export const EVENTS_PROOF_CODEC: Codec<EventsProof> = makeCodec({
  name: "events proof",
  domain: EventsProof,
  is: isEventsProof,
  write: (w, p) => {
    w.u32(p.index).u32(p.count).varint(p.siblings.length)
    for (const s of p.siblings) w.raw(s)
  },
  read: (r) => {
    const at = r.offset
    const index = r.u32()
    const count = r.u32()
    if (count < 1 || count > EVENTS_COUNT_MAX || index >= count) throw decodeFailure(`index ${index} of ${count} outputs`, at)
    const n = r.length(EVENTS_PATH_MAX)
    const siblings: Uint8Array[] = []
    for (let i = 0; i < n; i++) siblings.push(r.raw(32))
    return { index, count, siblings }
  }
})

export const encodeEventsProof = (p: EventsPath): Uint8Array => {
  const w = new ByteWriter(9 + 32 * p.siblings.length)
  EVENTS_PROOF_CODEC.write(w, p)
  return w.finish()
}

export const decodeEventsProof = (bytes: Uint8Array): Either.Either<EventsProof, ProofMalformed> => {
  try {
    const r = new ByteReader(bytes)
    const p = EVENTS_PROOF_CODEC.read(r)
    r.end()
    return Either.right(p)
  } catch (e) {
    if (e instanceof DecodeFailure) return Either.left(new ProofMalformed({ message: `events proof: ${e.reason}`, offset: e.offset }))
    throw e
  }
}

/** does `proof` show that `output` is output `proof.index` of the block whose events root is `root`? */
export const verifyEventsProofBytes = (root: Uint8Array, outputBytes: Uint8Array, proof: EventsPath): boolean => {
  const { index, count, siblings } = proof
  if (!Number.isInteger(index) || !Number.isInteger(count) || index < 0 || index >= count || count > EVENTS_COUNT_MAX) return false
  if (siblings.length > EVENTS_PATH_MAX) return false
  let fn = index
  let sn = count - 1
  let r = eventsLeafHash(outputBytes)
  for (const p of siblings) {
    if (p.length !== 32 || sn === 0) return false
    if ((fn & 1) === 1 || fn === sn) {
      r = eventsNodeHash(p, r)
      while ((fn & 1) === 0 && fn !== 0) {
        fn >>= 1
        sn >>= 1
      }
    } else r = eventsNodeHash(r, p)
    fn >>= 1
    sn >>= 1
  }
  return sn === 0 && bytesEqual(eventsRootOf(count, r), root)
}

export const verifyEventsProof = (root: Uint8Array, output: TxOutput, proof: EventsPath): boolean =>
  verifyEventsProofBytes(root, txOutputBytes(output), proof)
