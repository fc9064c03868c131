/**
 * Binary codec of events (the event log, chain-and-services.md §2.5): one tag byte, then the
 * event's fields in the order of the table below, which is the order of the event's Schema
 * (engine/events.ts, engine/economy/events.ts). One table drives both directions.
 *
 * Tags: the spec's where the event exists there (20–58); Null/Space's own events take 100 and up:
 *   100 SuperSettled · 101 CollateralWithdrawn · 102 TournamentLimitSet · 103 AdminAudit ·
 *   104 BridgeWithdrawalRefunded.
 * LeaderboardUpdated takes the spec's 24 (leaderboard updated); 27 (tournament phase changed) has
 * no Null/Space event.
 * Payloads are Null/Space's event fields, not the reference's (which also embed balance snapshots
 * and whole records, economy.md §2.0). Encodings (§0): keys 32 bytes; amounts u64; signed PnL i128
 * and voting power u128 (16 bytes big-endian); text a casino string (u32 length, ≤ 64 KiB); byte
 * strings a varint length ≤ 64; counts (move_number, multiplier_tenths) u32; error codes and the
 * daily limit u8; lists a varint count (≤ 256 log lines, ≤ 65 536 rankings); `session_id` of a
 * CasinoError an Option<u64>; a tournament id an Option<u64> (null = cash). GameCompleted ends with
 * its three modifier flags (bool each) and the final session record: id u64, player, game type u8
 * (GAME_TYPES order), bet u64, the game's state (codec/value.ts), move count u32, created view u64,
 * complete bool, total charged / credited u64, Option<super record> (fees paid, fees refunded,
 * stakes, lifted u64; Option<u32> multiplier; bonus u64), Option<u64> tournament, shield, double.
 */
import { decodeExact, encode } from "./codec.ts"
import { ALLOCATION_CODEC, POLICY_CODEC, VESTING_CODEC } from "./economy-records.ts"
import { bool, bytes, casinoString, enumU8, hexFixed, i128, option, u128, u32, u64, u8, vec } from "./primitives.ts"
import { struct } from "./struct.ts"
import { taggedUnion, type Variant } from "./union.ts"
import { WIRE_VALUE } from "./value.ts"
import { MAX_BRIDGE_BYTES } from "../chain/constants.ts"
import { Schema } from "effect"
import { Standing } from "../casino/leaderboard.ts"
import { BRIDGE_REFUND_REASONS } from "../economy/bridge/refund-reason.ts"
import { Event } from "../events.ts"
import { GameSession } from "../games/session-record.ts"
import { SuperRecord } from "../games/super-mode/ledger.ts"
import { GAME_TYPES } from "../tx/instruction.ts"
import { PublicKey, U64 } from "../schema/primitives.ts"

export const EVENT_TEXT_BYTES_MAX = 65_536
export const EVENT_LOGS_MAX = 256
export const EVENT_RANKINGS_MAX = 65_536

const key = hexFixed(32, PublicKey)
const text = casinoString(EVENT_TEXT_BYTES_MAX)
const logs = vec(text, { count: "varint", min: 0, max: EVENT_LOGS_MAX })
const source = bytes(MAX_BRIDGE_BYTES)
const Ranking = Schema.Struct({ player: PublicKey, chips: U64, prize: U64 })
const ranking = struct("ranking", Ranking, { player: key, chips: u64, prize: u64 })
const standing = struct("standing", Standing, { player: key, chips: u64, since_view: u64 })
const tournament = option(u64)
const superRecord = struct("super record", SuperRecord, {
  fees_paid: u64,
  fees_refunded: u64,
  stakes: u64,
  lifted: u64,
  multiplier_tenths: option(u32),
  bonus: u64
})
const session = struct("game session", GameSession, {
  id: u64,
  player: key,
  game_type: enumU8("game type", GAME_TYPES),
  bet: u64,
  state: WIRE_VALUE,
  move_count: u32,
  created_view: u64,
  is_complete: bool,
  total_charged: u64,
  total_credited: u64,
  super_mode: option(superRecord),
  tournament_id: tournament,
  shield: bool,
  double: bool
})

