/**
 * Savings and staking yields per day. Savings: rewards accrued that day (Δ savings_pool.
 * total_rewards_accrued, vUSDT) over the day-end deposits; staking: chips distributed by the
 * day's EpochProcessed events over house.total_staked_amount. Both also as a simple annual rate
 * (daily × 365). Claims are the day's SavingsRewardsClaimed / RewardsClaimed. The first day's
 * accrual is against the run's starting state (`start`).
 */
import { house } from "../../engine/casino/house.ts"
import { savingsPool } from "../../engine/economy/savings/savings.ts"
import type { BlockExecution } from "../../engine/execute/output.ts"
import { ratio, type MetricsCollector } from "./collector.ts"

const DAYS_PER_YEAR = 365

export const yieldCollector = (): MetricsCollector => {
  let prev_accrued = 0n
  let distributed = 0n
  let epochs = 0n
  let savings_claimed = 0n
  let staking_claimed = 0n
  return {
    family: "yields",
    daily_columns: [
      ["savings_deposits_vusdt", "BIGINT"],
      ["savings_rewards_vusdt", "BIGINT"],
      ["savings_claimed_vusdt", "BIGINT"],
      ["savings_yield_apr", "DOUBLE"],
      ["staked_chips", "BIGINT"],
      ["epochs_processed", "BIGINT"],
      ["staking_distributed_chips", "BIGINT"],
      ["staking_claimed_chips", "BIGINT"],
      ["staking_yield_apr", "DOUBLE"]
    ],
    start: ({ store }) => {
      prev_accrued = savingsPool.get(store).total_rewards_accrued
    },
    observeBlock: (block: BlockExecution) => {
      for (const out of block.outputs)
        for (const e of out.events) {
          if (e._tag === "EpochProcessed") {
            epochs++
            distributed += e.distributed
          } else if (e._tag === "SavingsRewardsClaimed") savings_claimed += e.amount
          else if (e._tag === "RewardsClaimed") staking_claimed += e.amount
        }
    },
    endDay: ({ store }) => {
      const pool = savingsPool.get(store)
      const rewards = pool.total_rewards_accrued - prev_accrued
      const staked = house.get(store).total_staked_amount
      const row = [
        pool.total_deposits,
        rewards,
        savings_claimed,
        ratio(rewards, pool.total_deposits) * DAYS_PER_YEAR,
        staked,
        epochs,
        distributed,
        staking_claimed,
        ratio(distributed, staked) * DAYS_PER_YEAR
      ]
      prev_accrued = pool.total_rewards_accrued
      distributed = epochs = savings_claimed = staking_claimed = 0n
      return row
    }
  }
}
