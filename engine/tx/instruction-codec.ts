/**
 * Canonical bytes of an instruction (chain-and-services.md §2.2, economy.md §2.0): one tag byte,
 * then the fields in the order of the table below. This table is the only definition: it drives
 * both encoding and decoding, and is checked against the Instruction Schema when built (every
 * member has a tag, every entry names exactly its member's fields). These bytes are what a
 * transaction signs and what its digest covers.
 *
 * Tags 10–46 follow the spec; 47 (WithdrawCollateral) is a Null/Space addition (B19), and so is
 * 48 (RefundBridgeWithdrawal, economy.md §2.34).
 */
import { type ByteReader, type ByteWriter } from "../codec/bytes.ts"
import { decodeExact, encode } from "../codec/codec.ts"
import { ALLOCATION_CODEC, POLICY_CODEC, VESTING_CODEC } from "../codec/economy-records.ts"
import { bool, bytes, bytesU32, casinoString, enumU8, hexFixed, u64, u8, u8Upto } from "../codec/primitives.ts"
import { taggedUnion, type Variant } from "../codec/union.ts"
import { MAX_BRIDGE_BYTES, MAX_MOVE_PAYLOAD_BYTES, MAX_PLAYER_NAME_BYTES } from "../chain/constants.ts"
import { BRIDGE_REFUND_REASONS } from "../economy/bridge/refund-reason.ts"
import { PublicKey } from "../schema/primitives.ts"
import { GAME_TYPES, Instruction } from "./instruction.ts"

const key = hexFixed(32, PublicKey)
const bridgeBytes = bytes(MAX_BRIDGE_BYTES)
const amount = { amount: u64 }

/** tag → (Schema member, wire fields in order) */
export const INSTRUCTION_TABLE: ReadonlyArray<Variant> = [
  { code: 10, tag: "CasinoRegister", fields: { name: casinoString(MAX_PLAYER_NAME_BYTES) } },
  { code: 11, tag: "CasinoDeposit", fields: amount },
  { code: 12, tag: "StartGame", fields: { game_type: u8Upto("game type", GAME_TYPES.length - 1), bet: u64, session_id: u64 } },
  { code: 13, tag: "GameMove", fields: { session_id: u64, payload: bytesU32(MAX_MOVE_PAYLOAD_BYTES) } },
  { code: 14, tag: "PlayerAction", fields: { action: u8Upto("player action", 2) } },
  { code: 15, tag: "CasinoSetTournamentLimit", fields: { player: key, daily_limit: u8 } },
  { code: 16, tag: "CasinoJoinTournament", fields: { tournament_id: u64 } },
  { code: 17, tag: "CasinoStartTournament", fields: { tournament_id: u64, start_time_ms: u64, end_time_ms: u64 } },
  { code: 18, tag: "Stake", fields: { amount: u64, duration: u64 } },
  { code: 19, tag: "Unstake" },
  { code: 20, tag: "ClaimRewards" },
  { code: 21, tag: "ProcessEpoch" },
  { code: 22, tag: "CreateVault" },
  { code: 23, tag: "DepositCollateral", fields: amount },
  { code: 24, tag: "BorrowUSDT", fields: amount },
  { code: 25, tag: "RepayUSDT", fields: amount },
  { code: 26, tag: "Swap", fields: { amount_in: u64, min_amount_out: u64, is_buying_rng: bool } },
  { code: 27, tag: "AddLiquidity", fields: { rng_amount: u64, usdt_amount: u64 } },
  { code: 28, tag: "RemoveLiquidity", fields: { shares: u64 } },
  { code: 29, tag: "CasinoEndTournament", fields: { tournament_id: u64 } },
  { code: 30, tag: "LiquidateVault", fields: { target: key } },
  { code: 31, tag: "SetPolicy", fields: { policy: POLICY_CODEC } },
  { code: 32, tag: "SetTreasury", fields: { allocation: ALLOCATION_CODEC } },
  { code: 33, tag: "FundRecoveryPool", fields: amount },
  { code: 34, tag: "RetireVaultDebt", fields: { target: key, amount: u64 } },
  { code: 35, tag: "RetireWorstVaultDebt", fields: amount },
  { code: 36, tag: "DepositSavings", fields: amount },
  { code: 37, tag: "WithdrawSavings", fields: amount },
  { code: 38, tag: "ClaimSavingsRewards" },
  { code: 39, tag: "SeedAmm", fields: { rng_amount: u64, usdt_amount: u64, boot_num: u64, boot_den: u64 } },
  { code: 40, tag: "FinalizeAmmBootstrap" },
  { code: 41, tag: "SetTreasuryVesting", fields: { schedules: VESTING_CODEC } },
  { code: 42, tag: "ReleaseTreasuryAllocation", fields: { bucket: u8Upto("treasury bucket", 5), amount: u64 } },
  { code: 43, tag: "BridgeWithdraw", fields: { amount: u64, destination: bridgeBytes } },
  { code: 44, tag: "BridgeDeposit", fields: { recipient: key, amount: u64, source: bridgeBytes } },
  { code: 45, tag: "FinalizeBridgeWithdrawal", fields: { withdrawal_id: u64, source: bridgeBytes } },
  {
    code: 46,
    tag: "UpdateOracle",
    fields: { price_vusdt_numerator: u64, price_rng_denominator: u64, updated_ts: u64, source: bridgeBytes }
  },
  { code: 47, tag: "WithdrawCollateral", fields: amount },
  { code: 48, tag: "RefundBridgeWithdrawal", fields: { withdrawal_id: u64, reason: enumU8("bridge refund reason", BRIDGE_REFUND_REASONS) } }
]

export const INSTRUCTION_CODEC = taggedUnion("instruction", Instruction, INSTRUCTION_TABLE)

export const writeInstruction = (w: ByteWriter, ix: Instruction): void => INSTRUCTION_CODEC.write(w, ix)

export const readInstruction = (r: ByteReader): Instruction => INSTRUCTION_CODEC.read(r)

export const encodeInstruction = (ix: Instruction): Uint8Array => encode(INSTRUCTION_CODEC, ix)

/** Decode exactly one instruction; trailing bytes are an error. */
export const decodeInstruction = (bytes: Uint8Array): Instruction => decodeExact(INSTRUCTION_CODEC, bytes)
