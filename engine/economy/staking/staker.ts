/** Stakers (economy.md §1.8): staked RNG, lock-up (a view), voting power and rewards. */
import { Schema } from "effect"
import { U128, U64 } from "../../schema/primitives.ts"
import { defineTable } from "../../state/store.ts"

export const Staker = Schema.Struct({
  balance: U64,
  /** a view number */
  unlock_ts: U64,
  last_claim_epoch: U64,
  voting_power: U128,
  reward_debt_x18: U128,
  unclaimed_rewards: U64
})
export type Staker = typeof Staker.Type

export const stakers = defineTable("staker", Staker)
