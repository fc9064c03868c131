/**
 * The phase-1 population's day (simulations.md §2.2): per archetype, inclusive uniform ranges for
 * sessions, swaps, vault actions, liquidity adds and stake actions, drawn fresh each active day;
 * members get +2 sessions. Game choice is uniform over the ten games (§1.3). Archetype files
 * (grinder.ts, casual.ts, whale.ts, defi-user.ts, subscriber.ts, lurker.ts) give the ranges.
 */
import type { RandomStream } from "../../engine/random/stream.ts"
import { GAME_TYPES, type GameType } from "../../engine/tx/instruction.ts"
import { addLiquidity, claimSavings, depositSavings, repay, stakeStep, swap, vaultBorrow, withdrawSavings } from "./actions.ts"
import { between, chanceBps } from "./draw.ts"
import type { Action, DayAgenda, Profile, Self } from "./player-core.ts"

export type Range = readonly [number, number]

export interface Phase1Ranges {
  readonly kind: string
  readonly sessions: Range
  readonly swaps: Range
  readonly vault: Range
  readonly liquidity: Range
  readonly stake: Range
  /** savings deposits per active day (Null/Space: borrowed vUSDT earns the stability fee) */
  readonly savings: Range
  /** freerolls entered on an active day (members are allowed up to 10, free accounts 1) */
  readonly freerolls: Range
  readonly stake_bps: Range
}

export interface Phase1Options {
  /** probability of being active on a day, bps */
  readonly active_bps: number
  readonly member: boolean
  /** swap size range (amount_in), §2.2: 10..150 */
  readonly swap_size: Range
}

export const UNIFORM_GAMES: Partial<Record<GameType, number>> = Object.fromEntries(GAME_TYPES.map((g) => [g, 1]))

const times = (n: number, a: Action): Action[] => Array.from({ length: n }, () => a)

export const phase1Profile = (r: Phase1Ranges, o: Phase1Options): Profile => ({
  kind: r.kind,
  games: UNIFORM_GAMES,
  stake_bps: r.stake_bps,
  stake_min: 5n,
  stake_max: 25n * 20n,
  planDay: (_day: number, windows_per_day: number, rng: RandomStream, _self: Self): DayAgenda => {
    if (!chanceBps(rng, o.active_bps)) return { window: null, sessions: 0, actions: [] }
    const sessions = between(rng, r.sessions[0], r.sessions[1]) + (o.member ? 2 : 0)
    const swaps = between(rng, r.swaps[0], r.swaps[1])
    const vault = between(rng, r.vault[0], r.vault[1])
    const liquidity = between(rng, r.liquidity[0], r.liquidity[1])
    const stakes = between(rng, r.stake[0], r.stake[1])
    const savings = between(rng, r.savings[0], r.savings[1])
    const freerolls = between(rng, r.freerolls[0], r.freerolls[1])
    // §2.3 order: swaps, then liquidity adds, then vault actions, then stake actions (then savings)
    const actions: Action[] = [
      ...times(vault, vaultBorrow(25, 150, 6_000)),
      ...times(swaps, swap(o.swap_size[0], o.swap_size[1])),
      ...times(liquidity, addLiquidity(20, 200)),
      ...times(stakes, stakeStep(50, 200, 7, 30)),
      ...times(savings, depositSavings(5_000)),
      ...(savings > 0 ? [claimSavings] : []),
      ...(vault > 0 && rng.bounded(4) === 0 ? [repay(3_000)] : []),
      ...(savings > 0 && rng.bounded(10) === 0 ? [withdrawSavings(2_000)] : [])
    ]
    return { window: rng.bounded(windows_per_day), sessions, actions, freerolls, freeroll_sessions: 10 }
  }
})
