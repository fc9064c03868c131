/**
 * Staking rewards (economy.md §3.12): voting power = amount × duration (views); an accumulator of
 * reward per voting power scaled by 10^18. Each epoch's surplus enters the reward pool in full and
 * the part below one accumulator step is carried in scaled units (B30 fixed), so
 *   Σ owed to stakers ≤ staking_reward_pool at all times.
 */
import type { House } from "../../casino/house.ts"
import type { Staker } from "./staker.ts"

export const SCALE = 10n ** 18n
export const EPOCH_LENGTH_VIEWS = 100n

export const pendingOf = (s: Staker, acc: bigint): bigint => (s.voting_power * acc - s.reward_debt_x18) / SCALE

/** move what the accumulator owes into `unclaimed_rewards`, then re-sync */
export const settleStaker = (s: Staker, acc: bigint): Staker => ({
  ...s,
  unclaimed_rewards: s.unclaimed_rewards + pendingOf(s, acc),
  reward_debt_x18: s.voting_power * acc
})

export const emptyStaker = (): Staker => ({ balance: 0n, unlock_ts: 0n, last_claim_epoch: 0n, voting_power: 0n, reward_debt_x18: 0n, unclaimed_rewards: 0n })

export interface EpochClose {
  readonly house: House
  readonly distributed: bigint
}

/**
 * Close the epoch: a positive net PnL is paid to stakers out of the house's game balance; with no
 * stakers the house keeps it. A losing epoch is carried into the next one (B13: losses are not
 * forgiven, so stakers are only paid for profit the house actually kept).
 */
export const closeEpoch = (h: House, view: bigint): EpochClose => {
  const surplus = h.net_pnl > 0n && h.total_voting_power > 0n ? h.net_pnl : 0n
  let next: House = { ...h, current_epoch: h.current_epoch + 1n, epoch_start_view: view, net_pnl: h.net_pnl < 0n ? h.net_pnl : 0n }
  if (surplus === 0n) return { house: next, distributed: 0n }
  const scaled = surplus * SCALE + h.staking_reward_remainder_x18
  const inc = scaled / h.total_voting_power
  next = {
    ...next,
    staking_reward_per_voting_power_x18: h.staking_reward_per_voting_power_x18 + inc,
    staking_reward_remainder_x18: scaled - inc * h.total_voting_power,
    staking_reward_pool: h.staking_reward_pool + surplus,
    game_balance: h.game_balance - surplus
  }
  return { house: next, distributed: surplus }
}
