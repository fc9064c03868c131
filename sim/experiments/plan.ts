/**
 * An experiment is a scenario plus a set of parameter points and seeds; its plan is the list of
 * cells (one scenario run each) those expand to.
 *
 *   sweep       cartesian grid (`key=v1,v2` or `key=lo..hi[:step]` per key) and/or listed points,
 *               optionally a seeded sample of `sample` grid points; every point × every seed
 *   montecarlo  the base parameters × N seeds
 *   compare     arm A and arm B (two override sets on top of the base) × the same seeds
 *
 * Every cell is validated by the scenario's own parameter Schema (`Scenario.validate`) before
 * anything runs: a bad key or value anywhere refuses the whole experiment. A cell's id is a hash
 * of its scenario and its full resolved parameter set (seed included), so the same run asked
 * twice (by two points or two arms) is one cell, and a cell means the same thing on every worker.
 * The experiment id hashes the kind, the scenario and the cells in plan order: the same command
 * gives the same id and therefore the same folder, which is how a rerun resumes.
 */
import { Either } from "effect"
import { toHex, utf8 } from "../../engine/codec/bytes.ts"
import { sha256 } from "../../engine/crypto/sha256.ts"
import { canonicalParametersJson } from "../runner/manifest.ts"
import { InvalidParameters, ScenarioNotFound } from "../runner/errors.ts"
import type { ScenarioCatalog, ScenarioParameters } from "../scenario.ts"

export type ExperimentKind = "sweep" | "montecarlo" | "compare"
export type Overrides = Readonly<Record<string, string>>

export interface ExperimentRequest {
  readonly kind: ExperimentKind
  readonly scenario: string
  /** overrides applied to every cell (before points and arms) */
  readonly base: Overrides
  readonly seeds: ReadonlyArray<string>
  /** sweep: per key, the values of a cartesian grid */
  readonly grid: ReadonlyArray<readonly [key: string, values: ReadonlyArray<string>]>
  /** sweep: listed points (each an override set) */
  readonly points: ReadonlyArray<Overrides>
  /** sweep: run only this many grid points, a seeded sample (null = the whole grid) */
  readonly sample: number | null
  /** compare: the two arms */
  readonly a: Overrides
  readonly b: Overrides
}

/** one run of the scenario */
export interface CellSpec {
  readonly cell_id: string
  readonly scenario: string
  /** every parameter as text (the resolved set), so a worker resolves exactly this run */
  readonly parameters: Overrides
  readonly seed: string
}

/** where a cell sits in the experiment: its group (point label or arm) and seed */
export interface PlanEntry {
  readonly cell_id: string
  /** sweep: the point's overrides as `k=v k=v`; montecarlo: "all"; compare: "a" or "b" */
  readonly group: string
  readonly seed: string
}

export interface ExperimentPlan {
  readonly experiment_id: string
  readonly kind: ExperimentKind
  readonly scenario: string
  readonly request: ExperimentRequest
  /** the distinct cells, in first-use order */
  readonly cells: ReadonlyArray<CellSpec>
  readonly entries: ReadonlyArray<PlanEntry>
}

/** an explicit bound on how many cells one experiment may expand to */
export const CELLS_MAX = 10_000

const CELL_DOMAIN = "nullspace/experiment-cell/v1"
const EXPERIMENT_DOMAIN = "nullspace/experiment/v1"

export const cellIdOf = (scenario: string, parameters: ScenarioParameters): string =>
  toHex(sha256(utf8(`${CELL_DOMAIN}\n${scenario}\n${canonicalParametersJson(parameters)}`))).slice(0, 16)

const textOf = (p: ScenarioParameters): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const k of Object.keys(p).sort()) out[k] = String(p[k])
  return out
}

/** `v1,v2,v3` or an integer range `lo..hi` / `lo..hi:step` (bounded by CELLS_MAX values) */
export const parseValues = (text: string): Either.Either<ReadonlyArray<string>, string> => {
  const range = /^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*(?::\s*(\d+)\s*)?$/.exec(text)
  if (range !== null) {
    const lo = Number(range[1])
    const hi = Number(range[2])
    const step = range[3] === undefined ? 1 : Number(range[3])
    if (step < 1) return Either.left(`range step must be ≥ 1 in "${text}"`)
    if (hi < lo) return Either.left(`empty range "${text}"`)
    if ((hi - lo) / step + 1 > CELLS_MAX) return Either.left(`range "${text}" has more than ${CELLS_MAX} values`)
    const out: string[] = []
    for (let v = lo; v <= hi; v += step) out.push(String(v))
    return Either.right(out)
  }
  const values = text.split(",").map((v) => v.trim())
  if (values.some((v) => v === "")) return Either.left(`empty value in "${text}"`)
  return Either.right(values)
}

