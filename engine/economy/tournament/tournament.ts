/** Tournaments (economy.md §1.9, §2.18–2.20), with the top-10 leaderboard of §1.9 kept live. */
import { Schema } from "effect"
import { LEADERBOARD_SIZE, Standing } from "../../casino/leaderboard.ts"
import { PublicKey, U32, U64 } from "../../schema/primitives.ts"
import { defineTable } from "../../state/store.ts"

export const TournamentPhase = Schema.Literal("registration", "active", "complete")

export const Tournament = Schema.Struct({
  id: U64,
  phase: TournamentPhase,
  start_view: U64,
  start_time_ms: U64,
  end_time_ms: U64,
  /** sorted unique keys, at most 1,000 */
  players: Schema.Array(PublicKey),
  prize_pool: U64,
  starting_chips: U64,
  starting_shields: U32,
  starting_doubles: U32,
  /** top 10 by tournament stack (casino/leaderboard.ts order); the final top 10 once complete */
  leaderboard: Schema.Array(Standing).pipe(Schema.maxItems(LEADERBOARD_SIZE))
})
export type Tournament = typeof Tournament.Type

export const tournaments = defineTable("tournament", Tournament)
