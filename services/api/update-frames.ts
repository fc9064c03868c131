/**
 * JSON frames of the /updates stream, one per finalized block:
 *   {"height","view","digest","state_root","events":[…],"transactions":[…]}
 * Events are Schema-encoded engine events in block order; transactions summarise each output
 * (id, signer, nonce, instruction, status, error). With an account filter a frame keeps only the
 * events whose subject (engine eventSubject) is that account and that account's own transactions;
 * a block with neither yields no frame. With a session filter a frame keeps the events carrying
 * that session id and the transactions that emitted them. Frames are built once per block and
 * filter, then shared.
 */
import { Schema } from "effect"
import { Event, eventSubject } from "../../engine/events.ts"
import type { PublicKey } from "../../engine/schema/primitives.ts"
import type { FinalizedBlock } from "../node/proposer.ts"

const encodeEvent = Schema.encodeSync(Event)

interface EncodedEvent {
  readonly subject: PublicKey | null
  /** the game session the event is about, if any */
  readonly session: bigint | null
  readonly json: unknown
}

const sessionOf = (e: Event): bigint | null => ("session_id" in e && typeof e.session_id === "bigint" ? e.session_id : null)

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
  /** the frame for one game session, or null when the block has nothing for it */
  readonly forSession: (session_id: bigint) => string | null
}

export const blockFrames = (fb: FinalizedBlock): BlockFrames => {
  const r = fb.result
  const events: EncodedEvent[] = []
  const txs: TxSummary[] = []
  const bySession = new Map<bigint, { ev: EncodedEvent[]; tx: TxSummary[] }>()
  for (const o of r.outputs) {
    const tx: TxSummary = {
      signer: o.signer,
      json: { tx_id: o.tx_id, signer: o.signer, nonce: o.nonce.toString(), instruction: o.instruction, status: o.status, error: o.error }
    }
    txs.push(tx)
    for (const e of o.events) {
      const encoded: EncodedEvent = { subject: eventSubject(e), session: sessionOf(e), json: encodeEvent(e) }
      events.push(encoded)
      if (encoded.session === null) continue
      let s = bySession.get(encoded.session)
      if (s === undefined) bySession.set(encoded.session, (s = { ev: [], tx: [] }))
      s.ev.push(encoded)
      if (s.tx[s.tx.length - 1] !== tx) s.tx.push(tx)
    }
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
    },
    forSession: (session_id) => {
      const s = bySession.get(session_id)
      return s === undefined ? null : frame(s.ev, s.tx)
    }
  }
}
