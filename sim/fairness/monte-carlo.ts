/**
 * Monte Carlo over one FairnessBet: rounds are played in fixed chunks, each chunk from its own
 * deterministic random stream (seed, bet key, chunk index), so a measurement is reproducible and
 * independent of how chunks are spread over workers. A bet with `openTable` (super mode through
 * the session executor) opens one table per chunk and plays every round of the chunk at it. Tallies merge exactly (bigint chip totals)
 * and, for the standard error, as float moments merged in chunk order.
 */
import { streamOutcomes } from "../../engine/games/outcomes.ts"
import { deriveStream } from "../../engine/random/stream.ts"
import type { FairnessBet } from "./types.ts"

export interface Tally {
  readonly rounds: number
  readonly staked: bigint
  readonly returned: bigint
  /** moments of the per-round (staked, returned), in units of `scale` chips */
  readonly scale: number
  readonly sum_s: number
  readonly sum_r: number
  readonly sum_ss: number
  readonly sum_rr: number
  readonly sum_rs: number
}

export const emptyTally = (scale = 1): Tally => ({ rounds: 0, staked: 0n, returned: 0n, scale, sum_s: 0, sum_r: 0, sum_ss: 0, sum_rr: 0, sum_rs: 0 })

/** One name per measured bet: game, bet, rules and super mode. */
export const betKey = (b: Pick<FairnessBet, "game" | "bet_type" | "rules" | "super_mode">): string =>
  `${b.game}|${b.bet_type}|${b.rules}|${b.super_mode ? "super" : "base"}`

export const chunkDomain = (key: string): string => `nullspace/fairness/${key}`

/** Play `rounds` rounds of `bet` from chunk `chunk`'s stream. */
export const runChunk = (bet: FairnessBet, seed: Uint8Array, chunk: number, rounds: number): Tally => {
  const io = streamOutcomes(deriveStream(seed, chunkDomain(betKey(bet)), BigInt(chunk), 0))
  const next = bet.openTable !== undefined ? bet.openTable(io) : () => bet.playRound(io)
  let staked = 0n
  let returned = 0n
  let scale = 0
  let sum_s = 0
  let sum_r = 0
  let sum_ss = 0
  let sum_rr = 0
  let sum_rs = 0
  for (let i = 0; i < rounds; i++) {
    const r = next()
    staked += r.staked
    returned += r.returned
    if (scale === 0) scale = r.staked > 0n ? Number(r.staked) : 1
    const s = Number(r.staked) / scale
    const x = Number(r.returned) / scale
    sum_s += s
    sum_r += x
    sum_ss += s * s
    sum_rr += x * x
    sum_rs += x * s
  }
  return { rounds, staked, returned, scale: scale === 0 ? 1 : scale, sum_s, sum_r, sum_ss, sum_rr, sum_rs }
}

/** Merge tallies (in the order given, so float moments are reproducible). */
export const mergeTallies = (ts: ReadonlyArray<Tally>): Tally => {
  const first = ts.find((t) => t.rounds > 0)
  const scale = first?.scale ?? 1
  return ts.reduce<Tally>((a, t) => {
    const k = t.scale / scale
    return {
      rounds: a.rounds + t.rounds,
      staked: a.staked + t.staked,
      returned: a.returned + t.returned,
      scale,
      sum_s: a.sum_s + t.sum_s * k,
      sum_r: a.sum_r + t.sum_r * k,
      sum_ss: a.sum_ss + t.sum_ss * k * k,
      sum_rr: a.sum_rr + t.sum_rr * k * k,
      sum_rs: a.sum_rs + t.sum_rs * k * k
    }
  }, emptyTally(scale))
}

export interface Estimate {
  /** Σ returned / Σ staked */
  readonly rtp: number
  /** standard error of the ratio estimator (delta method) */
  readonly stderr: number
}

export const estimate = (t: Tally): Estimate => {
  if (t.staked === 0n) return { rtp: Number.NaN, stderr: Number.NaN }
  const rtp = Number((t.returned * 1_000_000_000_000n) / t.staked) / 1e12
  if (t.rounds < 2) return { rtp, stderr: Number.NaN }
  // residual d = r − rtp·s has mean 0 by construction; Var(rtp) ≈ Σd² / (n(n−1)) / mean(s)²
  const sumD2 = t.sum_rr - 2 * rtp * t.sum_rs + rtp * rtp * t.sum_ss
  const meanS = t.sum_s / t.rounds
  const stderr = Math.sqrt(Math.max(sumD2, 0) / (t.rounds * (t.rounds - 1))) / meanS
  return { rtp, stderr }
}
