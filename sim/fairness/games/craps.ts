/**
 * Craps fairness: exact RTP of every bet type (commission floors included at the measured stake).
 * Line, Come, place, one-roll and hardway bets in closed form over the 36 dice pairs; the bonus
 * bets as absorbing Markov chains over their progress (solved exactly by dynamic programming, each
 * state's self-loops eliminated in closed form). Each round plays one bet alone through the
 * engine's craps rules: a one-bet batch, then rolls until it resolves. Come and Don't Come need a
 * point, which a 1-chip Pass bet establishes; only the Come bet's own stake and return (from the
 * engine's roll logs) are counted.
 */
import { Schema } from "effect"
import { craps, type CrapsMove } from "../../../engine/games/craps/craps.ts"
import {
  ATS_NEEDS,
  ATS_RETURN,
  ATS_TOTALS,
  HOT_ROLLER_COMBOS,
  POINTS,
  diffDoublesReturn,
  fireReturn,
  hotRollerPoints,
  hotRollerReturn,
  layWinnings,
  lessCommission,
  nextPays,
  popcount,
  replayReturn,
  rideLineReturn,
  trueOddsWinnings,
  type BetType
} from "../../../engine/games/craps/bets.ts"
import { initialCrapsState, type CrapsState } from "../../../engine/games/craps/state.ts"
import { isGameError, type GameStep } from "../../../engine/games/game.ts"
import type { OutcomeSource } from "../../../engine/games/outcomes.ts"
import { playDirect, type SeatPlayer } from "../seat.ts"
import type { FairnessBet, RoundResult } from "../types.ts"

const STAKE = 1_000n
const A = Number(STAKE)

/** ways to roll each total with two dice */
const W = (t: number): number => 6 - Math.abs(t - 7)
const P = (t: number): number => W(t) / 36

// ------------------------------------------------------------------ line, place, one-roll, hardways

/** P(pass wins) = 244/495 */
const P_PASS_WIN = P(7) + P(11) + POINTS.reduce((s, p) => s + (P(p) * W(p)) / (W(p) + 6), 0)
const P_DONT_WIN = P(2) + P(3) + POINTS.reduce((s, p) => s + (P(p) * 6) / (W(p) + 6), 0)

const yesRtp = (n: number): number => ((W(n) / (W(n) + 6)) * (A + Number(lessCommission(trueOddsWinnings(n, STAKE))))) / A
const noRtp = (n: number): number => ((6 / (W(n) + 6)) * (A + Number(lessCommission(layWinnings(n, STAKE))))) / A
const nextRtp = (n: number): number => (P(n) * (A + Number(lessCommission(STAKE * nextPays(n))))) / A
const hardRtp = (n: number): number => (1 / (W(n) + 6)) * (n === 4 || n === 10 ? 8 : 10)
const FIELD_RTP = [2, 3, 4, 9, 10, 11, 12].reduce((s, t) => s + P(t) * (t === 2 || t === 12 ? 3 : 2), 0)

// ------------------------------------------------------------------ bonus bets as Markov chains

const P_SEVEN = 6 / 36

/** Fire: value at a come-out with made-points mask m; a point is rolled with P(p)/(24/36). */
const fireRtp = (): number => {
  const V = new Map<number, number>()
  for (let m = 63; m >= 0; m--) {
    const R = Number(fireReturn(popcount(m)))
    let rest = 0
    let self = 0
    POINTS.forEach((p, i) => {
      const choose = W(p) / 24
      const made = W(p) / (W(p) + 6)
      const next = m | (1 << i)
      if (next === m) self += choose * made
      else rest += choose * made * (V.get(next) ?? 0)
      rest += choose * (1 - made) * R
    })
    V.set(m, rest / (1 - self))
  }
  return V.get(0) ?? 0
}

/** ATS: each non-7 roll ticks its total; any 7 loses (G15). */
const atsRtp = (type: BetType): number => {
  const needs = ATS_NEEDS[type] ?? 0
  const R = Number(ATS_RETURN[type] ?? 0n)
  const V = new Map<number, number>()
  for (let m = needs; m >= 0; m--) {
    if ((m & needs) !== m) continue
    if (m === needs) {
      V.set(m, R)
      continue
    }
    let num = 0
    let den = P_SEVEN
    ATS_TOTALS.forEach((t, i) => {
      if ((needs & (1 << i)) === 0 || (m & (1 << i)) !== 0) return
      num += P(t) * (V.get(m | (1 << i)) ?? 0)
      den += P(t)
    })
    V.set(m, num / den)
  }
  return (V.get(0) ?? 0) / 1
}

