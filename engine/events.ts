/**
 * Events: what execution tells the world. Each applied transaction's events are followed in the
 * block output by the transaction itself (chain-and-services.md §2.5). Every event names its
 * subject (`player`) where it has one, so account-filtered update streams need no rule of their own.
 */
import { Schema } from "effect"
import { I128, PublicKey, U64 } from "./schema/primitives.ts"

export const PlayerRegistered = Schema.TaggedStruct("PlayerRegistered", { player: PublicKey, name: Schema.String })
export const Deposited = Schema.TaggedStruct("Deposited", { player: PublicKey, amount: U64, new_chips: U64 })
export const GameStarted = Schema.TaggedStruct("GameStarted", {
  session_id: U64,
  player: PublicKey,
  game_type: Schema.String,
  bet: U64
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
  final_chips: U64,
  logs: Schema.Array(Schema.String)
})
export const CasinoError = Schema.TaggedStruct("CasinoError", {
  player: PublicKey,
  session_id: Schema.NullOr(U64),
  error_code: Schema.Number,
  error: Schema.String,
  message: Schema.String
})

export const Event = Schema.Union(PlayerRegistered, Deposited, GameStarted, GameMoved, GameCompleted, CasinoError)
export type Event = typeof Event.Type
export type EventTag = Event["_tag"]

/** The key an event is about, for account filters (null: a public event). */
export const eventSubject = (e: Event): PublicKey | null => ("player" in e ? e.player : null)
