/**
 * One craps roll (games-a.md §5.4): every bet on the table is updated or settled in the
 * specified order, then the phase moves. Fixed relative to the reference (decisions-a.md):
 * ATS bets lose on any 7 (G15); Ride the Line uses the fixed paytable (G16).
 */
import {
  ATS_NEEDS,
  ATS_RETURN,
  HARDWAY_NUMBER,
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

const HARD_RETURN = (n: number): bigint => (n === 4 || n === 10 ? 8n : 10n)

export const processRoll = (s: CrapsState, d1: number, d2: number): RollOutcome => {
  const total = d1 + d2
  const hard = d1 === d2
  const comeOut = s.phase === "come_out"
  const pointMade = !comeOut && total === s.point
  const sevenOut = !comeOut && total === 7
  const table: Array<CrapsBet | null> = [...s.bets]
  const results: BetResult[] = []

  const settle = (i: number, ret: bigint, wagered?: bigint): void => {
    const bet = table[i]
    if (bet === null || bet === undefined) return
    results.push({ bet, wagered: wagered ?? bet.amount + bet.odds, ret })
    table[i] = null
  }
  const update = (i: number, bet: CrapsBet): void => {
    table[i] = bet
  }
  const each = (types: ReadonlyArray<BetType>, f: (bet: CrapsBet, i: number) => void): void => {
    table.forEach((bet, i) => {
      if (bet !== null && types.includes(bet.type)) f(bet, i)
    })
  }

  // 1. one-roll bets
  each(["FIELD", "NEXT"], (b, i) => {
    if (b.type === "FIELD") settle(i, b.amount * fieldReturn(total))
    else settle(i, total === b.target ? b.amount + lessCommission(b.amount * nextPays(b.target)) : 0n)
  })
  // 2. hardways
  each(["HARDWAY_4", "HARDWAY_6", "HARDWAY_8", "HARDWAY_10"], (b, i) => {
    const n = HARDWAY_NUMBER[b.type] ?? 0
    if (total === n && hard) settle(i, b.amount * HARD_RETURN(n))
    else if (total === n || total === 7) settle(i, 0n)
  })
  // 3. Yes / No
  each(["YES", "NO"], (b, i) => {
    if (b.type === "YES") {
      if (total === b.target) settle(i, b.amount + lessCommission(trueOddsWinnings(b.target, b.amount)))
      else if (total === 7) settle(i, 0n)
    } else if (total === 7) settle(i, b.amount + lessCommission(layWinnings(b.target, b.amount)))
    else if (total === b.target) settle(i, 0n)
  })
  // 4. All / Tall / Small: a 7 ends them (G15); otherwise the total is ticked off
  each(["ATS_SMALL", "ATS_TALL", "ATS_ALL"], (b, i) => {
    if (total === 7) return settle(i, 0n)
    const progress = b.progress | atsBit(total)
    const needs = ATS_NEEDS[b.type] ?? 0
    if ((progress & needs) === needs) settle(i, b.amount * (ATS_RETURN[b.type] ?? 0n))
    else update(i, { ...b, progress })
  })
  // 5. Come / Don't Come
  each(["COME", "DONT_COME"], (b, i) => {
    const right = b.type === "COME"
    if (b.status === "pending") {
      if (total === 7 || total === 11) settle(i, right ? 2n * b.amount : 0n)
      else if (total === 2 || total === 3) settle(i, right ? 0n : 2n * b.amount)
      else if (total === 12) settle(i, right ? 0n : b.amount)
      else update(i, { ...b, status: "on", target: total })
      return
    }
    if (total === b.target) settle(i, right ? 2n * b.amount + b.odds + trueOddsWinnings(b.target, b.odds) : 0n)
    else if (total === 7) settle(i, right ? 0n : 2n * b.amount + b.odds + layWinnings(b.target, b.odds))
  })
  // 6. Pass / Don't Pass, judged with the phase before this roll
  each(["PASS", "DONT_PASS"], (b, i) => {
    const right = b.type === "PASS"
    if (comeOut) {
      if (total === 7 || total === 11) settle(i, right ? 2n * b.amount : 0n)
      else if (total === 2 || total === 3) settle(i, right ? 0n : 2n * b.amount)
      else if (total === 12) settle(i, right ? 0n : b.amount)
      return
    }
    if (total === s.point) settle(i, right ? 2n * b.amount + b.odds + trueOddsWinnings(s.point, b.odds) : 0n)
    else if (total === 7) settle(i, right ? 0n : 2n * b.amount + b.odds + layWinnings(s.point, b.odds))
  })
  // 7. phase
  let phase = s.phase
  let point = s.point
  let made_mask = s.made_mask
  let epoch_point = s.epoch_point
  if (comeOut && isPoint(total)) {
    phase = "point"
    point = total
    epoch_point = true
    each(["PASS", "DONT_PASS"], (b, i) => update(i, { ...b, target: total }))
  } else if (pointMade) {
    phase = "come_out"
    point = 0
    made_mask |= 1 << pointIndex(total)
  } else if (sevenOut) {
    phase = "come_out"
    point = 0
    epoch_point = false
  }
  // 8. bonus bets, in bet order
  each(["MUGGSY", "DIFF_DOUBLES", "RIDE_LINE", "REPLAY", "HOT_ROLLER"], (b, i) => {
    switch (b.type) {
      case "MUGGSY":
        if (b.progress === 0) {
          if (!comeOut) settle(i, 0n)
          else if (total === 7) settle(i, 3n * b.amount)
          else if (isPoint(total)) update(i, { ...b, progress: 1 })
          else settle(i, 0n)
        } else settle(i, total === 7 ? 4n * b.amount : 0n)
        return
      case "DIFF_DOUBLES": {
        const progress = hard ? b.progress | (1 << (d1 - 1)) : b.progress
        if (total === 7) settle(i, b.amount * diffDoublesReturn(popcount(progress)))
        else update(i, { ...b, progress })
        return
      }
      case "RIDE_LINE": {
        const progress = (comeOut && (total === 7 || total === 11)) || pointMade ? b.progress + 1 : b.progress
        if (sevenOut) settle(i, b.amount * rideLineReturn(progress))
        else update(i, { ...b, progress })
        return
      }
      case "REPLAY": {
        let progress = b.progress
        if (pointMade && replayCount(progress, total) < 15) progress += 1 << (4 * pointIndex(total))
        if (sevenOut) settle(i, b.amount * replayReturn(progress))
        else update(i, { ...b, progress })
        return
      }
      case "HOT_ROLLER": {
        if (total === 7) settle(i, b.amount * hotRollerReturn(hotRollerPoints(b.progress)))
        else update(i, { ...b, progress: b.progress | hotRollerBit(d1, d2) })
        return
      }
      default:
        return
    }
  })
  // 9. a seven-out settles Fire on the points made, then clears the mask
  if (sevenOut) {
    each(["FIRE"], (b, i) => settle(i, b.amount * fireReturn(popcount(made_mask))))
    made_mask = 0
  }
  const bets = table.filter((b): b is CrapsBet => b !== null)
  return { state: { ...s, phase, point, made_mask, epoch_point, dice: [d1, d2], bets }, results }
}
