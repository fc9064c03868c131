/**
 * The instruction catalogue (chain-and-services.md §2.2, economy.md §2.0): every operation a
 * transaction can carry, as one tagged union. Field names follow the specs so that /submit bodies,
 * conformance vectors and simulation intents decode through the same schema.
 */
import { Schema } from "effect"
import { MAX_BRIDGE_BYTES, MAX_MOVE_PAYLOAD_BYTES, MAX_PLAYER_NAME_BYTES } from "../chain/constants.ts"
import { BridgeRefundReason } from "../economy/bridge/refund-reason.ts"
import { Policy } from "../economy/policy.ts"
import { TreasuryAllocation, TreasuryVesting } from "../economy/treasury-records.ts"
import { PublicKey, U64, U8 } from "../schema/primitives.ts"

const utf8Length = (s: string): number => new TextEncoder().encode(s).length

export const PlayerName = Schema.String.pipe(
  Schema.filter((s) => utf8Length(s) <= MAX_PLAYER_NAME_BYTES || `a player name is at most ${MAX_PLAYER_NAME_BYTES} UTF-8 bytes`)
)

/** Game type codes (games-a.md §1.1). */
export const GAME_TYPES = [
  "baccarat",
  "blackjack",
  "casino_war",
  "craps",
  "video_poker",
  "hilo",
  "roulette",
  "sic_bo",
  "three_card",
  "ultimate_holdem"
] as const
export type GameType = (typeof GAME_TYPES)[number]
export const GameTypeCode = Schema.Int.pipe(Schema.between(0, GAME_TYPES.length - 1))

const bytesUpTo = (max: number) =>
  Schema.Uint8ArrayFromSelf.pipe(Schema.filter((b) => b.length <= max || `at most ${max} bytes`))

export const MovePayload = bytesUpTo(MAX_MOVE_PAYLOAD_BYTES)
export const BridgeBytes = bytesUpTo(MAX_BRIDGE_BYTES)

const amount = { amount: U64 }

export const CasinoRegister = Schema.TaggedStruct("CasinoRegister", { name: PlayerName })
export const CasinoDeposit = Schema.TaggedStruct("CasinoDeposit", amount)
export const StartGame = Schema.TaggedStruct("StartGame", { game_type: GameTypeCode, bet: U64, session_id: U64 })
export const GameMove = Schema.TaggedStruct("GameMove", { session_id: U64, payload: MovePayload })
/** Toggle a modifier: 0 shield, 1 double, 2 super mode. */
export const PlayerAction = Schema.TaggedStruct("PlayerAction", { action: Schema.Int.pipe(Schema.between(0, 2)) })
export const CasinoSetTournamentLimit = Schema.TaggedStruct("CasinoSetTournamentLimit", { player: PublicKey, daily_limit: U8 })
export const CasinoJoinTournament = Schema.TaggedStruct("CasinoJoinTournament", { tournament_id: U64 })
export const CasinoStartTournament = Schema.TaggedStruct("CasinoStartTournament", {
  tournament_id: U64,
  start_time_ms: U64,
  end_time_ms: U64
})
export const CasinoEndTournament = Schema.TaggedStruct("CasinoEndTournament", { tournament_id: U64 })
export const Stake = Schema.TaggedStruct("Stake", { amount: U64, duration: U64 })
export const Unstake = Schema.TaggedStruct("Unstake", {})
export const ClaimRewards = Schema.TaggedStruct("ClaimRewards", {})
export const ProcessEpoch = Schema.TaggedStruct("ProcessEpoch", {})
export const CreateVault = Schema.TaggedStruct("CreateVault", {})
export const DepositCollateral = Schema.TaggedStruct("DepositCollateral", amount)
/** Null/Space addition (B19): collateral can leave a healthy vault, not only by liquidation. */
export const WithdrawCollateral = Schema.TaggedStruct("WithdrawCollateral", amount)
export const BorrowUSDT = Schema.TaggedStruct("BorrowUSDT", amount)
export const RepayUSDT = Schema.TaggedStruct("RepayUSDT", amount)
export const Swap = Schema.TaggedStruct("Swap", { amount_in: U64, min_amount_out: U64, is_buying_rng: Schema.Boolean })
export const AddLiquidity = Schema.TaggedStruct("AddLiquidity", { rng_amount: U64, usdt_amount: U64 })
export const RemoveLiquidity = Schema.TaggedStruct("RemoveLiquidity", { shares: U64 })
export const LiquidateVault = Schema.TaggedStruct("LiquidateVault", { target: PublicKey })
export const SetPolicy = Schema.TaggedStruct("SetPolicy", { policy: Policy })
export const SetTreasury = Schema.TaggedStruct("SetTreasury", { allocation: TreasuryAllocation })
export const FundRecoveryPool = Schema.TaggedStruct("FundRecoveryPool", amount)
export const RetireVaultDebt = Schema.TaggedStruct("RetireVaultDebt", { target: PublicKey, amount: U64 })
export const RetireWorstVaultDebt = Schema.TaggedStruct("RetireWorstVaultDebt", amount)
export const DepositSavings = Schema.TaggedStruct("DepositSavings", amount)
export const WithdrawSavings = Schema.TaggedStruct("WithdrawSavings", amount)
export const ClaimSavingsRewards = Schema.TaggedStruct("ClaimSavingsRewards", {})
export const SeedAmm = Schema.TaggedStruct("SeedAmm", { rng_amount: U64, usdt_amount: U64, boot_num: U64, boot_den: U64 })
export const FinalizeAmmBootstrap = Schema.TaggedStruct("FinalizeAmmBootstrap", {})
export const SetTreasuryVesting = Schema.TaggedStruct("SetTreasuryVesting", { schedules: TreasuryVesting })
export const ReleaseTreasuryAllocation = Schema.TaggedStruct("ReleaseTreasuryAllocation", {
  bucket: Schema.Int.pipe(Schema.between(0, 5)),
  amount: U64
})
export const BridgeWithdraw = Schema.TaggedStruct("BridgeWithdraw", { amount: U64, destination: BridgeBytes })
export const BridgeDeposit = Schema.TaggedStruct("BridgeDeposit", { recipient: PublicKey, amount: U64, source: BridgeBytes })
export const FinalizeBridgeWithdrawal = Schema.TaggedStruct("FinalizeBridgeWithdrawal", { withdrawal_id: U64, source: BridgeBytes })
/** return a pending withdrawal's RNG to its player (admin; economy.md §2.34) */
export const RefundBridgeWithdrawal = Schema.TaggedStruct("RefundBridgeWithdrawal", { withdrawal_id: U64, reason: BridgeRefundReason })
export const UpdateOracle = Schema.TaggedStruct("UpdateOracle", {
  price_vusdt_numerator: U64,
  price_rng_denominator: U64,
  updated_ts: U64,
  source: BridgeBytes
})

