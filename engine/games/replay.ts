/**
 * A game session replayed from its public inputs alone: the start (game, bet, session id), each
 * move's payload, and the seed of the block each of them was executed in. Outcomes are drawn
 * exactly as execution draws them (one stream per session, move number and "game" purpose under
 * the block's seed, outcomes.ts), through the same stored-game rules (registry.ts), so a client
 * holding the finalized seeds recomputes every card, number and return without any chain state.
 *
 * The plain session's accounting follows applyStep: a step charges the stake (the start bet, then
 * 0) plus the game's in-game charge, and credits the game's credit. Super mode and tournament
 * modifiers add to these in applyStep; a replay reports the game's own figures, which are what a
 * plain session's events carry.
 */
import { GAME_TYPES } from "../tx/instruction.ts"
import { outcomesFromRandomness } from "./outcomes.ts"
import { randomnessFromSeed } from "../random/randomness.ts"
import { isGameError, type GameError } from "./game.ts"
import { GAMES } from "./registry.ts"
import { ReplayRefused } from "../errors.ts"

/** moves a replay accepts (far above any game's length) */
export const REPLAY_MOVES_MAX = 1_024

export interface ReplayStart {
  readonly game_type: number
  readonly bet: bigint
  readonly session_id: bigint
  /** the seed of the block that executed StartGame */
  readonly seed: Uint8Array
}

export interface ReplayMove {
  readonly payload: Uint8Array
  /** the seed of the block that executed this move */
  readonly seed: Uint8Array
}

export interface ReplayedStep {
  readonly move_number: number
  readonly charged: bigint
  readonly credited: bigint
  readonly logs: ReadonlyArray<string>
  readonly complete: boolean
  /** the game state after the step, in its stored (encoded) form */
  readonly state: unknown
}

export const replaySession = (start: ReplayStart, moves: ReadonlyArray<ReplayMove>): ReadonlyArray<ReplayedStep> | GameError | ReplayRefused => {
  const name = GAME_TYPES[start.game_type]
  const game = name === undefined ? undefined : GAMES[name]
  if (game === undefined) return new ReplayRefused({ message: `unknown game type ${start.game_type}` })
  if (moves.length > REPLAY_MOVES_MAX) return new ReplayRefused({ message: `more than ${REPLAY_MOVES_MAX} moves` })
  const draw = (seed: Uint8Array, move_number: number) => outcomesFromRandomness(randomnessFromSeed(seed)).forMove(start.session_id, move_number, "game")
  const init = game.init(start.bet, draw(start.seed, 0))
  if (isGameError(init)) return init
  const steps: ReplayedStep[] = [{ move_number: 0, charged: start.bet + init.charge, credited: init.credit, logs: init.logs, complete: init.complete, state: init.state }]
  let state = init.state
  let complete = init.complete
  for (const [i, m] of moves.entries()) {
    if (complete) return new ReplayRefused({ message: `move ${i + 1} comes after the session completed` })
    const s = game.move(state, m.payload, draw(m.seed, i + 1))
    if (isGameError(s)) return s
    steps.push({ move_number: i + 1, charged: s.charge, credited: s.credit, logs: s.logs, complete: s.complete, state: s.state })
    state = s.state
    complete = s.complete
  }
  return steps
}
