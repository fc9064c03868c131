/**
 * JSON frames of the /updates stream, one per finalized block:
 *   {"height","view","digest","state_root","events_root","events":[…],"transactions":[…],
 *    "proof":{"outputs":[{"index","output","proof"}],"execution_certificate","finalization"}}
 * Events are Schema-encoded engine events in block order; transactions summarise each output
 * (index, id, signer, nonce, instruction, status, error). With an account filter a frame keeps only the
 * events whose subject (engine eventSubject) is that account and that account's own transactions;
 * a block with neither yields no frame. With a session filter a frame keeps the events carrying
 * that session id and the transactions that emitted them. Frames are built once per block and
 * filter, then shared.
 * Verifiable (services/verify/update-frame.ts): `proof.outputs` holds, for every output the frame
 * draws on, its exact output bytes and its events proof (engine proveEventsMany) against
 * `events_root`; the certificates are the height's execution certificate and the view's
 * finalization when the node held them (hex, else null: the dev chain certifies nothing).
 * Frames are built from a BlockUpdate (services/fanout/frame.ts), so an indexer builds the same
 * frames for a block it executed and for one another indexer published.
 */
import { Schema } from "effect"
import { toHex } from "../../engine/codec/bytes.ts"
import { Event, eventSubject } from "../../engine/events.ts"
import { encodeEventsProof } from "../../engine/execute/events-proof.ts"
import { proveEventsMany, txOutputBytes } from "../../engine/execute/events-root.ts"
import type { PublicKey } from "../../engine/schema/primitives.ts"
import type { BlockUpdate } from "../fanout/frame.ts"

const encodeEvent = Schema.encodeSync(Event)

interface EncodedEvent {
  /** the output that emitted it */
  readonly index: number
  readonly subject: PublicKey | null
  /** the game session the event is about, if any */
  readonly session: bigint | null
  readonly json: unknown
}

const sessionOf = (e: Event): bigint | null => ("session_id" in e && typeof e.session_id === "bigint" ? e.session_id : null)

interface TxSummary {
  readonly index: number
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

export const blockFrames = (update: BlockUpdate): BlockFrames => {
  const r = update.result
  const events: EncodedEvent[] = []
  const txs: TxSummary[] = []
  const bySession = new Map<bigint, { ev: EncodedEvent[]; tx: TxSummary[] }>()
  for (const [index, o] of r.outputs.entries()) {
    const tx: TxSummary = {
      index,
      signer: o.signer,
      json: { index, tx_id: o.tx_id, signer: o.signer, nonce: o.nonce.toString(), instruction: o.instruction, status: o.status, error: o.error }
    }
    txs.push(tx)
    for (const e of o.events) {
      const encoded: EncodedEvent = { index, subject: eventSubject(e), session: sessionOf(e), json: encodeEvent(e) }
      events.push(encoded)
      if (encoded.session === null) continue
      let s = bySession.get(encoded.session)
      if (s === undefined) bySession.set(encoded.session, (s = { ev: [], tx: [] }))
      s.ev.push(encoded)
      if (s.tx[s.tx.length - 1] !== tx) s.tx.push(tx)
    }
  }
  // every output's bytes and events proof, built once per block when a first frame needs them
  let proven: ReadonlyArray<{ readonly index: number; readonly output: string; readonly proof: string }> | undefined
  const provenOutputs = () =>
    (proven ??= proveEventsMany(
      r.outputs,
      r.outputs.map((_, i) => i)
    ).map((p, i) => ({ index: i, output: toHex(txOutputBytes(r.outputs[i]!)), proof: toHex(encodeEventsProof(p)) })))
  const frame = (ev: ReadonlyArray<EncodedEvent>, tx: ReadonlyArray<TxSummary>): string => {
    const used = new Set<number>()
    for (const e of ev) used.add(e.index)
    for (const t of tx) used.add(t.index)
    const all_outputs = provenOutputs()
    return JSON.stringify({
      height: r.height.toString(),
      view: r.view.toString(),
      digest: r.digest,
      state_root: r.state_root,
      events_root: r.events_root,
      events: ev.map((e) => e.json),
      transactions: tx.map((t) => t.json),
      proof: {
        outputs: [...used].sort((a, b) => a - b).flatMap((i) => all_outputs[i] ?? []),
        execution_certificate: update.execution_certificate,
        finalization: update.finalization
      }
    })
  }
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
