/**
 * Test driver for a game's rules alone (no chain): start with a bet, apply typed moves with one
 * outcome source, and add up what the session executor would charge and credit. A refused start
 * or move throws here; tests that expect refusals call `rules.init` / `rules.move` themselves.
 */
import { isGameError, type GameRules } from "../game.ts"
import { ScriptedOutcomes, type OutcomeSource, type ScriptedOutcome } from "../outcomes.ts"

export interface Played<S> {
  readonly state: S
  /** the start bet plus every step's charge */
  readonly charged: bigint
  readonly credited: bigint
  /** credited - charged */
  readonly net: bigint
  readonly complete: boolean
  /** every log of the start and the moves, in order */
  readonly logs: ReadonlyArray<string>
  /** each move's credit, in move order */
  readonly credits: ReadonlyArray<bigint>
  /** the first log of the completing move, parsed */
  readonly log: Record<string, unknown> | undefined
}

export interface Scripted<S> extends Played<S> {
  /** the scripted outcomes; `remaining` counts the ones the game did not use */
  readonly script: ScriptedOutcomes
}

const show = (x: unknown): string => JSON.stringify(x, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v))

export const driveWith = <S, I, M, MI>(rules: GameRules<S, I, M, MI>, bet: bigint, moves: ReadonlyArray<NoInfer<M>>, io: OutcomeSource): Played<S> => {
  const init = rules.init(bet, io)
  if (isGameError(init)) throw new Error(`init refused: ${init.message}`)
  let state = init.state
  let charged = bet + init.charge
  let credited = init.credit
  let complete = init.complete
  let log: Record<string, unknown> | undefined
  const logs: string[] = [...init.logs]
  const credits: bigint[] = []
  for (const m of moves) {
    const s = rules.move(state, m, io)
    if (isGameError(s)) throw new Error(`move ${show(m)} refused: ${s.message}`)
    state = s.state
    charged += s.charge
    credited += s.credit
    credits.push(s.credit)
    complete = s.complete
    logs.push(...s.logs)
    if (s.complete && s.logs[0] !== undefined) log = JSON.parse(s.logs[0])
  }
  return { state, charged, credited, net: credited - charged, complete, logs, credits, log }
}

/** drive with a scripted outcome list (which may be left partly unused: see `script.remaining`) */
export const drive = <S, I, M, MI>(rules: GameRules<S, I, M, MI>, bet: bigint, moves: ReadonlyArray<NoInfer<M>>, outcomes: ReadonlyArray<ScriptedOutcome>): Scripted<S> => {
  const script = new ScriptedOutcomes(outcomes)
  return { ...driveWith(rules, bet, moves, script), script }
}

/** drive with a scripted outcome list that must be used up exactly */
export const play = <S, I, M, MI>(rules: GameRules<S, I, M, MI>, bet: bigint, moves: ReadonlyArray<NoInfer<M>>, outcomes: ReadonlyArray<ScriptedOutcome>): Scripted<S> => {
  const r = drive(rules, bet, moves, outcomes)
  if (r.script.remaining !== 0) throw new Error(`${r.script.remaining} scripted outcomes unused`)
  return r
}

/** A JSON log's field (logs are JSON objects). */
export const logField = (log: string | undefined, name: string): unknown => {
  const parsed: unknown = JSON.parse(log ?? "{}")
  return typeof parsed === "object" && parsed !== null && name in parsed ? Object.entries(parsed).find(([k]) => k === name)?.[1] : undefined
}

/** the `payout` of every entry of a completion log's `bets` list */
export const betPayouts = (log: Record<string, unknown> | undefined): string[] => {
  const bets: unknown = log?.bets
  if (!Array.isArray(bets)) throw new Error("the log has no bets list")
  return bets.map((b: unknown) => (typeof b === "object" && b !== null && "payout" in b ? String(b.payout) : "missing"))
}