/** Muggsy: come-out 7 → 3×; a point → the next roll's 7 pays 4×. */
const MUGGSY_RTP = P(7) * 3 + (24 / 36) * P(7) * 4

/** Different Doubles: by k distinct doubles at the first 7. */
const diffDoublesRtp = (): number => {
  let v = Number(diffDoublesReturn(6))
  for (let k = 5; k >= 0; k--) {
    const pNew = (6 - k) / 36
    v = (P_SEVEN * Number(diffDoublesReturn(k)) + pNew * v) / (P_SEVEN + pNew)
  }
  return v
}

/** Ride the Line: each come-out cycle ends in a pass-line win or the seven-out (craps rolls repeat it). */
const rideLineRtp = (): number => {
  const win = P(7) + P(11) + POINTS.reduce((s, p) => s + (P(p) * W(p)) / (W(p) + 6), 0)
  const out = POINTS.reduce((s, p) => s + (P(p) * 6) / (W(p) + 6), 0)
  const qi = win / (win + out)
  const qe = out / (win + out)
  let rtp = 0
  const top = 11
  for (let k = 0; k < top; k++) rtp += qe * qi ** k * Number(rideLineReturn(k))
  return rtp + qi ** top * Number(rideLineReturn(top))
}

/** Replay: counters per point (4 or more counts alike), value at each come-out. */
const replayRtp = (): number => {
  const memo = new Map<number, number>()
  const progressOf = (c: ReadonlyArray<number>): number => c.reduce((acc, n, i) => acc | (n << (4 * i)), 0)
  const value = (c: ReadonlyArray<number>): number => {
    const key = progressOf(c)
    const hit = memo.get(key)
    if (hit !== undefined) return hit
    const R = Number(replayReturn(key))
    let rest = 0
    let self = 0
    POINTS.forEach((p, i) => {
      const choose = W(p) / 24
      const made = W(p) / (W(p) + 6)
      rest += choose * (1 - made) * R
      const n = c[i] ?? 0
      if (n >= 4) self += choose * made
      else rest += choose * made * value(c.map((x, j) => (j === i ? x + 1 : x)))
    })
    const v = rest / (1 - self)
    memo.set(key, v)
    return v
  }
  return value([0, 0, 0, 0, 0, 0])
}

/** Hot Roller: combination mask; settles at any 7 on the points completed. */
const hotRollerRtp = (): number => {
  const pc = HOT_ROLLER_COMBOS.map(([a, b]) => (a === b ? 1 : 2) / 36)
  const full = (1 << HOT_ROLLER_COMBOS.length) - 1
  const V = new Float64Array(full + 1)
  for (let m = full; m >= 0; m--) {
    let num = P_SEVEN * Number(hotRollerReturn(hotRollerPoints(m)))
    let den = P_SEVEN
    pc.forEach((p, i) => {
      if ((m & (1 << i)) !== 0) return
      num += p * (V[m | (1 << i)] ?? 0)
      den += p
    })
    V[m] = num / den
  }
  return V[0] ?? 0
}

// ------------------------------------------------------------------ rounds through the engine

const apply = (s: GameStep<CrapsState> | ReturnType<typeof craps.move>): GameStep<CrapsState> => {
  if (isGameError(s)) throw new Error(`craps fairness round refused: ${s.message}`)
  return s
}
const ROLL: CrapsMove = { _tag: "Roll" }
/** the per-bet results of a roll, read from the engine's roll log */
const RollBets = Schema.parseJson(Schema.Struct({ bets: Schema.Array(Schema.Struct({ type: Schema.String, return: Schema.String })) }))
const readRollBets = (log: string) => Schema.decodeUnknownSync(RollBets)(log).bets
const MAX_ROLLS = 100_000

/** one bet alone: batch it (one roll), then roll until the session completes */
const soloPlayer =
  (type: BetType, target: number): SeatPlayer =>
  (seat) => {
    const s = seat.start(craps, 0n)
    s.move({ _tag: "Batch", bets: [{ type, target, amount: STAKE }] })
    for (let i = 0; !s.complete && i < MAX_ROLLS; i++) s.move(ROLL)
  }
