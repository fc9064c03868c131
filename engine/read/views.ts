/**
 * The view types of the read model (read-model.ts): what a client may read from the chain, as
 * Effect Schemas so the services' indexer can encode them for the wire and simulations can check
 * them. Records the engine stores are reused as they are (Player, GameSession, AmmPool, Policy,
 * …); a view adds only values derived from them at a given chain time (a price, a vault's
 * accrued debt and health, vested credits, pending rewards).
 */
import { Schema } from "effect"
import { Player } from "../casino/player.ts"
import { AmmPool } from "../economy/amm/pool.ts"
import { BridgeRefund, BridgeRefundTotals, BridgeState, BridgeWithdrawal } from "../economy/bridge/bridge.ts"
import { SavingsBalance, SavingsPool } from "../economy/savings/savings.ts"
import { Staker } from "../economy/staking/staker.ts"
import { Vault } from "../economy/vault/vault.ts"
import { PublicKey, U128, U64, U8 } from "../schema/primitives.ts"

/** a price as an exact fraction: `num` vUSDT per `den` RNG */
export const PriceView = Schema.Struct({ num: U64, den: U64 })
export type PriceView = typeof PriceView.Type

/** every balance one key holds, wherever it sits */
export const BalancesView = Schema.Struct({
  chips: U64,
  vusdt: U64,
  tournament_chips: U64,
  /** unlocked freeroll credits as stored, plus what has vested since the last settlement */
  freeroll_credits: U64,
  freeroll_credits_locked: U64,
  lp_shares: U64,
  staked: U64,
  savings_deposit: U64,
  vault_collateral: U64,
  vault_debt: U64
})
export type BalancesView = typeof BalancesView.Type

export const AmmView = Schema.Struct({
  pool: AmmPool,
  /** both reserves positive: trading is possible */
  tradable: Schema.Boolean,
  /** spot price (the bootstrap price while the pool holds no RNG) */
  spot: PriceView
})
export type AmmView = typeof AmmView.Type

export const VaultView = Schema.Struct({
  owner: PublicKey,
  vault: Vault,
  /** the debt with interest accrued to the read time (what a repay or liquidation would see) */
  debt_now: U64,
  borrow_price: PriceView,
  liquidation_price: PriceView,
  /** LTV at the liquidation price, bps; null when the collateral is worth nothing */
  ltv_bps: Schema.NullOr(U64),
  max_ltv_bps: U64,
  /** how much more could be borrowed now by the LTV rule alone (the debt ceiling may refuse less) */
  borrow_headroom: U64,
  liquidatable: Schema.Boolean
})
export type VaultView = typeof VaultView.Type

export const SavingsView = Schema.Struct({
  pool: SavingsPool,
  balance: SavingsBalance,
  /** rewards the balance could claim after the next distribution settles it */
  claimable: U64
})
export type SavingsView = typeof SavingsView.Type

export const StakingView = Schema.Struct({
  staker: Staker,
  current_epoch: U64,
  epoch_start_view: U64,
  /** the first view at which ProcessEpoch closes the epoch */
  epoch_due_view: U64,
  total_staked: U64,
  total_voting_power: U128,
  reward_pool: U64,
  /** unclaimed + accrued by the accumulator: what ClaimRewards would pay */
  claimable: U64,
  unlocked: Schema.Boolean
})
export type StakingView = typeof StakingView.Type

export const MembershipView = Schema.Struct({
  daily_limit: U8,
  member: Schema.Boolean,
  /** joins counted today (0 once the day has turned) */
  joins_today: U8,
  /** joins allowed today (the trial cap of the first week applied) */
  limit_today: U8,
  /** the join cooldown has passed */
  cooldown_over: Schema.Boolean
})
export type MembershipView = typeof MembershipView.Type

export const FreerollView = Schema.Struct({
  unlocked: U64,
  locked: U64,
  /** credits that settle into `unlocked` if the ledger were settled now */
  vested_since_settlement: U64,
  unlock_end_ts: U64,
  total_issuance: U64,
  issuance_cap: U64
})
export type FreerollView = typeof FreerollView.Type

/** where a bridge withdrawal stands: waiting for the EVM side, released (finalized), or refunded */
export const BridgeWithdrawalStatus = Schema.Literal("pending", "finalized", "refunded")
export type BridgeWithdrawalStatus = typeof BridgeWithdrawalStatus.Type

export const BridgeWithdrawalView = Schema.Struct({
  withdrawal: BridgeWithdrawal,
  status: BridgeWithdrawalStatus,
  /** the refund, when the RNG went back to the player */
  refund: Schema.NullOr(BridgeRefund)
})
export type BridgeWithdrawalView = typeof BridgeWithdrawalView.Type

export const BridgeView = Schema.Struct({
  state: BridgeState,
  refunds: BridgeRefundTotals,
  /** withdrawn − deposited − refunded: what deposits may still bring back */
  outstanding: U64
})
export type BridgeView = typeof BridgeView.Type

export { Player }