export const Instruction = Schema.Union(
  CasinoRegister,
  CasinoDeposit,
  StartGame,
  GameMove,
  PlayerAction,
  CasinoSetTournamentLimit,
  CasinoJoinTournament,
  CasinoStartTournament,
  CasinoEndTournament,
  Stake,
  Unstake,
  ClaimRewards,
  ProcessEpoch,
  CreateVault,
  DepositCollateral,
  WithdrawCollateral,
  BorrowUSDT,
  RepayUSDT,
  Swap,
  AddLiquidity,
  RemoveLiquidity,
  LiquidateVault,
  SetPolicy,
  SetTreasury,
  FundRecoveryPool,
  RetireVaultDebt,
  RetireWorstVaultDebt,
  DepositSavings,
  WithdrawSavings,
  ClaimSavingsRewards,
  SeedAmm,
  FinalizeAmmBootstrap,
  SetTreasuryVesting,
  ReleaseTreasuryAllocation,
  BridgeWithdraw,
  BridgeDeposit,
  FinalizeBridgeWithdrawal,
  UpdateOracle,
  RefundBridgeWithdrawal
)
export type Instruction = typeof Instruction.Type
export type InstructionTag = Instruction["_tag"]
export type InstructionOf<T extends InstructionTag> = Extract<Instruction, { readonly _tag: T }>

/** Instructions only an admin key may sign (economy.md §4.1). */
export const ADMIN_INSTRUCTIONS: ReadonlySet<InstructionTag> = new Set<InstructionTag>([
  "CasinoSetTournamentLimit",
  "CasinoStartTournament",
  "CasinoEndTournament",
  "SetPolicy",
  "UpdateOracle",
  "SetTreasury",
  "SetTreasuryVesting",
  "ReleaseTreasuryAllocation",
  "FundRecoveryPool",
  "RetireVaultDebt",
  "RetireWorstVaultDebt",
  "SeedAmm",
  "FinalizeAmmBootstrap",
  "BridgeDeposit",
  "FinalizeBridgeWithdrawal",
  "RefundBridgeWithdrawal"
])
