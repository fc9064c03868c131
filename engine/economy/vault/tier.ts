/** Account tiers (economy.md §3.13): the maximum LTV a key may borrow to. */
import type { Player } from "../../casino/player.ts"
import type { Policy } from "../policy.ts"

export const ACCOUNT_TIER_MATURE_SECS = 2_592_000n
export const ACCOUNT_TIER2_STAKE_MIN = 1_000n

export const maxLtvBps = (policy: Policy, player: Player | undefined, staked: bigint, now_s: bigint): bigint => {
  if (player === undefined || player.created_ts === 0n) return BigInt(policy.max_ltv_bps_new)
  const age = now_s > player.created_ts ? now_s - player.created_ts : 0n
  return age >= ACCOUNT_TIER_MATURE_SECS && staked >= ACCOUNT_TIER2_STAKE_MIN ? BigInt(policy.max_ltv_bps_mature) : BigInt(policy.max_ltv_bps_new)
}
