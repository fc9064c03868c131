/** Test driver: apply typed moves to a game's rules with scripted outcomes, summing chip flows. */
import { Schema } from "effect"
import { isGameError, type GameError, type GameRules } from "../../game.ts"
import { BET_TYPES } from "../bets.ts"
import { ScriptedOutcomes, type ScriptedOutcome } from "../../outcomes.ts"

export interface Played<S> {
  readonly state: S
  readonly charged: bigint
  readonly credited: bigint
  readonly complete: boolean
  readonly logs: ReadonlyArray<string>
  readonly credits: ReadonlyArray<bigint>
  readonly script: ScriptedOutcomes
}

/** Start with `bet` and apply every move; throws on a refused move (tests expecting refusals use `rules.move`). */
export const drive = <S, I, M, MI>(rules: GameRules<S, I, M, MI>, bet: bigint, moves: ReadonlyArray<NoInfer<M>>, outcomes: ReadonlyArray<ScriptedOutcome>): Played<S> => {
  const script = new ScriptedOutcomes(outcomes)
  const init = rules.init(bet, script)
  if (isGameError(init)) throw new Error(`init refused: ${init.message}`)
  let state = init.state
  let charged = bet + init.charge
  let credited = init.credit
  let complete = init.complete
  const logs: string[] = [...init.logs]
  const credits: bigint[] = []
  for (const m of moves) {
    const s = rules.move(state, m, script)
    if (isGameError(s)) throw new Error(`move ${JSON.stringify(m, (_, v) => (typeof v === "bigint" ? v.toString() : v))} refused: ${s.message}`)
    state = s.state
    charged += s.charge
    credited += s.credit
    credits.push(s.credit)
    complete = s.complete
    logs.push(...s.logs)
  }
  return { state, charged, credited, complete, logs, credits, script }
}

export const refused = (x: unknown): x is GameError => isGameError(x)

/** The fields of a craps roll log that tests read. */
const RollLog = Schema.parseJson(
  Schema.Struct({
    netPnl: Schema.String,
    resolvedBets: Schema.Array(Schema.Struct({ label: Schema.String, pnl: Schema.String })),
    bets: Schema.Array(
      Schema.Struct({
        type: Schema.Literal(...BET_TYPES),
        target: Schema.optional(Schema.Number),
        wagered: Schema.String,
        odds: Schema.String,
        return: Schema.String,
        outcome: Schema.String
      })
    )
  })
)
export const readLog = (log: string | undefined) => Schema.decodeUnknownSync(RollLog)(log ?? "")
