/**
 * Small seeded Monte Carlo of one FairnessBet through the engine: the measured RTP and its
 * standard error (from the exact second moment when known, else from the sample).
 */
import { sha256 } from "../../engine/crypto/sha256.ts"
import { streamOutcomes } from "../../engine/games/outcomes.ts"
import { RandomStream } from "../../engine/random/stream.ts"
import type { FairnessBet } from "../fairness/types.ts"

export interface McResult {
  readonly rtp: number
  readonly se: number
  readonly z: number
}

export const monteCarlo = (bet: FairnessBet, rounds: number, seed: string, secondMoment?: number): McResult => {
  const io = streamOutcomes(new RandomStream(sha256(new TextEncoder().encode(`${seed}/${bet.game}/${bet.bet_type}/${bet.rules}`))))
  const theory = bet.theoretical_rtp
  let staked = 0
  let returned = 0
  let dev2 = 0
  for (let i = 0; i < rounds; i++) {
    const r = bet.playRound(io)
    const s = Number(r.staked)
    const x = Number(r.returned)
    staked += s
    returned += x
    dev2 += (x - theory * s) ** 2
  }
  const meanStake = staked / rounds
  const sampleSe = Math.sqrt(dev2 / rounds) / meanStake / Math.sqrt(rounds)
  const exactSe = secondMoment === undefined ? 0 : Math.sqrt(Math.max(0, secondMoment - theory * theory) / rounds)
  const se = Math.max(sampleSe, exactSe)
  const rtp = returned / staked
  return { rtp, se, z: se === 0 ? (rtp === theory ? 0 : Infinity) : (rtp - theory) / se }
}
