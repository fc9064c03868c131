/**
 * Super-mode multiplier tables, one per game (docs/games/super-mode.md).
 *
 * A super session pays a 20 % fee on every chip it stakes; when it completes, one multiplier is
 * drawn from its game's table and every chip the session returned (refunds of unplayed stakes
 * excepted) is multiplied by it. The multiplier is independent of the game's outcome and of every
 * decision the player made, so for any bet and any strategy
 *
 *     RTP_super = RTP_base × E[m] / 1.2
 *
 * and E[m] ≤ 1.2 keeps every bet at or below its base return. Each table's E[m] is chosen so the
 * game's main bet stays at or above 94 %. Multipliers are in tenths (15 = 1.5x), never above the
 * cap (N19); weights are drawn with one uniform index in [0, Σ weights).
 */
import type { GameType } from "../../tx/instruction.ts"
import type { OutcomeSource } from "../outcomes.ts"

/** no table entry may pay more than 10x (N19) */
export const SUPER_MULTIPLIER_CAP_TENTHS = 100
/** 1x: the session's returns are left as they are */
export const SUPER_MULTIPLIER_NONE_TENTHS = 10

export interface SuperTableEntry {
  readonly weight: number
  readonly multiplier_tenths: number
}

export type SuperTable = ReadonlyArray<SuperTableEntry>

const table = (entries: ReadonlyArray<readonly [multiplier_tenths: number, weight: number]>): SuperTable =>
  entries.map(([multiplier_tenths, weight]) => ({ multiplier_tenths, weight }))

/**
 * Per game: [multiplier in tenths, weight]. Σ weights ≤ 255 so one bounded byte draws an entry.
 * E[m] per game (exact): roulette 1.195, sic bo 1.195, craps 1.19, baccarat 1.19, blackjack 1.195,
 * casino war 1.195, video poker 1.19, hi-lo 1.19, three card 1.19, ultimate hold'em 1.194.
 */
export const SUPER_TABLES: Readonly<Record<GameType, SuperTable>> = {
  roulette: table([[10, 173], [15, 12], [20, 8], [30, 4], [50, 2], [100, 1]]),
  sic_bo: table([[10, 168], [15, 14], [20, 10], [30, 6], [50, 1], [70, 1]]),
  craps: table([[10, 199], [15, 31], [20, 12], [30, 5], [40, 2], [50, 1]]),
  baccarat: table([[10, 82], [15, 10], [20, 5], [30, 2], [60, 1]]),
  blackjack: table([[10, 167], [15, 18], [20, 9], [30, 3], [40, 2], [100, 1]]),
  casino_war: table([[10, 82], [15, 9], [20, 6], [30, 2], [60, 1]]),
  video_poker: table([[10, 221], [15, 1], [20, 20], [30, 5], [50, 2], [100, 1]]),
  hilo: table([[10, 161], [13, 20], [20, 12], [30, 5], [50, 1], [70, 1]]),
  three_card: table([[10, 164], [15, 20], [20, 10], [30, 3], [50, 3]]),
  ultimate_holdem: table([[10, 204], [15, 25], [20, 12], [30, 6], [50, 3]])
}

export const tableWeight = (t: SuperTable): number => t.reduce((a, e) => a + e.weight, 0)

/** Draw one multiplier (tenths) from a game's table with one uniform index; capped (N19). */
export const drawSuperMultiplier = (game: GameType, io: OutcomeSource): number => {
  const t = SUPER_TABLES[game]
  let index = io.uniform(tableWeight(t))
  for (const e of t) {
    if (index < e.weight) return Math.min(e.multiplier_tenths, SUPER_MULTIPLIER_CAP_TENTHS)
    index -= e.weight
  }
  return SUPER_MULTIPLIER_NONE_TENTHS
}

/** An exact non-negative rational. */
export interface Ratio {
  readonly num: bigint
  readonly den: bigint
}

/** E[m] of a game's table, exactly (as a multiple of 1, not tenths). */
export const expectedMultiplier = (game: GameType): Ratio => {
  const t = SUPER_TABLES[game]
  const num = t.reduce((a, e) => a + BigInt(e.weight) * BigInt(Math.min(e.multiplier_tenths, SUPER_MULTIPLIER_CAP_TENTHS)), 0n)
  return { num, den: BigInt(tableWeight(t)) * 10n }
}

/** The fee rate: a super session stakes 1 + 1/5 chips per chip wagered. */
export const SUPER_COST_PER_CHIP: Ratio = { num: 6n, den: 5n }

/** RTP_super / RTP_base = E[m] / 1.2, exactly (holds for every bet and strategy of the game). */
export const superRtpFactor = (game: GameType): Ratio => {
  const m = expectedMultiplier(game)
  return { num: m.num * SUPER_COST_PER_CHIP.den, den: m.den * SUPER_COST_PER_CHIP.num }
}

/** A table is well formed: positive integer weights summing to at most 255, multipliers in [1x, cap]. */
export const validTable = (t: SuperTable): boolean =>
  t.length > 0 &&
  tableWeight(t) <= 255 &&
  t.every(
    (e) =>
      Number.isInteger(e.weight) &&
      e.weight > 0 &&
      Number.isInteger(e.multiplier_tenths) &&
      e.multiplier_tenths >= SUPER_MULTIPLIER_NONE_TENTHS &&
      e.multiplier_tenths <= SUPER_MULTIPLIER_CAP_TENTHS
  )
