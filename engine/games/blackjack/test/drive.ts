/** Test driver for card games: typed moves with scripted outcomes, chip flows summed. */
import { isGameError, type GameRules } from "../../game.ts"
import { ScriptedOutcomes, type ScriptedOutcome } from "../../outcomes.ts"

export interface Run<S> {
  readonly state: S
  /** the start bet plus every step's charge */
  readonly charged: bigint
  readonly credited: bigint
  readonly complete: boolean
  readonly logs: ReadonlyArray<string>
  /** scripted outcomes the game did not use */
  readonly unused: number
}

export const play = <S, I, M, MI>(rules: GameRules<S, I, M, MI>, bet: bigint, moves: ReadonlyArray<NoInfer<M>>, outcomes: ReadonlyArray<ScriptedOutcome>): Run<S> => {
  const script = new ScriptedOutcomes(outcomes)
  const init = rules.init(bet, script)
  if (isGameError(init)) throw new Error(`init refused: ${init.message}`)
  let state = init.state
  let charged = bet + init.charge
  let credited = init.credit
  let complete = init.complete
  const logs: string[] = [...init.logs]
  for (const m of moves) {
    const s = rules.move(state, m, script)
    if (isGameError(s)) throw new Error(`move ${JSON.stringify(m, (_, v) => (typeof v === "bigint" ? v.toString() : v))} refused: ${s.message}`)
    state = s.state
    charged += s.charge
    credited += s.credit
    complete = s.complete
    logs.push(...s.logs)
  }
  return { state, charged, credited, complete, logs, unused: script.remaining }
}

/** A JSON log's field (logs are JSON objects). */
export const logField = (log: string | undefined, name: string): unknown => {
  const parsed: unknown = JSON.parse(log ?? "{}")
  return typeof parsed === "object" && parsed !== null && name in parsed ? Object.entries(parsed).find(([k]) => k === name)?.[1] : undefined
}
