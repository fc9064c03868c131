/**
 * The freeroll credit ledger (economy.md §3.14) with each award vesting on its own schedule
 * (B8 fixed: a new prize no longer stretches earlier locked credits), inactivity expiry that
 * actually runs (measured from the player's last session or tournament join), and a zero vesting
 * window meaning "unlocked at once" instead of "stranded". Pure functions.
 */
import { Schema } from "effect"
import type { Player } from "../../casino/player.ts"
import { U64 } from "../../schema/primitives.ts"
import { defineTable } from "../../state/store.ts"

export const Tranche = Schema.Struct({ locked: U64, start_ts: U64, end_ts: U64 })
export type Tranche = typeof Tranche.Type

/** still-vesting tranches per player (at most TRANCHES_MAX; older ones merge, never speeding up) */
export const creditTranches = defineTable("credit_tranches", Schema.Struct({ tranches: Schema.Array(Tranche) }))
export const TRANCHES_MAX = 16

export interface CreditPolicy {
  readonly credit_immediate_bps: number
  readonly credit_vest_secs: bigint
  readonly credit_expiry_secs: bigint
}

export interface CreditState {
  readonly player: Player
  readonly tranches: ReadonlyArray<Tranche>
}

const lastActivity = (p: Player): bigint => (p.last_session_ts > p.last_tournament_ts ? p.last_session_ts : p.last_tournament_ts)

/** all credits expire after `credit_expiry_secs` without play (0 = never) */
export const expire = (s: CreditState, now_s: bigint, policy: CreditPolicy): CreditState => {
  const last = lastActivity(s.player)
  if (policy.credit_expiry_secs === 0n || last === 0n || now_s - last < policy.credit_expiry_secs) return s
  return {
    player: { ...s.player, freeroll_credits: 0n, freeroll_credits_locked: 0n, freeroll_credits_unlock_start_ts: 0n, freeroll_credits_unlock_end_ts: 0n },
    tranches: []
  }
}

/** unlock what has vested by `now`; tranches vest linearly from their own start to their own end */
export const settleCredits = (s: CreditState, now_s: bigint): CreditState => {
  let unlocked = 0n
  const left: Tranche[] = []
  for (const t of s.tranches) {
    if (now_s >= t.end_ts) {
      unlocked += t.locked
      continue
    }
    if (now_s <= t.start_ts) {
      left.push(t)
      continue
    }
    const u = (t.locked * (now_s - t.start_ts)) / (t.end_ts - t.start_ts)
    unlocked += u
    left.push({ locked: t.locked - u, start_ts: now_s, end_ts: t.end_ts })
  }
  return { player: summarize({ ...s.player, freeroll_credits: s.player.freeroll_credits + unlocked }, left), tranches: left }
}

const summarize = (p: Player, tranches: ReadonlyArray<Tranche>): Player => ({
  ...p,
  freeroll_credits_locked: tranches.reduce((a, t) => a + t.locked, 0n),
  freeroll_credits_unlock_start_ts: tranches.reduce((a, t) => (a === 0n || t.start_ts < a ? t.start_ts : a), 0n),
  freeroll_credits_unlock_end_ts: tranches.reduce((a, t) => (t.end_ts > a ? t.end_ts : a), 0n)
})

export const award = (s0: CreditState, amount: bigint, now_s: bigint, policy: CreditPolicy): CreditState => {
  if (amount === 0n) return s0
  const s = settleCredits(expire(s0, now_s, policy), now_s)
  const immediate = policy.credit_vest_secs === 0n ? amount : (amount * BigInt(policy.credit_immediate_bps)) / 10_000n
  const rest = amount - immediate
  let tranches = [...s.tranches]
  if (rest > 0n) tranches.push({ locked: rest, start_ts: now_s, end_ts: now_s + policy.credit_vest_secs })
  if (tranches.length > TRANCHES_MAX) {
    // merge the two earliest into one that ends at the later end: vesting only slows, never speeds up
    tranches = [...tranches].sort((a, b) => (a.end_ts < b.end_ts ? -1 : a.end_ts > b.end_ts ? 1 : 0))
    const [a, b, ...others] = tranches
    if (a !== undefined && b !== undefined) tranches = [{ locked: a.locked + b.locked, start_ts: now_s, end_ts: b.end_ts }, ...others]
  }
  return { player: summarize({ ...s.player, freeroll_credits: s.player.freeroll_credits + immediate }, tranches), tranches }
}
