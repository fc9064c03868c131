/**
 * The player record (economy.md §1.3), one per registered key. Fields keep the spec's names
 * so vectors, events and dashboards speak one vocabulary.
 */
import { Schema } from "effect"
import { U64, U8, U32, PublicKey } from "../schema/primitives.ts"
import { defineTable } from "../state/store.ts"

/**
 * The tournament stack (economy.md §1.1: play chips, never real ones) plus what tournament play
 * needs: the one open tournament session and the view at which the stack reached its figure
 * (the first tie-break of the tournament ranking, docs/economy.md T5).
 */
export const TournamentStack = Schema.Struct({
  chips: U64,
  shields: U32,
  doubles: U32,
  /** the player's open tournament session (at most one at a time, T2) */
  session: Schema.NullOr(U64),
  /** view at which `chips` last changed (tournament start for an untouched stack) */
  reached_view: U64
})
export type TournamentStack = typeof TournamentStack.Type

export const EMPTY_TOURNAMENT_STACK: TournamentStack = { chips: 0n, shields: 0, doubles: 0, session: null, reached_view: 0n }

export const Player = Schema.Struct({
  name: Schema.String,
  chips: U64,
  vusdt_balance: U64,
  shields: U32,
  doubles: U32,
  tournament: TournamentStack,
  active_tournament: Schema.NullOr(U64),
  active_shield: Schema.Boolean,
  active_double: Schema.Boolean,
  active_super: Schema.Boolean,
  active_session: Schema.NullOr(U64),
  /** the highest session id this player ever started (null = none): ids strictly increase per player (S2) */
  last_session_id: Schema.NullOr(U64),
  /** view of the last faucet claim (null = never claimed) */
  last_deposit_view: Schema.NullOr(U64),
  aura_meter: U8,
  tournaments_played_today: U8,
  last_tournament_ts: U64,
  daily_limit: U8,
  created_ts: U64,
  daily_flow_day: U64,
  daily_net_sell: U64,
  daily_net_buy: U64,
  freeroll_credits: U64,
  freeroll_credits_locked: U64,
  freeroll_credits_unlock_start_ts: U64,
  freeroll_credits_unlock_end_ts: U64,
  sessions_played: U64,
  play_seconds: U64,
  last_session_ts: U64,
  bridge_daily_day: U64,
  bridge_daily_withdrawn: U64
})
export type Player = typeof Player.Type

export const newPlayer = (name: string, chips: bigint, created_ts: bigint): Player => ({
  name,
  chips,
  vusdt_balance: 0n,
  shields: 3,
  doubles: 3,
  tournament: EMPTY_TOURNAMENT_STACK,
  active_tournament: null,
  active_shield: false,
  active_double: false,
  active_super: false,
  active_session: null,
  last_session_id: null,
  last_deposit_view: null,
  aura_meter: 0,
  tournaments_played_today: 0,
  last_tournament_ts: 0n,
  daily_limit: 1,
  created_ts,
  daily_flow_day: 0n,
  daily_net_sell: 0n,
  daily_net_buy: 0n,
  freeroll_credits: 0n,
  freeroll_credits_locked: 0n,
  freeroll_credits_unlock_start_ts: 0n,
  freeroll_credits_unlock_end_ts: 0n,
  sessions_played: 0n,
  play_seconds: 0n,
  last_session_ts: 0n,
  bridge_daily_day: 0n,
  bridge_daily_withdrawn: 0n
})

export const players = defineTable("player", Player)

export const PlayerKey = PublicKey
