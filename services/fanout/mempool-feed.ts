/**
 * `MempoolFeed`: admitted pending transactions for the WebSocket `/mempool` (chain-and-services.md
 * §3.2–3.4, JSON form). Submit reports every admitted batch here once; the feed builds its frame
 *   {"transactions":[{"tx_id","signer","nonce","instruction","tx"}]}
 * (`tx` the exact encoding with its signature, so a client can check it), claims the batch's key
 * with the fanout so it is delivered once, hands it to the /updates hub's listener and publishes it
 * to the other indexers. Batches other indexers admitted reach the hub through the fanout.
 */
import { Context, Effect, Layer } from "effect"
import { toHex } from "../../engine/codec/bytes.ts"
import { DigestHex } from "../../engine/schema/primitives.ts"
import { encodeTransaction, transactionId, type Transaction } from "../../engine/tx/transaction.ts"
import { LogSink } from "../log.ts"
import { pendingKey, type PendingBatch } from "./frame.ts"
import { UpdateFanout } from "./fanout.ts"

/** listeners the feed holds (the hub registers one; embedders a few) */
export const MEMPOOL_LISTENERS_MAX = 16

export interface MempoolFeedShape {
  /** a submission was admitted here (called once per accepted /submit) */
  readonly admitted: (txs: ReadonlyArray<Transaction>, tx_ids: ReadonlyArray<string>) => Effect.Effect<void>
  /** be told of every batch delivered here, local or remote, with its client frame; returns the unsubscribe */
  readonly listen: (listener: (batch: PendingBatch, frame: string) => void) => () => void
  /** a batch that arrived through the fanout (already de-duplicated there) */
  readonly remote: (batch: PendingBatch) => void
}

export class MempoolFeed extends Context.Tag("nullspace/services/MempoolFeed")<MempoolFeed, MempoolFeedShape>() {}

export const pendingFrameJson = (batch: PendingBatch): string =>
  JSON.stringify({ transactions: batch.transactions.map((t) => ({ tx_id: t.tx_id, signer: t.signer, nonce: t.nonce.toString(), instruction: t.instruction, tx: t.tx })) })

export const pendingBatchOf = (txs: ReadonlyArray<Transaction>, tx_ids: ReadonlyArray<string>): PendingBatch => ({
  transactions: txs.map((tx, i) => ({
    tx_id: DigestHex.make(tx_ids[i] ?? transactionId(tx)),
    signer: tx.public_key,
    nonce: tx.nonce,
    instruction: tx.instruction._tag,
    tx: toHex(encodeTransaction(tx))
  }))
})

export const MempoolFeedLive = Layer.effect(
  MempoolFeed,
  Effect.gen(function* () {
    const fanout = yield* UpdateFanout
    const log = yield* LogSink
    const listeners = new Set<(batch: PendingBatch, frame: string) => void>()
    const deliver = (batch: PendingBatch) => {
      if (listeners.size === 0) return
      const frame = pendingFrameJson(batch)
      for (const l of listeners) {
        try {
          l(batch, frame)
        } catch (e) {
          log.write({ level: "error", msg: "mempool listener threw", error: e instanceof Error ? e.message : String(e) })
        }
      }
    }
    return {
      admitted: (txs, tx_ids) =>
        Effect.suspend(() => {
          if (txs.length === 0) return Effect.void
          const key = pendingKey(tx_ids)
          if (!fanout.claim(key)) return Effect.void
          const batch = pendingBatchOf(txs, tx_ids)
          deliver(batch)
          return fanout.publish(key, { _tag: "pending", payload: batch })
        }),
      listen: (listener) => {
        if (listeners.size >= MEMPOOL_LISTENERS_MAX) throw new RangeError(`the mempool feed holds at most ${MEMPOOL_LISTENERS_MAX} listeners`)
        listeners.add(listener)
        return () => void listeners.delete(listener)
      },
      remote: deliver
    }
  })
)
