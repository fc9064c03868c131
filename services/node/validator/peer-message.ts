/**
 * What validators send each other over a peer connection (transport.ts), one frame each, as an
 * exact binary codec (engine/codec combinators; trailing bytes and unknown codes are DecodeFailures):
 * 0 Challenge(index u8, nonce 32)   — sent first by both sides of a connection
 * 1 Auth(index u8, signature 64)    — ed25519 over NS_PEER ‖ the other side's nonce
 * 2 Consensus(bytes)                — a ConsensusMessage (engine/consensus/wire.ts)
 * 3 Body(bytes)                     — a block body (encodeBlock, seed empty), the leader's proposal payload
 * 4 BodyRequest(digest 32)          — fetch a missing body by its digest
 * 5 SyncRequest(from_height varint) — catch-up: finalized blocks from this height (a bounded batch is answered)
 * 6 SyncBlock(block bytes, certificate bytes) — a finalized block (with its seed) and a finalization of it or of a descendant
 * 7 Transactions(bytes)             — encoded transactions gossiped from the node they were submitted to
 * 8 ExecCertRequest(height varint)  — fetch the execution certificate of an executed height this node lacks
 * 9 ExecCert(certificate bytes)     — an execution certificate (engine/consensus/wire.ts), the answer
 */
import { Schema } from "effect"
import { DecodeFailure } from "../../../engine/codec/bytes.ts"
import { decodeEither, encode } from "../../../engine/codec/codec.ts"
import { bytesU32, hexFixed, u8 } from "../../../engine/codec/primitives.ts"
import { taggedUnion } from "../../../engine/codec/union.ts"
import { Digest32 } from "../../../engine/consensus/messages.ts"
import { makeCodec } from "../../../engine/codec/codec.ts"

export const NS_PEER = "_NULLSPACE_PEER"
/** the largest frame a peer may send (a block of 500 transactions with its certificate fits) */
export const PEER_FRAME_BYTES_MAX = 2_097_152
const BODY_BYTES_MAX = PEER_FRAME_BYTES_MAX - 64

const Bytes = Schema.Uint8ArrayFromSelf
const Index = Schema.Int.pipe(Schema.between(0, 255))
const Height = Schema.Int.pipe(Schema.between(0, Number.MAX_SAFE_INTEGER))
const fixedBytes = (size: number) =>
  makeCodec<Uint8Array>({
    name: `${size} bytes`,
    domain: Bytes.pipe(
      Schema.filter((b) => b.length === size),
      Schema.annotations({ arbitrary: () => (fc) => fc.uint8Array({ minLength: size, maxLength: size }) })
    ),
    is: (u): u is Uint8Array => u instanceof Uint8Array && u.length === size,
    write: (w, a) => {
      if (a.length !== size) throw new RangeError(`${size} bytes required`)
      w.raw(a)
    },
    read: (r) => r.raw(size)
  })
const height = makeCodec<number>({
  name: "height",
  domain: Height,
  is: (u): u is number => typeof u === "number" && Number.isInteger(u) && u >= 0 && u <= Number.MAX_SAFE_INTEGER,
  write: (w, a) => void w.varint(a),
  read: (r) => r.length(Number.MAX_SAFE_INTEGER)
})

export const PeerMessage = Schema.Union(
  Schema.TaggedStruct("Challenge", { index: Index, nonce: Bytes }),
  Schema.TaggedStruct("Auth", { index: Index, signature: Bytes }),
  Schema.TaggedStruct("Consensus", { message: Bytes }),
  Schema.TaggedStruct("Body", { block: Bytes }),
  Schema.TaggedStruct("BodyRequest", { digest: Digest32 }),
  Schema.TaggedStruct("SyncRequest", { from_height: Height }),
  Schema.TaggedStruct("SyncBlock", { block: Bytes, certificate: Bytes }),
  Schema.TaggedStruct("Transactions", { transactions: Bytes }),
  Schema.TaggedStruct("ExecCertRequest", { height: Height }),
  Schema.TaggedStruct("ExecCert", { certificate: Bytes })
)
export type PeerMessage = typeof PeerMessage.Type

const body = bytesU32(BODY_BYTES_MAX)
export const PEER_MESSAGE_CODEC = taggedUnion("PeerMessage", PeerMessage, [
  { code: 0, tag: "Challenge", fields: { index: u8, nonce: fixedBytes(32) } },
  { code: 1, tag: "Auth", fields: { index: u8, signature: fixedBytes(64) } },
  { code: 2, tag: "Consensus", fields: { message: body } },
  { code: 3, tag: "Body", fields: { block: body } },
  { code: 4, tag: "BodyRequest", fields: { digest: hexFixed(32, Digest32) } },
  { code: 5, tag: "SyncRequest", fields: { from_height: height } },
  { code: 6, tag: "SyncBlock", fields: { block: body, certificate: body } },
  { code: 7, tag: "Transactions", fields: { transactions: body } },
  { code: 8, tag: "ExecCertRequest", fields: { height } },
  { code: 9, tag: "ExecCert", fields: { certificate: body } }
])

export const encodePeerMessage = (m: PeerMessage): Uint8Array => encode(PEER_MESSAGE_CODEC, m, 256)
export const decodePeerMessage = (b: Uint8Array): PeerMessage | DecodeFailure => decodeEither(PEER_MESSAGE_CODEC, b)
