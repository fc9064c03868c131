/**
 * One craps roll (games-a.md §5.4): every bet on the table is updated or settled in the
 * specified order, then the phase moves. Fixed relative to the reference (decisions-a.md):
 * ATS bets lose on any 7 (G15); Ride the Line uses the fixed paytable (G16).
 * Written as plain loops over one working table (rolls are the hot path of Monte Carlo runs).
 */
import {
  atsNeeds,
  atsReturn,
  hardwayNumber,
  atsBit,
  diffDoublesReturn,
  fieldReturn,
  fireReturn,
  hotRollerBit,
  hotRollerPoints,
  hotRollerReturn,
  isPoint,
  layWinnings,
  lessCommission,
  nextPays,
  pointIndex,
  popcount,
  replayCount,
  replayReturn,
  rideLineReturn,
  trueOddsWinnings,
  type BetType
} from "./bets.ts"
import type { CrapsBet, CrapsState } from "./state.ts"

export interface BetResult {
  /** the bet as it stood before the roll */
  readonly bet: CrapsBet
  /** the stake this result settles (amount, plus odds for contract bets) */
  readonly wagered: bigint
  /** stake + winnings credited (0 = lost) */
  readonly ret: bigint
}

export interface RollOutcome {
  readonly state: CrapsState
  readonly results: ReadonlyArray<BetResult>
}

/** the step of §5.4 at which each bet type is processed */
const STEP: Readonly<Record<BetType, number>> = {
  FIELD: 1,
  NEXT: 1,
  HARDWAY_4: 2,
  HARDWAY_6: 2,
  HARDWAY_8: 2,
  HARDWAY_10: 2,
  YES: 3,
  NO: 3,
  ATS_SMALL: 4,
  ATS_TALL: 4,
  ATS_ALL: 4,
  COME: 5,
  DONT_COME: 5,
  PASS: 6,
  DONT_PASS: 6,
  MUGGSY: 8,
  DIFF_DOUBLES: 8,
  RIDE_LINE: 8,
  REPLAY: 8,
  HOT_ROLLER: 8,
  FIRE: 9
}

interface Roll {
  readonly d1: number
  readonly d2: number
  readonly total: number
  readonly hard: boolean
  readonly comeOut: boolean
  readonly point: number
  readonly pointMade: boolean
  readonly sevenOut: boolean
  readonly madeMask: number
}

/** What happens to one bet at its step: a return (settled) or its next form (still working). */
type Fate = { readonly ret: bigint } | { readonly next: CrapsBet }

const settle = (ret: bigint): Fate => ({ ret })
const keep = (next: CrapsBet): Fate => ({ next })

const HARD_RETURN = (n: number): bigint => (n === 4 || n === 10 ? 8n : 10n)

