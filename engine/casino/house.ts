/**
 * The house record (economy.md §1.4) plus the chip ledger Null/Space adds so supply is auditable:
 *   Σ player chips + house.game_balance = house.chips_minted            (games and faucet only)
 * Later modules extend the right-hand side with what they create and destroy (see docs/economy.md).
 */
import { Schema } from "effect"
import { I128, U128, U64 } from "../schema/primitives.ts"
import { defineSingleton } from "../state/store.ts"

export const House = Schema.Struct({
  current_epoch: U64,
  epoch_start_view: U64,
  /** house profit on cash games in the current epoch: + stakes, − returns; reset each epoch */
  net_pnl: I128,
  total_staked_amount: U64,
  total_voting_power: U128,
  accumulated_fees_rng: U64,
  accumulated_fees_vusdt: U64,
  total_burned: U64,
  /** freeroll credits minted as tournament prizes (capped at 150,000,000) */
  total_issuance: U64,
  total_vusdt_debt: U64,
  stability_fees_accrued: U64,
  recovery_pool_vusdt: U64,
  recovery_pool_retired: U64,
  three_card_progressive_jackpot: U64,
  uth_progressive_jackpot: U64,
  staking_reward_per_voting_power_x18: U128,
  staking_reward_pool: U64,
  /** epoch surplus not yet expressed in the accumulator, scaled by 10^18 (B30: nothing is paid twice) */
  staking_reward_remainder_x18: U128,
  /** RNG created: registration grants, faucet claims, AMM seeding, bridge deposits */
  chips_minted: U64,
  /** RNG destroyed: sell tax, the stability share of seized collateral, bridge withdrawals */
  chips_burned: U64,
  /** vUSDT created: borrowing, AMM seeding, recovery-pool funding, savings rewards */
  vusdt_minted: U64,
  /** vUSDT destroyed: repayment, liquidation repayment, debt retirement */
  vusdt_burned: U64,
  /** RNG the house holds from the stability share of liquidation penalties */
  penalty_rng: U64,
  /** lifetime chips the house holds from cash games: + stakes, − returns (may go negative) */
  game_balance: I128
})
export type House = typeof House.Type

export const emptyHouse = (): House => ({
  current_epoch: 0n,
  epoch_start_view: 0n,
  net_pnl: 0n,
  total_staked_amount: 0n,
  total_voting_power: 0n,
  accumulated_fees_rng: 0n,
  accumulated_fees_vusdt: 0n,
  total_burned: 0n,
  total_issuance: 0n,
  total_vusdt_debt: 0n,
  stability_fees_accrued: 0n,
  recovery_pool_vusdt: 0n,
  recovery_pool_retired: 0n,
  three_card_progressive_jackpot: 10_000n,
  uth_progressive_jackpot: 10_000n,
  staking_reward_per_voting_power_x18: 0n,
  staking_reward_pool: 0n,
  staking_reward_remainder_x18: 0n,
  chips_minted: 0n,
  chips_burned: 0n,
  vusdt_minted: 0n,
  vusdt_burned: 0n,
  penalty_rng: 0n,
  game_balance: 0n
})

export const house = defineSingleton("house", House, emptyHouse)