/** tag → (Schema member, wire fields in order) */
export const EVENT_TABLE: ReadonlyArray<Variant> = [
  { code: 20, tag: "PlayerRegistered", fields: { player: key, name: text } },
  { code: 21, tag: "GameStarted", fields: { session_id: u64, player: key, game_type: text, bet: u64, tournament_id: tournament } },
  {
    code: 22,
    tag: "GameMoved",
    fields: { session_id: u64, player: key, move_number: u32, charged: u64, credited: u64, logs }
  },
  {
    code: 23,
    tag: "GameCompleted",
    fields: {
      session_id: u64,
      player: key,
      game_type: text,
      payout: i128,
      total_charged: u64,
      total_credited: u64,
      final_chips: u64,
      logs,
      tournament_id: tournament,
      was_shielded: bool,
      was_doubled: bool,
      forfeited: bool,
      session
    }
  },
  { code: 24, tag: "LeaderboardUpdated", fields: { tournament_id: tournament, entries: vec(standing, { count: "varint", min: 0, max: EVENT_RANKINGS_MAX }) } },
  { code: 25, tag: "TournamentStarted", fields: { admin: key, tournament_id: u64, start_view: u64, prize_pool: u64 } },
  { code: 26, tag: "PlayerJoined", fields: { tournament_id: u64, player: key } },
  {
    code: 28,
    tag: "TournamentEnded",
    fields: { admin: key, tournament_id: u64, rankings: vec(ranking, { count: "varint", min: 0, max: EVENT_RANKINGS_MAX }) }
  },
  { code: 29, tag: "CasinoError", fields: { player: key, session_id: option(u64), error_code: u8, error: text, message: text } },
  { code: 30, tag: "VaultCreated", fields: { player: key } },
  { code: 31, tag: "CollateralDeposited", fields: { player: key, amount: u64, new_collateral: u64 } },
  { code: 32, tag: "VusdtBorrowed", fields: { player: key, amount: u64, new_debt: u64 } },
  { code: 33, tag: "VusdtRepaid", fields: { player: key, amount: u64, new_debt: u64 } },
  {
    code: 34,
    tag: "AmmSwapped",
    fields: {
      player: key,
      is_buying_rng: bool,
      amount_in: u64,
      amount_out: u64,
      fee_amount: u64,
      burned_amount: u64,
      reserve_rng: u64,
      reserve_vusdt: u64
    }
  },
  {
    code: 35,
    tag: "LiquidityAdded",
    fields: {
      player: key,
      rng_amount: u64,
      vusdt_amount: u64,
      shares_minted: u64,
      total_shares: u64,
      reserve_rng: u64,
      reserve_vusdt: u64,
      lp_balance: u64
    }
  },
  {
    code: 36,
    tag: "LiquidityRemoved",
    fields: {
      player: key,
      rng_amount: u64,
      vusdt_amount: u64,
      shares_burned: u64,
      total_shares: u64,
      reserve_rng: u64,
      reserve_vusdt: u64,
      lp_balance: u64
    }
  },
  {
    code: 37,
    tag: "Staked",
    fields: { player: key, amount: u64, duration: u64, new_balance: u64, unlock_ts: u64, voting_power: u128 }
  },
  { code: 38, tag: "Unstaked", fields: { player: key, amount: u64 } },
  { code: 39, tag: "EpochProcessed", fields: { epoch: u64, net_pnl: i128, distributed: u64 } },
  { code: 40, tag: "RewardsClaimed", fields: { player: key, amount: u64 } },
  { code: 41, tag: "Deposited", fields: { player: key, amount: u64, new_chips: u64 } },
  { code: 42, tag: "ModifierToggled", fields: { player: key, modifier: enumU8("modifier", ["shield", "double", "super"]), armed: bool } },
  { code: 43, tag: "PolicyUpdated", fields: { admin: key, policy: POLICY_CODEC } },
  {
    code: 44,
    tag: "VaultLiquidated",
    fields: {
      player: key,
      target: key,
      repay_amount: u64,
      collateral_seized: u64,
      remaining_debt: u64,
      remaining_collateral: u64,
      penalty_to_house: u64
    }
  },
  { code: 45, tag: "RecoveryPoolFunded", fields: { admin: key, amount: u64, new_balance: u64 } },
  { code: 46, tag: "RecoveryPoolRetired", fields: { admin: key, target: key, amount: u64, new_debt: u64, pool_balance: u64 } },
  { code: 47, tag: "TreasuryUpdated", fields: { admin: key, allocation: ALLOCATION_CODEC } },
  { code: 48, tag: "SavingsDeposited", fields: { player: key, amount: u64, new_balance: u64 } },
  { code: 49, tag: "SavingsWithdrawn", fields: { player: key, amount: u64, new_balance: u64 } },
  { code: 50, tag: "SavingsRewardsClaimed", fields: { player: key, amount: u64 } },
  {
    code: 51,
    tag: "AmmBootstrapped",
    fields: {
      admin: key,
      rng_amount: u64,
      vusdt_amount: u64,
      shares_minted: u64,
      reserve_rng: u64,
      reserve_vusdt: u64,
      boot_num: u64,
      boot_den: u64
    }
  },
  { code: 52, tag: "AmmBootstrapFinalized", fields: { admin: key, price_num: u64, price_den: u64, finalized_ts: u64 } },
  { code: 53, tag: "TreasuryVestingUpdated", fields: { admin: key, vesting: VESTING_CODEC } },
  {
    code: 54,
    tag: "TreasuryAllocationReleased",
    fields: { admin: key, bucket: text, amount: u64, total_released: u64, total_vested: u64, total_allocation: u64 }
  },
  {
    code: 55,
    tag: "BridgeWithdrawalRequested",
    fields: { id: u64, player: key, amount: u64, destination: source, requested_ts: u64, available_ts: u64 }
  },
  { code: 56, tag: "BridgeWithdrawalFinalized", fields: { id: u64, admin: key, amount: u64, source, fulfilled_ts: u64 } },
  { code: 57, tag: "BridgeDepositCredited", fields: { admin: key, player: key, amount: u64, source } },
  {
    code: 58,
    tag: "OracleUpdated",
    fields: { admin: key, price_vusdt_numerator: u64, price_rng_denominator: u64, updated_ts: u64, source }
  },
  {
    code: 100,
    tag: "SuperSettled",
    fields: { session_id: u64, player: key, game_type: text, multiplier_tenths: u32, lifted: u64, bonus: u64, fees: u64 }
  },
  { code: 101, tag: "CollateralWithdrawn", fields: { player: key, amount: u64, new_collateral: u64 } },
  { code: 102, tag: "TournamentLimitSet", fields: { admin: key, player: key, daily_limit: u8 } },
  { code: 103, tag: "AdminAudit", fields: { admin: key, instruction: text, instruction_digest: text } },
  {
    code: 104,
    tag: "BridgeWithdrawalRefunded",
    fields: { id: u64, admin: key, player: key, amount: u64, reason: enumU8("bridge refund reason", BRIDGE_REFUND_REASONS), refunded_ts: u64 }
  }
]

export const EVENT_CODEC = taggedUnion("event", Event, EVENT_TABLE)

export const encodeEvent = (e: Event): Uint8Array => encode(EVENT_CODEC, e, 128)

/** Decode exactly one event; trailing bytes are an error. */
export const decodeEvent = (b: Uint8Array): Event => decodeExact(EVENT_CODEC, b)
