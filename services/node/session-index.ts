/**
 * Where each game session's transactions were executed: per session id, the height and block
 * position of its StartGame and of every applied move, with the output's bytes and events proof
 * computed while the block's outputs are at hand (one tree per block, events-root.ts). Fed every
 * executed block in order, by the validator's one bookkeeping path for executed blocks
 * (validator.ts recordExecuted): live ones and those replayed from blocks.log at startup, so
 * sessions played before a restart are indexed again; bounded: at most SESSIONS_INDEXED_MAX sessions (the oldest started is
 * forgotten first) and SESSION_STEPS_MAX steps each.
 */
import type { Block } from "../../engine/block.ts"
import { encodeEventsProof } from "../../engine/execute/events-proof.ts"
import { proveEventsMany, txOutputBytes } from "../../engine/execute/events-root.ts"
import type { BlockResult } from "../../engine/execute/output.ts"
import { BUNDLE_STEPS_MAX } from "../verify/bundle.ts"

export const SESSIONS_INDEXED_MAX = 100_000
export const SESSION_STEPS_MAX = BUNDLE_STEPS_MAX

export interface IndexedStep {
  readonly height: bigint
  readonly tx_index: number
  readonly output: Uint8Array
  readonly events_proof: Uint8Array
  readonly state_root: string
  readonly events_root: string
}

export class SessionIndex {
  private readonly sessions = new Map<bigint, IndexedStep[]>()

  constructor(readonly sessions_max = SESSIONS_INDEXED_MAX) {}

  get size(): number {
    return this.sessions.size
  }

  /** index one executed block (blocks arrive in height order) */
  record(block: Block, result: BlockResult): void {
    const picked: Array<{ index: number; session_id: bigint; start: boolean }> = []
    for (const [index, tx] of block.transactions.entries()) {
      const ix = tx.instruction
      if ((ix._tag !== "StartGame" && ix._tag !== "GameMove") || result.outputs[index]?.status !== "applied") continue
      if (ix._tag === "GameMove" && !this.sessions.has(ix.session_id)) continue
      picked.push({ index, session_id: ix.session_id, start: ix._tag === "StartGame" })
    }
    if (picked.length === 0) return
    const proofs = proveEventsMany(result.outputs, picked.map((p) => p.index))
    for (const [k, p] of picked.entries()) {
      const output = result.outputs[p.index]
      const proof = proofs[k]
      if (output === undefined || proof === undefined) continue
      const step: IndexedStep = {
        height: block.height,
        tx_index: p.index,
        output: txOutputBytes(output),
        events_proof: encodeEventsProof(proof),
        state_root: result.state_root,
        events_root: result.events_root
      }
      if (p.start) {
        this.sessions.set(p.session_id, [step])
        for (const oldest of this.sessions.keys()) {
          if (this.sessions.size <= this.sessions_max) break
          this.sessions.delete(oldest)
        }
      } else {
        const steps = this.sessions.get(p.session_id)
        if (steps !== undefined && steps.length < SESSION_STEPS_MAX) steps.push(step)
      }
    }
  }

  steps(session_id: bigint): ReadonlyArray<IndexedStep> | undefined {
    return this.sessions.get(session_id)
  }
}
