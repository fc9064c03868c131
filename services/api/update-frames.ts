/**
 * JSON frames of the /updates stream, one per finalized block:
 *   {"height","view","digest","state_root","events":[…],"transactions":[…]}
 * Events are Schema-encoded engine events in block order; transactions summarise each output
 * (id, signer, nonce, instruction, status, error). With an account filter a frame keeps only the
 * events whose subject (engine eventSubject) is that account and that account's own transactions;
 * a block with neither yields no frame. Frames are built once per block and filter, then shared.
 */
import { Schema } from "effect"
import { Event, eventSubject } from "../../engine/events.ts"
import type { PublicKey } from "../../engine/schema/primitives.ts"
import type { FinalizedBlock } from "../node/proposer.ts"

const encodeEvent = Schema.encodeSync(Event)

interface EncodedEvent {
  readonly subject: PublicKey | null
  readonly json: unknown
}

interface TxSummary {
  readonly signer: PublicKey
  readonly json: unknown
}

export interface BlockFrames {
  readonly height: bigint
  /** the unfiltered frame */
  readonly all: () => string
  /** the frame for one account, or null when the block has nothing for it */
  readonly forAccount: (account: PublicKey) => string | null
}

export const blockFrames = (fb: FinalizedBlock): BlockFrames => {
  const r = fb.result
  const events: EncodedEvent[] = []
  const txs: TxSummary[] = []
  for (const o of r.outputs) {
    for (const e of o.events) events.push({ subject: eventSubject(e), json: encodeEvent(e) })
    txs.push({
      signer: o.signer,
      json: { tx_id: o.tx_id, signer: o.signer, nonce: o.nonce.toString(), instruction: o.instruction, status: o.status, error: o.error }
    })
  }
  const frame = (ev: ReadonlyArray<EncodedEvent>, tx: ReadonlyArray<TxSummary>): string =>
    JSON.stringify({
      height: r.height.toString(),
      view: r.view.toString(),
      digest: r.digest,
      state_root: r.state_root,
      events: ev.map((e) => e.json),
      transactions: tx.map((t) => t.json)
    })
  let all: string | undefined
  let index: Map<PublicKey, { ev: EncodedEvent[]; tx: TxSummary[] }> | undefined
  const indexed = () => {
    if (index !== undefined) return index
    const m = new Map<PublicKey, { ev: EncodedEvent[]; tx: TxSummary[] }>()
    const slot = (pk: PublicKey) => {
      let s = m.get(pk)
      if (s === undefined) m.set(pk, (s = { ev: [], tx: [] }))
      return s
    }
    for (const e of events) if (e.subject !== null) slot(e.subject).ev.push(e)
    for (const t of txs) slot(t.signer).tx.push(t)
    return (index = m)
  }
  const byAccount = new Map<PublicKey, string>()
  return {
    height: r.height,
    all: () => (all ??= frame(events, txs)),
    forAccount: (account) => {
      const hit = byAccount.get(account)
      if (hit !== undefined) return hit
      const s = indexed().get(account)
      if (s === undefined) return null
      const f = frame(s.ev, s.tx)
      byAccount.set(account, f)
      return f
    }
  }
}
