/**
 * A scenario: a name, a parameter Schema with defaults, and how parameters become a simulation
 * (agents + scheduling). Parameters are flat (string, number or boolean values) so a command line
 * can override any of them with `--param key=value`, validated by the scenario's Schema.
 */
import { Either, ParseResult, Schema } from "effect"
import type { SimulationSpec } from "./runner/simulate.ts"

export type ParamValue = string | number | boolean
export type ScenarioParameters = Readonly<Record<string, ParamValue>>

/** Every scenario carries these three; the rest is its own. */
export interface BaseParameters {
  readonly seed: string
  readonly agents: number
  readonly days: number
}

export interface ResolvedScenario {
  readonly scenario: string
  /** the full, validated parameter set (defaults merged with overrides) */
  readonly parameters: ScenarioParameters
  readonly seed: string
  readonly days: number
  readonly spec: SimulationSpec
}

/** the named scenarios a driver may run and the one it runs by default (scenarios/index.ts supplies it) */
export interface ScenarioCatalog {
  readonly scenarios: ReadonlyMap<string, Scenario>
  readonly default_name: string
}

export interface Scenario {
  readonly name: string
  readonly description: string
  readonly defaults: ScenarioParameters
  /** validate overrides (`key → text`) against the parameter Schema and build the simulation */
  readonly resolve: (overrides: Readonly<Record<string, string>>) => Either.Either<ResolvedScenario, string>
  /** validate only (no build): the full parameter set; experiments plan many cells with it */
  readonly validate?: (overrides: Readonly<Record<string, string>>) => Either.Either<ScenarioParameters, string>
}

/** read a command-line text as the type of the parameter's default */
const coerce = (text: string, like: ParamValue): unknown => {
  if (typeof like === "number") {
    const n = Number(text)
    return text.trim() !== "" && Number.isFinite(n) ? n : text
  }
  if (typeof like === "boolean") return text === "true" ? true : text === "false" ? false : text
  return text
}

const validateWith = <P extends ScenarioParameters>(
  schema: Schema.Schema<P>,
  defaults: P,
  name: string,
  overrides: Readonly<Record<string, string>>
): Either.Either<P, string> => {
  const merged: Record<string, unknown> = { ...defaults }
  for (const [key, text] of Object.entries(overrides)) {
    const like = defaults[key]
    if (like === undefined) return Either.left(`unknown parameter "${key}" for scenario ${name} (known: ${Object.keys(defaults).join(", ")})`)
    merged[key] = coerce(text, like)
  }
  return Either.mapLeft(Schema.decodeUnknownEither(schema, { onExcessProperty: "error" })(merged), (e) =>
    ParseResult.ArrayFormatter.formatErrorSync(e)
      .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
      .join("; ")
  )
}

export const defineScenario = <P extends BaseParameters & ScenarioParameters>(def: {
  readonly name: string
  readonly description: string
  readonly schema: Schema.Schema<P>
  readonly defaults: P
  readonly build: (parameters: P) => SimulationSpec
}): Scenario => ({
  name: def.name,
  description: def.description,
  defaults: def.defaults,
  validate: (overrides) => validateWith(def.schema, def.defaults, def.name, overrides),
  resolve: (overrides) =>
    Either.map(validateWith(def.schema, def.defaults, def.name, overrides), (parameters) => ({
      scenario: def.name,
      parameters,
      seed: parameters.seed,
      days: parameters.days,
      spec: def.build(parameters)
    }))
})
