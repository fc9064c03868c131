/**
 * What executing a block produces: per transaction, its status and events; then (chain mode) the
 * new state root (state/auth/) and the events root over the outputs (execute/events-root.ts).
 */
import { Schema } from "effect"
import { Event } from "../events.ts"
import { DigestHex, PublicKey, U64 } from "../schema/primitives.ts"

export const TxStatus = Schema.Literal("applied", "failed", "skipped")

export const TxOutput = Schema.Struct({
  tx_id: DigestHex,
  signer: PublicKey,
  nonce: U64,
  instruction: Schema.String,
  /** applied: the instruction ran; failed: it was rejected (nonce consumed, nothing else changed);
   *  skipped: the nonce did not match (nothing changed at all) */
  status: TxStatus,
  error: Schema.NullOr(Schema.Struct({ tag: Schema.String, code: Schema.Number, message: Schema.String })),
  events: Schema.Array(Event)
})
export type TxOutput = typeof TxOutput.Type

/** a block's execution without its state root (simulation mode: roots at checkpoints) */
export const BlockExecution = Schema.Struct({
  height: U64,
  view: U64,
  digest: DigestHex,
  outputs: Schema.Array(TxOutput)
})
export type BlockExecution = typeof BlockExecution.Type

export const BlockResult = Schema.Struct({
  height: U64,
  view: U64,
  digest: DigestHex,
  state_root: DigestHex,
  events_root: DigestHex,
  outputs: Schema.Array(TxOutput)
})
export type BlockResult = typeof BlockResult.Type
