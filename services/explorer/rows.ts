/**
 * A finalized block as the explorer's rows. Everything comes from the engine's own outputs and
 * codecs: the transaction's wire bytes (TRANSACTION_CODEC), its output bytes (the events-root leaf
 * bytes, txOutputBytes), the accounts an output names (the signer and engine eventSubject) and the
 * game sessions it touches (events carrying a session id). Nothing here decides a rule.
 */
import { encodeTransaction } from "../../engine/tx/transaction.ts"
import { txOutputBytes } from "../../engine/execute/events-root.ts"
import { eventSubject, type Event } from "../../engine/events.ts"
import type { FinalizedBlock } from "../node/proposer.ts"
import type { SqlValue } from "./sql.ts"

export interface BlockRows {
  readonly height: bigint
  readonly digest: string
  readonly block: ReadonlyArray<SqlValue>
  readonly txs: ReadonlyArray<ReadonlyArray<SqlValue>>
  readonly accounts: ReadonlyArray<ReadonlyArray<SqlValue>>
  readonly sessions: ReadonlyArray<ReadonlyArray<SqlValue>>
}

export const BLOCK_COLUMNS = ["height", "view", "digest", "parent", "state_root", "events_root", "seed", "tx_count", "indexed_at_ms"] as const
export const TX_COLUMNS = ["height", "position", "tx_id", "signer", "nonce", "instruction", "status", "error_tag", "error_code", "error_message", "tx_bytes", "output_bytes"] as const
export const ACCOUNT_COLUMNS = ["public_key", "height", "position", "signer"] as const
export const SESSION_COLUMNS = ["session_id", "height", "position", "player"] as const

/** the game session an event is about, if any */
export const sessionOf = (e: Event): bigint | null => ("session_id" in e && typeof e.session_id === "bigint" ? e.session_id : null)

export const blockRows = (fb: FinalizedBlock, indexed_at_ms: number): BlockRows => {
  const { block, result } = fb
  const h = block.height.toString()
  const txs: SqlValue[][] = []
  const accounts: SqlValue[][] = []
  const sessions: SqlValue[][] = []
  for (const [i, tx] of block.transactions.entries()) {
    const o = result.outputs[i]
    if (o === undefined) continue
    txs.push([h, i, o.tx_id, tx.public_key, tx.nonce.toString(), o.instruction, o.status, o.error?.tag ?? null, o.error?.code ?? null, o.error?.message ?? null, encodeTransaction(tx), txOutputBytes(o)])
    const named = new Set<string>([tx.public_key])
    accounts.push([tx.public_key, h, i, true])
    const touched = new Map<bigint, string>()
    for (const e of o.events) {
      const subject = eventSubject(e)
      if (subject !== null && !named.has(subject)) {
        named.add(subject)
        accounts.push([subject, h, i, false])
      }
      const s = sessionOf(e)
      if (s !== null && !touched.has(s)) touched.set(s, subject ?? tx.public_key)
    }
    for (const [s, player] of touched) sessions.push([s.toString(), h, i, player])
  }
  return {
    height: block.height,
    digest: result.digest,
    block: [h, block.view.toString(), result.digest, block.parent, result.state_root, result.events_root, block.seed, block.transactions.length, String(indexed_at_ms)],
    txs,
    accounts,
    sessions
  }
}
