/**
 * Per-day metrics of a run, read from engine state and block outputs (never recomputing a rule).
 * The Gini coefficient is the one floating-point figure: a report statistic, outside the engine.
 */
import type { PublicKey } from "../../engine/schema/primitives.ts"
import type { BlockExecution } from "../../engine/execute/output.ts"

export interface DailyMetrics {
  readonly day: bigint
  /** cumulative chips created (registration grants + faucet claims): house.chips_minted */
  readonly issuance_chips: bigint
  /** cumulative house result on games: house.game_balance (+ stakes − returns) */
  readonly house_pnl_chips: bigint
  /** agents with at least one applied transaction that day */
  readonly active_players: bigint
  /** registered players at the end of the day */
  readonly players_total: bigint
  /** chips wagered that day: Σ GameMoved.charged */
  readonly volume_chips: bigint
  /** Gini coefficient of player chip balances at the end of the day (0 = equal, → 1 = concentrated) */
  readonly gini_chips: number
  readonly blocks: bigint
  readonly transactions: bigint
}

export interface PlayerSnapshot {
  readonly day: bigint
  /** the player's public key, hex */
  readonly player: string
  readonly name: string
  readonly chips: bigint
  readonly sessions_played: bigint
}

/**
 * Gini of non-negative balances: G = 2·Σ i·x(i) / (n·Σx) − (n+1)/n over ascending x, i from 1.
 * 0 for no players or no chips.
 */
export const gini = (balances: ReadonlyArray<bigint>): number => {
  const n = balances.length
  if (n === 0) return 0
  const xs = [...balances].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  let total = 0n
  let weighted = 0n
  xs.forEach((x, i) => {
    total += x
    weighted += BigInt(i + 1) * x
  })
  if (total === 0n) return 0
  return (2 * Number(weighted)) / (n * Number(total)) - (n + 1) / n
}

/** Counters one day accumulates from its blocks' outputs. */
export class DayTally {
  blocks = 0n
  transactions = 0n
  applied = 0n
  failed = 0n
  skipped = 0n
  volume_chips = 0n
  readonly active = new Set<PublicKey>()

  add(result: BlockExecution): void {
    this.blocks++
    for (const out of result.outputs) {
      this.transactions++
      if (out.status === "applied") {
        this.applied++
        this.active.add(out.signer)
      } else if (out.status === "failed") this.failed++
      else this.skipped++
      for (const e of out.events) if (e._tag === "GameMoved") this.volume_chips += e.charged
    }
  }
}
