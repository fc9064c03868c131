/**
 * Test driver for a game's rules alone (no chain): start with a bet, apply moves with one outcome
 * source, and add up what the executor would charge and credit. A refused move throws here;
 * tests that expect refusals call `rules.move` themselves.
 */
import { isGameError, type GameRules } from "../game.ts"
import { ScriptedOutcomes, type OutcomeSource, type ScriptedOutcome } from "../outcomes.ts"

export interface Played<S> {
  readonly state: S
  /** start bet + every step's charge */
  readonly charged: bigint
  readonly credited: bigint
  readonly net: bigint
  readonly complete: boolean
  /** the completion log, parsed */
  readonly log: Record<string, unknown> | undefined
}

export const playWith = <S, I, M, MI>(rules: GameRules<S, I, M, MI>, bet: bigint, moves: ReadonlyArray<NoInfer<M>>, io: OutcomeSource): Played<S> => {
  const init = rules.init(bet, io)
  if (isGameError(init)) throw new Error(`init refused: ${init.message}`)
  let state = init.state
  let charged = bet + init.charge
  let credited = init.credit
  let complete = init.complete
  let log: Record<string, unknown> | undefined
  for (const m of moves) {
    const s = rules.move(state, m, io)
    if (isGameError(s)) throw new Error(`move ${JSON.stringify(m)} refused: ${s.message}`)
    state = s.state
    charged += s.charge
    credited += s.credit
    complete = s.complete
    if (s.complete && s.logs[0] !== undefined) log = JSON.parse(s.logs[0])
  }
  return { state, charged, credited, net: credited - charged, complete, log }
}

/** play with a scripted outcome list, which must be used up exactly */
export const play = <S, I, M, MI>(rules: GameRules<S, I, M, MI>, bet: bigint, moves: ReadonlyArray<NoInfer<M>>, script: ReadonlyArray<ScriptedOutcome>): Played<S> => {
  const io = new ScriptedOutcomes(script)
  const r = playWith(rules, bet, moves, io)
  if (io.remaining !== 0) throw new Error(`${io.remaining} scripted outcomes unused`)
  return r
}

/** the `payout` of every entry of a completion log's `bets` list */
export const betPayouts = (log: Record<string, unknown> | undefined): string[] => {
  const bets: unknown = log?.bets
  if (!Array.isArray(bets)) throw new Error("the log has no bets list")
  return bets.map((b: unknown) => (typeof b === "object" && b !== null && "payout" in b ? String(b.payout) : "missing"))
}
