/**
 * The savings pool's reward-per-share accumulator (economy.md §3.9), scale 10^18, with the
 * remainder kept in scaled units so entitlements never exceed what was accrued (B31 fixed):
 *   Σ unclaimed + Σ pending-by-accumulator + pending + remainder/10^18 = accrued − paid.
 */
import type { SavingsBalance, SavingsPool } from "./savings.ts"

export const SCALE = 10n ** 18n

/** stability-fee interest arrives: count it and spread it over current depositors */
export const allocateInterest = (pool: SavingsPool, interest: bigint): SavingsPool =>
  interest === 0n
    ? pool
    : distribute({ ...pool, total_rewards_accrued: pool.total_rewards_accrued + interest, pending_rewards: pool.pending_rewards + interest })

export const distribute = (pool: SavingsPool): SavingsPool => {
  if (pool.total_deposits === 0n || pool.pending_rewards === 0n) return pool
  const scaled = pool.pending_rewards * SCALE + pool.remainder_x18
  const delta = scaled / pool.total_deposits
  return {
    ...pool,
    reward_per_share_x18: pool.reward_per_share_x18 + delta,
    pending_rewards: 0n,
    remainder_x18: scaled - delta * pool.total_deposits
  }
}

/** move what the accumulator owes this balance into `unclaimed_rewards` */
export const settle = (bal: SavingsBalance, pool: SavingsPool): SavingsBalance => {
  const current = bal.deposit_balance * pool.reward_per_share_x18
  if (bal.deposit_balance === 0n) return { ...bal, reward_debt_x18: 0n }
  return { ...bal, unclaimed_rewards: bal.unclaimed_rewards + (current - bal.reward_debt_x18) / SCALE, reward_debt_x18: current }
}

/** after the deposit changes: the accumulator owes nothing more for the past */
export const sync = (bal: SavingsBalance, pool: SavingsPool): SavingsBalance => ({ ...bal, reward_debt_x18: bal.deposit_balance * pool.reward_per_share_x18 })

export const emptySavingsBalance = (): SavingsBalance => ({ deposit_balance: 0n, reward_debt_x18: 0n, unclaimed_rewards: 0n })
