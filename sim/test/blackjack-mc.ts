/** Seeded Monte Carlo of a fairness bet through the engine's rules (shared by the card-game fairness tests). */
import { sha256 } from "../../engine/crypto/sha256.ts"
import { utf8 } from "../../engine/codec/bytes.ts"
import { streamOutcomes } from "../../engine/games/outcomes.ts"
import { RandomStream } from "../../engine/random/stream.ts"
import type { FairnessBet } from "../fairness/types.ts"

/**
 * RTP of n rounds and its standard error, from the sample's per-round variance of
 * (return − rtp × stake), or from `sd_floor` (per unit staked) when that is larger: a known
 * standard deviation for games whose variance sits in outcomes too rare for a small sample.
 */
export const monteCarlo = (bet: FairnessBet, rounds: number, seed: string, sd_floor = 0): { rtp: number; se: number } => {
  const io = streamOutcomes(new RandomStream(sha256(utf8(seed))))
  const staked: number[] = []
  const returned: number[] = []
  for (let i = 0; i < rounds; i++) {
    const r = bet.playRound(io)
    staked.push(Number(r.staked))
    returned.push(Number(r.returned))
  }
  const S = staked.reduce((a, b) => a + b, 0)
  const R = returned.reduce((a, b) => a + b, 0)
  const rtp = R / S
  const meanStake = S / rounds
  // ratio estimator: residuals returned − rtp × staked
  const variance = returned.reduce((a, x, i) => a + (x - rtp * staked[i]!) ** 2, 0) / (rounds - 1)
  const sd = Math.max(Math.sqrt(variance), sd_floor * meanStake)
  return { rtp, se: sd / Math.sqrt(rounds) / meanStake }
}
