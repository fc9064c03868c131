/**
 * The signed-in player of a page: the browser-held key, one /updates stream for it, and sending
 * instructions with their finalized outcomes written to the page's activity log.
 */
import type { Event } from "../../../engine/events.ts"
import type { Instruction } from "../../../engine/tx/instruction.ts"
import type { Signer } from "../../../engine/tx/sign.ts"
import { AccountStream, ApiFailure, submitAndWait, type TxOutcome } from "./chain-api.ts"
import { byId, logLine } from "./dom.ts"
import { storedSigner } from "./keystore.ts"

export interface PlayerSession {
  readonly signer: Signer
  readonly stream: AccountStream
}

let current: PlayerSession | null = null

/** the page's player, or null (with the reason in the log) when this browser holds no key */
export const playerSession = (): PlayerSession | null => {
  const signer = storedSigner()
  if (signer === null) {
    current?.stream.close()
    current = null
    return null
  }
  if (current === null || current.signer.public_key !== signer.public_key) {
    current?.stream.close()
    current = { signer, stream: new AccountStream(signer.public_key) }
  }
  return current
}

export interface Sent {
  readonly ok: boolean
  readonly outcomes: ReadonlyArray<TxOutcome>
  readonly events: ReadonlyArray<Event>
}

const pageLog = (): HTMLElement | null => byId("log")

/** sign, submit and wait; every outcome (applied, or failed with the engine's error) goes to the log */
export const send = async (label: string, instructions: ReadonlyArray<Instruction>): Promise<Sent> => {
  const log = pageLog()
  const s = playerSession()
  if (s === null) {
    logLine(log, "No key in this browser: generate or import one on the Wallet page first.", "bad")
    return { ok: false, outcomes: [], events: [] }
  }
  logLine(log, `${label}: signing ${instructions.length} transaction${instructions.length === 1 ? "" : "s"} in the browser and submitting…`)
  try {
    const r = await submitAndWait(s.stream, s.signer, instructions)
    for (const [i, o] of r.outcomes.entries()) {
      const what = instructions[i]?._tag ?? "transaction"
      if (o.status === "applied") logLine(log, `${what}: applied at height ${o.height}`, "ok")
      else logLine(log, `${what}: ${o.status}${o.error === null ? "" : ` — ${o.error.tag} (${o.error.code}): ${o.error.message}`}`, "bad")
    }
    return { ok: r.outcomes.every((o) => o.status === "applied"), ...r }
  } catch (e) {
    logLine(log, `${label}: ${e instanceof ApiFailure ? e.message : String(e)}`, "bad")
    return { ok: false, outcomes: [], events: [] }
  }
}

/** run a page action, reporting unexpected failures in the log instead of the console */
export const guarded = (fn: () => Promise<void>) => (): void => {
  fn().catch((e: unknown) => logLine(pageLog(), e instanceof Error ? e.message : String(e), "bad"))
}