const soloRound = (type: BetType, target: number) => (io: OutcomeSource): RoundResult => playDirect(io, soloPlayer(type, target))

/** Come / Don't Come: a 1-chip Pass bet brings a point; then the Come bet until it resolves */
const comeRound =
  (type: "COME" | "DONT_COME") =>
  (io: OutcomeSource): RoundResult => {
    let state = initialCrapsState
    for (let i = 0; state.phase !== "point" && i < MAX_ROLLS; i++) {
      if (state.bets.length === 0) state = apply(craps.move(state, { _tag: "PlaceBet", bet: { type: "PASS", target: 0, amount: 1n } }, io)).state
      state = apply(craps.move(state, ROLL, io)).state
    }
    const placed = apply(craps.move(state, { _tag: "PlaceBet", bet: { type, target: 0, amount: STAKE } }, io))
    state = placed.state
    let returned = 0n
    for (let i = 0; state.bets.some((b) => b.type === type) && i < MAX_ROLLS; i++) {
      const r = apply(craps.move(state, ROLL, io))
      for (const b of readRollBets(r.logs[0] ?? "")) if (b.type === type) returned += BigInt(b.return)
      state = r.state
    }
    return { staked: placed.charge, returned }
  }

const entry = (bet_type: string, theoretical_rtp: number, source: string, playRound: (io: OutcomeSource) => RoundResult, main = false, player?: SeatPlayer): FairnessBet => ({
  game: "craps",
  bet_type,
  rules: "standard",
  super_mode: false,
  theoretical_rtp,
  source,
  main,
  playRound,
  ...(player === undefined ? {} : { player })
})

const CLOSED = "exact: closed form over the 36 dice pairs"
const CHAIN = "exact: absorbing Markov chain over the bet's progress"

export const CRAPS_FAIRNESS: ReadonlyArray<FairnessBet> = [
  entry("PASS", 2 * P_PASS_WIN, CLOSED, soloRound("PASS", 0), true, soloPlayer("PASS", 0)),
  entry("DONT_PASS", 2 * P_DONT_WIN + P(12), CLOSED, soloRound("DONT_PASS", 0), true, soloPlayer("DONT_PASS", 0)),
  entry("COME", 2 * P_PASS_WIN, CLOSED, comeRound("COME")),
  entry("DONT_COME", 2 * P_DONT_WIN + P(12), CLOSED, comeRound("DONT_COME")),
  entry("FIELD", FIELD_RTP, CLOSED, soloRound("FIELD", 0)),
  ...[2, 3, 4, 5, 6, 8, 9, 10, 11, 12].map((n) => entry(`YES ${n}`, yesRtp(n), CLOSED, soloRound("YES", n))),
  ...[2, 3, 4, 5, 6, 8, 9, 10, 11, 12].map((n) => entry(`NO ${n}`, noRtp(n), CLOSED, soloRound("NO", n))),
  ...[2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => entry(`NEXT ${n}`, nextRtp(n), CLOSED, soloRound("NEXT", n))),
  ...([4, 6, 8, 10] as const).map((n) => entry(`HARDWAY ${n}`, hardRtp(n), CLOSED, soloRound(`HARDWAY_${n}`, 0))),
  entry("FIRE", fireRtp(), CHAIN, soloRound("FIRE", 0)),
  ...(["ATS_SMALL", "ATS_TALL", "ATS_ALL"] as const).map((t) => entry(t, atsRtp(t), CHAIN, soloRound(t, 0))),
  entry("MUGGSY", MUGGSY_RTP, CLOSED, soloRound("MUGGSY", 0)),
  entry("DIFF_DOUBLES", diffDoublesRtp(), CHAIN, soloRound("DIFF_DOUBLES", 0)),
  entry("RIDE_LINE", rideLineRtp(), CHAIN, soloRound("RIDE_LINE", 0)),
  entry("REPLAY", replayRtp(), CHAIN, soloRound("REPLAY", 0)),
  entry("HOT_ROLLER", hotRollerRtp(), CHAIN, soloRound("HOT_ROLLER", 0))
]
