/**
 * Tournament emission and payout (economy.md §3.15–3.16) in exact integer arithmetic (B9: no
 * floating point in consensus). Weights are basis points; the top ⌈15 %⌉ (at least one) are paid
 * in proportion to (1 / rank) × proof-of-play weight; rounding dust is not issued.
 */
import type { Player } from "../../casino/player.ts"
import { fail } from "../../assert.ts"
import { BPS, bpsOf, divUp, minOf as min } from "../../math.ts"

export const TOTAL_SUPPLY = 1_000_000_000n
export const PER_TOURNAMENT_PRIZE = bpsOf(TOTAL_SUPPLY, 300) / 365n / 240n
export const ISSUANCE_CAP = bpsOf(TOTAL_SUPPLY, 1_500)
export const PROOF_OF_PLAY_MIN_SESSIONS = 10n
export const PROOF_OF_PLAY_MIN_SECONDS = 1_800n
export const ACCOUNT_TIER_NEW_SECS = 604_800n


export const prizeFor = (total_issuance: bigint): bigint => min(PER_TOURNAMENT_PRIZE, ISSUANCE_CAP > total_issuance ? ISSUANCE_CAP - total_issuance : 0n)

/** proof-of-play weight in bps, in [2,000, 10,000] */
export const proofOfPlayBps = (p: Player, now_s: bigint): bigint => {
  const sw = min((p.sessions_played * BPS) / PROOF_OF_PLAY_MIN_SESSIONS, BPS)
  const tw = min((p.play_seconds * BPS) / PROOF_OF_PLAY_MIN_SECONDS, BPS)
  const act = (sw + tw) / 2n
  const age = now_s > p.created_ts ? now_s - p.created_ts : 0n
  const aw = min((age * BPS) / ACCOUNT_TIER_NEW_SECS, BPS)
  return 2_000n + (8_000n * act * aw) / (BPS * BPS)
}

/** number of paid places for n ranked players: ⌈0.15·n⌉, at least 1 (0 when nobody played) */
export const paidPlaces = (n: number): number => {
  if (!Number.isSafeInteger(n) || n < 0) fail(`paidPlaces of ${n} players`)
  if (n === 0) return 0
  const places = divUp(BigInt(n) * 15n, 100n)
  return places < 1n ? 1 : Number(places)
}

/** harmonic numerators: 720720 = lcm(1..16); larger ranks lose a fraction of a unit only */
const RANK_SCALE = 720_720n

export const payouts = (prize: bigint, weights_bps: ReadonlyArray<bigint>): bigint[] => {
  const k = paidPlaces(weights_bps.length)
  const w = weights_bps.slice(0, k).map((wb, i) => (wb * RANK_SCALE) / BigInt(i + 1))
  const total = w.reduce((a, b) => a + b, 0n)
  return w.map((x) => (total === 0n ? 0n : (prize * x) / total))
}
