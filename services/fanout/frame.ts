/**
 * What indexers send each other (docs/fanout.md): one JSON frame per delivered update or admitted
 * submission, stamped with the publishing indexer's origin id, a per-process epoch and a sequence
 * number that increases by one per frame of that (origin, epoch):
 *
 *   {"_tag":"update", "origin", "epoch", "seq", "key", "payload": BlockUpdate}
 *   {"_tag":"pending","origin", "epoch", "seq", "key", "payload": PendingBatch}
 *
 * `key` names the content (an update: height, block digest and events root; a pending batch: the
 * SHA-256 of its transaction ids), so two indexers that saw the same block publish the same key and
 * a receiver delivers it once. A BlockUpdate carries the executed block (engine BlockResult) and the
 * certificate references the publisher held; a receiver rebuilds the same verifiable client frames
 * from it (services/api/update-frames.ts).
 */
import { createHash } from "node:crypto"
import { Either, Schema } from "effect"
import { MAX_TRANSACTIONS_PER_SUBMISSION } from "../../engine/chain/constants.ts"
import { BlockResult } from "../../engine/execute/output.ts"
import { DigestHex, PublicKey, U64 } from "../../engine/schema/primitives.ts"
import { FanoutFrameMalformed, FanoutFrameTooLarge } from "./errors.ts"

/** certificate bytes as lowercase hex (bounded) */
const CertificateHex = Schema.String.pipe(Schema.pattern(/^(?:[0-9a-f]{2})*$/), Schema.maxLength(65_536))

export const BlockUpdate = Schema.Struct({
  result: BlockResult,
  /** the execution certificate of the height (hex), when a quorum had signed it at publish time */
  execution_certificate: Schema.NullOr(CertificateHex),
  /** the finalization certificate of the block's view (hex), when the node holds one */
  finalization: Schema.NullOr(CertificateHex)
})
export type BlockUpdate = typeof BlockUpdate.Type

/** one admitted transaction as the mempool feed shows it; `tx` is its exact encoding (signature included) */
export const PendingTx = Schema.Struct({
  tx_id: DigestHex,
  signer: PublicKey,
  nonce: U64,
  instruction: Schema.String.pipe(Schema.maxLength(64)),
  tx: Schema.String.pipe(Schema.pattern(/^(?:[0-9a-f]{2})*$/), Schema.maxLength(2 * 1_048_576))
})
export type PendingTx = typeof PendingTx.Type

export const PendingBatch = Schema.Struct({
  transactions: Schema.Array(PendingTx).pipe(Schema.minItems(1), Schema.maxItems(MAX_TRANSACTIONS_PER_SUBMISSION))
})
export type PendingBatch = typeof PendingBatch.Type

/** an indexer's id on the fanout: configured (`--fanout-origin`) or a random UUID per process */
export const OriginId = Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9._:-]{1,64}$/))
const Epoch = Schema.String.pipe(Schema.pattern(/^[0-9a-f]{16}$/))
const Seq = Schema.Int.pipe(Schema.between(0, Number.MAX_SAFE_INTEGER))
const Key = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200))
const Stamp = { origin: OriginId, epoch: Epoch, seq: Seq, key: Key }

export const UpdateFrame = Schema.TaggedStruct("update", { ...Stamp, payload: BlockUpdate })
export const PendingFrame = Schema.TaggedStruct("pending", { ...Stamp, payload: PendingBatch })
export const FanoutFrame = Schema.Union(UpdateFrame, PendingFrame)
export type FanoutFrame = typeof FanoutFrame.Type
export type FanoutBody = { readonly _tag: "update"; readonly payload: BlockUpdate } | { readonly _tag: "pending"; readonly payload: PendingBatch }

/** the content key of a block update: same block, same execution ⇒ same key */
export const updateKey = (r: Pick<BlockResult, "height" | "digest" | "events_root">): string => `update:${r.height}:${r.digest}:${r.events_root}`

/** the content key of an admitted batch */
export const pendingKey = (tx_ids: ReadonlyArray<string>): string => {
  const h = createHash("sha256")
  for (const id of tx_ids) h.update(id)
  return `pending:${h.digest("hex")}`
}

const FrameJson = Schema.parseJson(FanoutFrame)
const encodeJson = Schema.encodeEither(FrameJson)
const decodeJson = Schema.decodeUnknownEither(FrameJson)

export const encodeFrame = (frame: FanoutFrame, max_bytes: number): string | FanoutFrameTooLarge | FanoutFrameMalformed => {
  const text = encodeJson(frame)
  if (Either.isLeft(text)) return new FanoutFrameMalformed({ message: `frame does not encode: ${text.left.message.slice(0, 200)}` })
  const bytes = Buffer.byteLength(text.right)
  return bytes > max_bytes ? new FanoutFrameTooLarge({ message: `frame of ${bytes} bytes exceeds ${max_bytes}`, bytes }) : text.right
}

export const decodeFrame = (text: string, max_bytes: number): FanoutFrame | FanoutFrameTooLarge | FanoutFrameMalformed => {
  const bytes = Buffer.byteLength(text)
  if (bytes > max_bytes) return new FanoutFrameTooLarge({ message: `received frame of ${bytes} bytes exceeds ${max_bytes}`, bytes })
  const d = decodeJson(text)
  return Either.isLeft(d) ? new FanoutFrameMalformed({ message: `not a fanout frame: ${d.left.message.slice(0, 200)}` }) : d.right
}
