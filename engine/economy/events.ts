/**
 * Economy events (economy.md §2.0). Every event about one account carries it as `player`;
 * every privileged action carries the signing `admin` (the audit trail; dispatch also emits an
 * AdminAudit event for each applied admin instruction).
 */
import { Schema } from "effect"
import { BridgeRefundReason } from "./bridge/refund-reason.ts"
import { Policy } from "./policy.ts"
import { TreasuryAllocation, TreasuryVesting } from "./treasury-records.ts"
import { I128, PublicKey, U128, U64 } from "../schema/primitives.ts"

const hex = Schema.Uint8ArrayFromHex

export const VaultCreated = Schema.TaggedStruct("VaultCreated", { player: PublicKey })
export const CollateralDeposited = Schema.TaggedStruct("CollateralDeposited", { player: PublicKey, amount: U64, new_collateral: U64 })
export const CollateralWithdrawn = Schema.TaggedStruct("CollateralWithdrawn", { player: PublicKey, amount: U64, new_collateral: U64 })
export const VusdtBorrowed = Schema.TaggedStruct("VusdtBorrowed", { player: PublicKey, amount: U64, new_debt: U64 })
export const VusdtRepaid = Schema.TaggedStruct("VusdtRepaid", { player: PublicKey, amount: U64, new_debt: U64 })
export const AmmSwapped = Schema.TaggedStruct("AmmSwapped", {
  player: PublicKey,
  is_buying_rng: Schema.Boolean,
  amount_in: U64,
  amount_out: U64,
  fee_amount: U64,
  burned_amount: U64,
  reserve_rng: U64,
  reserve_vusdt: U64
})
export const LiquidityAdded = Schema.TaggedStruct("LiquidityAdded", {
  player: PublicKey,
  rng_amount: U64,
  vusdt_amount: U64,
  shares_minted: U64,
  total_shares: U64,
  reserve_rng: U64,
  reserve_vusdt: U64,
  lp_balance: U64
})
export const LiquidityRemoved = Schema.TaggedStruct("LiquidityRemoved", {
  player: PublicKey,
  rng_amount: U64,
  vusdt_amount: U64,
  shares_burned: U64,
  total_shares: U64,
  reserve_rng: U64,
  reserve_vusdt: U64,
  lp_balance: U64
})
export const Staked = Schema.TaggedStruct("Staked", {
  player: PublicKey,
  amount: U64,
  duration: U64,
  new_balance: U64,
  unlock_ts: U64,
  voting_power: U128
})
export const Unstaked = Schema.TaggedStruct("Unstaked", { player: PublicKey, amount: U64 })
export const EpochProcessed = Schema.TaggedStruct("EpochProcessed", { epoch: U64, net_pnl: I128, distributed: U64 })
export const RewardsClaimed = Schema.TaggedStruct("RewardsClaimed", { player: PublicKey, amount: U64 })
export const PolicyUpdated = Schema.TaggedStruct("PolicyUpdated", { admin: PublicKey, policy: Policy })
export const VaultLiquidated = Schema.TaggedStruct("VaultLiquidated", {
  player: PublicKey,
  target: PublicKey,
  repay_amount: U64,
  collateral_seized: U64,
  remaining_debt: U64,
  remaining_collateral: U64,
  penalty_to_house: U64
})
export const RecoveryPoolFunded = Schema.TaggedStruct("RecoveryPoolFunded", { admin: PublicKey, amount: U64, new_balance: U64 })
export const RecoveryPoolRetired = Schema.TaggedStruct("RecoveryPoolRetired", {
  admin: PublicKey,
  target: PublicKey,
  amount: U64,
  new_debt: U64,
  pool_balance: U64
})
export const TreasuryUpdated = Schema.TaggedStruct("TreasuryUpdated", { admin: PublicKey, allocation: TreasuryAllocation })
export const SavingsDeposited = Schema.TaggedStruct("SavingsDeposited", { player: PublicKey, amount: U64, new_balance: U64 })
export const SavingsWithdrawn = Schema.TaggedStruct("SavingsWithdrawn", { player: PublicKey, amount: U64, new_balance: U64 })
export const SavingsRewardsClaimed = Schema.TaggedStruct("SavingsRewardsClaimed", { player: PublicKey, amount: U64 })
export const AmmBootstrapped = Schema.TaggedStruct("AmmBootstrapped", {
  admin: PublicKey,
  rng_amount: U64,
  vusdt_amount: U64,
  shares_minted: U64,
  reserve_rng: U64,
  reserve_vusdt: U64,
  boot_num: U64,
  boot_den: U64
})
export const AmmBootstrapFinalized = Schema.TaggedStruct("AmmBootstrapFinalized", {
  admin: PublicKey,
  price_num: U64,
  price_den: U64,
  finalized_ts: U64
})
export const TreasuryVestingUpdated = Schema.TaggedStruct("TreasuryVestingUpdated", { admin: PublicKey, vesting: TreasuryVesting })
export const TreasuryAllocationReleased = Schema.TaggedStruct("TreasuryAllocationReleased", {
  admin: PublicKey,
  bucket: Schema.String,
  amount: U64,
  total_released: U64,
  total_vested: U64,
  total_allocation: U64
})
export const BridgeWithdrawalRequested = Schema.TaggedStruct("BridgeWithdrawalRequested", {
  id: U64,
  player: PublicKey,
  amount: U64,
  destination: hex,
  requested_ts: U64,
  available_ts: U64
})
export const BridgeWithdrawalFinalized = Schema.TaggedStruct("BridgeWithdrawalFinalized", {
  id: U64,
  admin: PublicKey,
  amount: U64,
  source: hex,
  fulfilled_ts: U64
})
/** a pending withdrawal's RNG returned to its player (it will never be finalized; economy.md §2.34) */
export const BridgeWithdrawalRefunded = Schema.TaggedStruct("BridgeWithdrawalRefunded", {
  id: U64,
  admin: PublicKey,
  player: PublicKey,
  amount: U64,
  reason: BridgeRefundReason,
  refunded_ts: U64
})
export const BridgeDepositCredited = Schema.TaggedStruct("BridgeDepositCredited", { admin: PublicKey, player: PublicKey, amount: U64, source: hex })
export const OracleUpdated = Schema.TaggedStruct("OracleUpdated", {
  admin: PublicKey,
  price_vusdt_numerator: U64,
  price_rng_denominator: U64,
  updated_ts: U64,
  source: hex
})
export const TournamentLimitSet = Schema.TaggedStruct("TournamentLimitSet", { admin: PublicKey, player: PublicKey, daily_limit: Schema.Number })
export const TournamentStarted = Schema.TaggedStruct("TournamentStarted", { admin: PublicKey, tournament_id: U64, start_view: U64, prize_pool: U64 })
export const PlayerJoined = Schema.TaggedStruct("PlayerJoined", { tournament_id: U64, player: PublicKey })
export const TournamentEnded = Schema.TaggedStruct("TournamentEnded", {
  admin: PublicKey,
  tournament_id: U64,
  rankings: Schema.Array(Schema.Struct({ player: PublicKey, chips: U64, prize: U64 }))
})
/** one per applied admin instruction: who, what, and a digest of its canonical bytes */
export const AdminAudit = Schema.TaggedStruct("AdminAudit", { admin: PublicKey, instruction: Schema.String, instruction_digest: Schema.String })

export const ECONOMY_EVENTS = [
  VaultCreated,
  CollateralDeposited,
  CollateralWithdrawn,
  VusdtBorrowed,
  VusdtRepaid,
  AmmSwapped,
  LiquidityAdded,
  LiquidityRemoved,
  Staked,
  Unstaked,
  EpochProcessed,
  RewardsClaimed,
  PolicyUpdated,
  VaultLiquidated,
  RecoveryPoolFunded,
  RecoveryPoolRetired,
  TreasuryUpdated,
  SavingsDeposited,
  SavingsWithdrawn,
  SavingsRewardsClaimed,
  AmmBootstrapped,
  AmmBootstrapFinalized,
  TreasuryVestingUpdated,
  TreasuryAllocationReleased,
  BridgeWithdrawalRequested,
  BridgeWithdrawalFinalized,
  BridgeDepositCredited,
  OracleUpdated,
  TournamentLimitSet,
  TournamentStarted,
  PlayerJoined,
  TournamentEnded,
  AdminAudit,
  BridgeWithdrawalRefunded
] as const
