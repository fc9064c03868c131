/**
 * Events: what execution tells the world. Each applied transaction's events are followed in the
 * block output by the transaction itself (chain-and-services.md §2.5). Every event names its
 * subject (`player`) where it has one, so account-filtered update streams need no rule of their own.
 */
import { Schema } from "effect"
import { I128, PublicKey, U64 } from "./schema/primitives.ts"
import { ECONOMY_EVENTS } from "./economy/events.ts"
import { Standing } from "./casino/leaderboard.ts"
import { GameSession } from "./games/session-record.ts"

export const PlayerRegistered = Schema.TaggedStruct("PlayerRegistered", { player: PublicKey, name: Schema.String })
export const Deposited = Schema.TaggedStruct("Deposited", { player: PublicKey, amount: U64, new_chips: U64 })
export const GameStarted = Schema.TaggedStruct("GameStarted", {
  session_id: U64,
  player: PublicKey,
  game_type: Schema.String,
  bet: U64,
  /** the tournament whose stack the session plays (null = cash; docs/economy.md T1) */
  tournament_id: Schema.NullOr(U64)
})
export const GameMoved = Schema.TaggedStruct("GameMoved", {
  session_id: U64,
  player: PublicKey,
  move_number: Schema.Number,
  charged: U64,
  credited: U64,
  logs: Schema.Array(Schema.String)
})
export const GameCompleted = Schema.TaggedStruct("GameCompleted", {
  session_id: U64,
  player: PublicKey,
  game_type: Schema.String,
  /** credits minus charges over the whole session (the player's net) */
  payout: I128,
  total_charged: U64,
  total_credited: U64,
  /** the balance the session played from after it settled: cash chips, or the tournament stack */
  final_chips: U64,
  logs: Schema.Array(Schema.String),
  /** the tournament whose stack the session played (null = cash) */
  tournament_id: Schema.NullOr(U64),
  /** the shield turned the session's loss into 0 (one tournament shield used) */
  was_shielded: Schema.Boolean,
  /** the double paid the completing return twice (one tournament double used) */
  was_doubled: Schema.Boolean,
  /** true: the session was still open when its tournament ended and was forfeited (nothing credited) */
  forfeited: Schema.Boolean,
  /** the final session record; the session has left state (docs/economy.md S1) */
  session: GameSession
})
/** A leaderboard changed: the cash board (tournament_id null) or a tournament's top 10. */
export const LeaderboardUpdated = Schema.TaggedStruct("LeaderboardUpdated", {
  tournament_id: Schema.NullOr(U64),
  entries: Schema.Array(Standing)
})
/** PlayerAction: a modifier was armed (true) or disarmed (false). */
export const ModifierToggled = Schema.TaggedStruct("ModifierToggled", {
  player: PublicKey,
  modifier: Schema.Literal("shield", "double", "super"),
  armed: Schema.Boolean
})
/** A super session completed: the multiplier drawn, what it lifted and the extra chips paid. */
export const SuperSettled = Schema.TaggedStruct("SuperSettled", {
  session_id: U64,
  player: PublicKey,
  game_type: Schema.String,
  multiplier_tenths: Schema.Number,
  lifted: U64,
  bonus: U64,
  /** fees kept by the house over the session (paid less refunded) */
  fees: U64
})
export const CasinoError = Schema.TaggedStruct("CasinoError", {
  player: PublicKey,
  session_id: Schema.NullOr(U64),
  error_code: Schema.Number,
  error: Schema.String,
  message: Schema.String
})

export const Event = Schema.Union(PlayerRegistered, Deposited, GameStarted, GameMoved, GameCompleted, LeaderboardUpdated, ModifierToggled, SuperSettled, CasinoError, ...ECONOMY_EVENTS)
export type Event = typeof Event.Type
export type EventTag = Event["_tag"]

/** The key an event is about, for account filters (null: a public event). */
export const eventSubject = (e: Event): PublicKey | null => ("player" in e ? e.player : null)