/** `key=value` → [key, value] */
export const parseAssignment = (text: string): Either.Either<readonly [string, string], string> => {
  const eq = text.indexOf("=")
  if (eq <= 0) return Either.left(`expected key=value, got "${text}"`)
  return Either.right([text.slice(0, eq).trim(), text.slice(eq + 1).trim()])
}

const cartesian = (grid: ExperimentRequest["grid"]): Array<Record<string, string>> => {
  let points: Array<Record<string, string>> = [{}]
  for (const [key, values] of grid) {
    if (points.length * values.length > CELLS_MAX) throw new RangeError(`the grid has more than ${CELLS_MAX} points`)
    points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })))
  }
  return grid.length === 0 ? [] : points
}

/** a seeded sample of `n` points: order by SHA-256(seed, index), keep the first n, restore grid order */
const samplePoints = <A>(points: ReadonlyArray<A>, n: number, seed: string): A[] =>
  points
    .map((p, i) => ({ p, i, key: toHex(sha256(utf8(`nullspace/experiment-sample/${seed}/${i}`))) }))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
    .slice(0, n)
    .sort((x, y) => x.i - y.i)
    .map((x) => x.p)

const labelOf = (o: Overrides): string =>
  Object.keys(o).length === 0
    ? "base"
    : Object.keys(o)
        .sort()
        .map((k) => `${k}=${o[k]}`)
        .join(" ")

/** expand and validate; fails on an unknown scenario or any cell its Schema refuses */
export const planExperiment = (catalog: ScenarioCatalog, request: ExperimentRequest): Either.Either<ExperimentPlan, ScenarioNotFound | InvalidParameters> => {
  const scenario = catalog.scenarios.get(request.scenario)
  if (scenario === undefined) return Either.left(new ScenarioNotFound({ name: request.scenario, known: [...catalog.scenarios.keys()] }))
  const invalid = (detail: string) => Either.left(new InvalidParameters({ scenario: request.scenario, detail }))
  if (request.seeds.length === 0) return invalid("an experiment needs at least one seed")
  if (new Set(request.seeds).size !== request.seeds.length) return invalid("seeds repeat")
  const groups: Array<{ readonly group: string; readonly overrides: Overrides }> = []
  if (request.kind === "montecarlo") groups.push({ group: "all", overrides: {} })
  else if (request.kind === "compare") {
    if (labelOf(request.a) === labelOf(request.b)) return invalid("arms A and B are the same parameter set")
    groups.push({ group: "a", overrides: request.a }, { group: "b", overrides: request.b })
  } else {
    let grid: Array<Record<string, string>>
    try {
      grid = cartesian(request.grid)
    } catch (e) {
      return invalid(e instanceof Error ? e.message : String(e))
    }
    if (request.sample !== null) {
      if (!Number.isInteger(request.sample) || request.sample < 1) return invalid(`sample must be a positive integer, got ${request.sample}`)
      grid = samplePoints(grid, request.sample, request.seeds[0] ?? "")
    }
    for (const p of [...grid, ...request.points]) groups.push({ group: labelOf(p), overrides: p })
    if (groups.length === 0) return invalid("a sweep needs a grid (--grid key=v1,v2) or points (--point k=v,k=v)")
  }
  if (groups.length * request.seeds.length > CELLS_MAX) return invalid(`more than ${CELLS_MAX} cells`)
  const cells = new Map<string, CellSpec>()
  const entries: PlanEntry[] = []
  for (const g of groups)
    for (const seed of request.seeds) {
      const overrides = { ...request.base, ...g.overrides, seed }
      // validate without building the agents when the scenario can (defineScenario does)
      const checked = scenario.validate !== undefined ? scenario.validate(overrides) : Either.map(scenario.resolve(overrides), (r) => r.parameters)
      if (Either.isLeft(checked)) return invalid(`${g.group === "all" ? "" : `${g.group}, `}seed ${seed}: ${checked.left}`)
      const parameters = checked.right
      const cell_id = cellIdOf(request.scenario, parameters)
      if (!cells.has(cell_id)) cells.set(cell_id, { cell_id, scenario: request.scenario, parameters: textOf(parameters), seed })
      entries.push({ cell_id, group: g.group, seed })
    }
  const cell_list = [...cells.values()]
  const experiment_id = `${request.kind}-${request.scenario}-${toHex(
    sha256(utf8(`${EXPERIMENT_DOMAIN}\n${request.kind}\n${request.scenario}\n${entries.map((e) => `${e.group}|${e.seed}|${e.cell_id}`).join("\n")}`))
  ).slice(0, 10)}`
  return Either.right({ experiment_id, kind: request.kind, scenario: request.scenario, request, cells: cell_list, entries })
}

/** an empty request of a kind (the command lines fill in what they were given) */
export const emptyRequest = (kind: ExperimentKind, scenario: string): ExperimentRequest => ({
  kind,
  scenario,
  base: {},
  seeds: [],
  grid: [],
  points: [],
  sample: null,
  a: {},
  b: {}
})