function fate(b: CrapsBet, r: Roll): Fate | null {
  const { total } = r
  switch (b.type) {
    case "FIELD":
      return settle(b.amount * fieldReturn(total))
    case "NEXT":
      return settle(total === b.target ? b.amount + lessCommission(b.amount * nextPays(b.target)) : 0n)
    case "HARDWAY_4":
    case "HARDWAY_6":
    case "HARDWAY_8":
    case "HARDWAY_10": {
      const n = hardwayNumber(b.type)
      if (total === n && r.hard) return settle(b.amount * HARD_RETURN(n))
      return total === n || total === 7 ? settle(0n) : null
    }
    case "YES":
      if (total === b.target) return settle(b.amount + lessCommission(trueOddsWinnings(b.target, b.amount)))
      return total === 7 ? settle(0n) : null
    case "NO":
      if (total === 7) return settle(b.amount + lessCommission(layWinnings(b.target, b.amount)))
      return total === b.target ? settle(0n) : null
    case "ATS_SMALL":
    case "ATS_TALL":
    case "ATS_ALL": {
      // a 7 ends them (G15); otherwise the total is ticked off
      if (total === 7) return settle(0n)
      const progress = b.progress | atsBit(total)
      const needs = atsNeeds(b.type)
      return (progress & needs) === needs ? settle(b.amount * atsReturn(b.type)) : keep({ ...b, progress })
    }
    case "COME":
    case "DONT_COME": {
      const right = b.type === "COME"
      if (b.status === "pending") {
        if (total === 7 || total === 11) return settle(right ? 2n * b.amount : 0n)
        if (total === 2 || total === 3) return settle(right ? 0n : 2n * b.amount)
        if (total === 12) return settle(right ? 0n : b.amount)
        return keep({ ...b, status: "on", target: total })
      }
      if (total === b.target) return settle(right ? 2n * b.amount + b.odds + trueOddsWinnings(b.target, b.odds) : 0n)
      if (total === 7) return settle(right ? 0n : 2n * b.amount + b.odds + layWinnings(b.target, b.odds))
      return null
    }
    case "PASS":
    case "DONT_PASS": {
      // judged with the phase before this roll
      const right = b.type === "PASS"
      if (r.comeOut) {
        if (total === 7 || total === 11) return settle(right ? 2n * b.amount : 0n)
        if (total === 2 || total === 3) return settle(right ? 0n : 2n * b.amount)
        if (total === 12) return settle(right ? 0n : b.amount)
        return isPoint(total) ? keep({ ...b, target: total }) : null
      }
      if (total === r.point) return settle(right ? 2n * b.amount + b.odds + trueOddsWinnings(r.point, b.odds) : 0n)
      if (total === 7) return settle(right ? 0n : 2n * b.amount + b.odds + layWinnings(r.point, b.odds))
      return null
    }
    case "MUGGSY":
      if (b.progress === 0) {
        if (!r.comeOut) return settle(0n)
        if (total === 7) return settle(3n * b.amount)
        return isPoint(total) ? keep({ ...b, progress: 1 }) : settle(0n)
      }
      return settle(total === 7 ? 4n * b.amount : 0n)
    case "DIFF_DOUBLES": {
      const progress = r.hard ? b.progress | (1 << (r.d1 - 1)) : b.progress
      if (total === 7) return settle(b.amount * diffDoublesReturn(popcount(progress)))
      return progress === b.progress ? null : keep({ ...b, progress })
    }
    case "RIDE_LINE": {
      const progress = (r.comeOut && (total === 7 || total === 11)) || r.pointMade ? b.progress + 1 : b.progress
      if (r.sevenOut) return settle(b.amount * rideLineReturn(progress))
      return progress === b.progress ? null : keep({ ...b, progress })
    }
    case "REPLAY": {
      let progress = b.progress
      if (r.pointMade && replayCount(progress, total) < 15) progress += 1 << (4 * pointIndex(total))
      if (r.sevenOut) return settle(b.amount * replayReturn(progress))
      return progress === b.progress ? null : keep({ ...b, progress })
    }
    case "HOT_ROLLER": {
      if (total === 7) return settle(b.amount * hotRollerReturn(hotRollerPoints(b.progress)))
      const progress = b.progress | hotRollerBit(r.d1, r.d2)
      return progress === b.progress ? null : keep({ ...b, progress })
    }
    case "FIRE":
      // a seven-out settles Fire on the distinct points made
      return r.sevenOut ? settle(b.amount * fireReturn(popcount(r.madeMask))) : null
  }
}

export const processRoll = (s: CrapsState, d1: number, d2: number): RollOutcome => {
  const total = d1 + d2
  const comeOut = s.phase === "come_out"
  const pointMade = !comeOut && total === s.point
  const sevenOut = !comeOut && total === 7
  const established = comeOut && isPoint(total)
  const madeMask = pointMade ? s.made_mask | (1 << pointIndex(total)) : s.made_mask
  const roll: Roll = { d1, d2, total, hard: d1 === d2, comeOut, point: s.point, pointMade, sevenOut, madeMask }
  const table: Array<CrapsBet | null> = s.bets.slice()
  const results: BetResult[] = []
  // steps 1–6 and 8–9 in order; step 7 (the phase) is folded into `roll` and the state below
  for (const step of [1, 2, 3, 4, 5, 6, 8, 9]) {
    for (let i = 0; i < table.length; i++) {
      const bet = table[i]
      if (bet === null || bet === undefined || STEP[bet.type] !== step) continue
      const f = fate(bet, roll)
      if (f === null) continue
      if ("ret" in f) {
        results.push({ bet, wagered: bet.amount + bet.odds, ret: f.ret })
        table[i] = null
      } else table[i] = f.next
    }
  }
  const bets: CrapsBet[] = []
  for (const b of table) if (b !== null) bets.push(b)
  const state: CrapsState = {
    phase: established ? "point" : pointMade || sevenOut ? "come_out" : s.phase,
    point: established ? total : pointMade || sevenOut ? 0 : s.point,
    dice: [d1, d2],
    made_mask: sevenOut ? 0 : madeMask,
    epoch_point: established ? true : sevenOut ? false : s.epoch_point,
    bets
  }
  return { state, results }
}
