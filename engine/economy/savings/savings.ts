/** The savings pool funded by stability fees, and per-key savings balances (economy.md §1.7). */
import { Schema } from "effect"
import { U128, U64 } from "../../schema/primitives.ts"
import { defineSingleton, defineTable } from "../../state/store.ts"

export const SavingsPool = Schema.Struct({
  total_deposits: U64,
  reward_per_share_x18: U128,
  pending_rewards: U64,
  total_rewards_accrued: U64,
  total_rewards_paid: U64,
  /** the part of distributed rewards below one accumulator step, scaled by 10^18 (B31) */
  remainder_x18: U128
})
export type SavingsPool = typeof SavingsPool.Type

export const savingsPool = defineSingleton("savings_pool", SavingsPool, () => ({
  total_deposits: 0n,
  reward_per_share_x18: 0n,
  pending_rewards: 0n,
  total_rewards_accrued: 0n,
  total_rewards_paid: 0n,
  remainder_x18: 0n
}))

export const SavingsBalance = Schema.Struct({ deposit_balance: U64, reward_debt_x18: U128, unclaimed_rewards: U64 })
export type SavingsBalance = typeof SavingsBalance.Type

export const savingsBalances = defineTable("savings_balance", SavingsBalance)
