/**
 * Freeroll snapshot (simulations.md §7.2): every registered player's freeroll credits (unlocked,
 * locked, total) from chain state, optionally unlocked only and above a minimum — the phase-2
 * bonus-eligibility input (evm.md §5). Players in key order (the registry order of this engine:
 * its player table is keyed by public key). total_credits is a decimal string (128-bit safe).
 */
import { players } from "../../engine/casino/player.ts"
import type { StateStore } from "../../engine/state/store.ts"

export interface SnapshotPlayer {
  readonly public_key_hex: string
  readonly name: string
  readonly freeroll_credits: bigint
  readonly freeroll_credits_locked: bigint
  readonly freeroll_credits_total: bigint
  readonly created_ts: bigint
  readonly last_tournament_ts: bigint
}

export interface FreerollSnapshot {
  readonly generated_at_unix: number
  readonly view: bigint
  readonly height: bigint
  readonly unlocked_only: boolean
  readonly min_credits: bigint
  readonly total_players: number
  readonly total_eligible: number
  readonly total_credits: string
  readonly players: ReadonlyArray<SnapshotPlayer>
}

export const freerollSnapshot = (
  store: StateStore,
  at: { readonly view: bigint; readonly height: bigint; readonly generated_at_unix: number },
  options: { readonly unlocked_only: boolean; readonly min_credits: bigint }
): FreerollSnapshot => {
  const rows = players.entries(store)
  const out: SnapshotPlayer[] = []
  let total = 0n
  for (const [key, p] of rows) {
    const t = options.unlocked_only ? p.freeroll_credits : p.freeroll_credits + p.freeroll_credits_locked
    if (t < options.min_credits) continue
    total += t
    out.push({
      public_key_hex: key,
      name: p.name,
      freeroll_credits: p.freeroll_credits,
      freeroll_credits_locked: p.freeroll_credits_locked,
      freeroll_credits_total: t,
      created_ts: p.created_ts,
      last_tournament_ts: p.last_tournament_ts
    })
  }
  return { ...at, ...options, total_players: rows.length, total_eligible: out.length, total_credits: total.toString(), players: out }
}

/** JSON with integers as numbers when safe (credits fit), total_credits as a string */
export const snapshotJson = (s: FreerollSnapshot): string =>
  JSON.stringify(
    {
      ...s,
      view: Number(s.view),
      height: Number(s.height),
      min_credits: Number(s.min_credits),
      players: s.players.map((p) => ({
        ...p,
        freeroll_credits: Number(p.freeroll_credits),
        freeroll_credits_locked: Number(p.freeroll_credits_locked),
        freeroll_credits_total: Number(p.freeroll_credits_total),
        created_ts: Number(p.created_ts),
        last_tournament_ts: Number(p.last_tournament_ts)
      }))
    },
    null,
    2
  ) + "\n"

export const snapshotCsv = (s: FreerollSnapshot): string =>
  ["public_key_hex,name,freeroll_credits,freeroll_credits_locked,freeroll_credits_total,created_ts,last_tournament_ts"]
    .concat(s.players.map((p) => [p.public_key_hex, JSON.stringify(p.name), p.freeroll_credits, p.freeroll_credits_locked, p.freeroll_credits_total, p.created_ts, p.last_tournament_ts].join(",")))
    .join("\n") + "\n"
