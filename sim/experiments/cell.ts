/**
 * Running one cell: the scenario run through the runner's own path (`runScenario`: resolve,
 * simulate, manifest, ResultSink), its result files written under `<folder>/cells/<cell_id>/`
 * (results.duckdb, Parquet, manifest.json, agents.jsonl; no per-cell catalog.duckdb: the
 * experiment's catalog tables index the cells),
 * and the cell's manifest: scenario, parameters, seed, code version, the engine's state root at
 * the end of every day (the checkpoints), the run's outcomes and the result hash.
 *
 * result_hash = SHA-256 of the canonical JSON of what the run produced and nothing about where
 * or when: cell id, scenario, parameters (sorted keys), seed, manifest root, final state root,
 * checkpoints and outcomes. The same cell gives the same hash on any worker, thread or machine.
 */
import { join } from "node:path"
import { Effect, Layer } from "effect"
import { toHex, utf8 } from "../../engine/codec/bytes.ts"
import { sha256 } from "../../engine/crypto/sha256.ts"
import { InvalidParameters } from "../runner/errors.ts"
import { canonicalParametersJson } from "../runner/manifest.ts"
import { runScenario } from "../runner/run-scenario.ts"
import { CodeVersion, duckDbSinkAt } from "../runner/services.ts"
import type { SimulationResult } from "../runner/simulate.ts"
import type { ScenarioCatalog, ScenarioParameters } from "../scenario.ts"
import { cellIdOf, type CellSpec } from "./plan.ts"

export interface Checkpoint {
  readonly day: number
  /** blocks executed up to the end of this day */
  readonly height: number
  readonly state_root: string
}

/** the figures statistics are computed over (integers exact: chip totals stay far below 2^53) */
export interface Outcomes {
  readonly house_pnl_chips: number
  readonly issuance_chips: number
  readonly volume_chips: number
  /** house_pnl / volume (0 without volume) */
  readonly house_edge: number
  readonly players_total: number
  readonly active_players_mean: number
  readonly gini_chips: number
  readonly blocks: number
  readonly transactions: number
}

export const OUTCOME_NAMES: ReadonlyArray<keyof Outcomes> = [
  "house_pnl_chips",
  "issuance_chips",
  "volume_chips",
  "house_edge",
  "players_total",
  "active_players_mean",
  "gini_chips",
  "blocks",
  "transactions"
]

export interface CellResult {
  readonly cell_id: string
  readonly scenario: string
  readonly parameters: ScenarioParameters
  readonly seed: string
  readonly run_id: string
  readonly manifest_root: string
  readonly final_state_root: string
  readonly checkpoints: ReadonlyArray<Checkpoint>
  readonly outcomes: Outcomes
  readonly result_hash: string
  /** provenance (not hashed) */
  readonly code_version: string
  readonly worker: string
  readonly elapsed_ms: number
  readonly finished_at: string
}

const exact = (v: bigint): number => {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${v} does not fit a double exactly`)
  return Number(v)
}

export const outcomesOf = (r: SimulationResult): Outcomes => {
  const last = r.daily.at(-1)
  const volume = r.daily.reduce((a, d) => a + d.volume_chips, 0n)
  const pnl = last?.house_pnl_chips ?? 0n
  return {
    house_pnl_chips: exact(pnl),
    issuance_chips: exact(last?.issuance_chips ?? 0n),
    volume_chips: exact(volume),
    house_edge: volume === 0n ? 0 : Number(pnl) / Number(volume),
    players_total: exact(last?.players_total ?? 0n),
    active_players_mean: r.daily.length === 0 ? 0 : Number(r.daily.reduce((a, d) => a + d.active_players, 0n)) / r.daily.length,
    gini_chips: last?.gini_chips ?? 0,
    blocks: exact(r.totals.blocks),
    transactions: exact(r.totals.transactions)
  }
}

/**
 * The state root at each day's last block. With a root per block ("block" roots) the day's last
 * entry of block_digests; with "day" roots block_digests holds one checkpoint per day that had
 * a block, in order.
 */
export const checkpointsOf = (r: SimulationResult): Checkpoint[] => {
  const per_block = BigInt(r.block_digests.length) === r.totals.blocks
  const out: Checkpoint[] = []
  let height = 0
  let k = 0
  for (const d of r.daily) {
    const blocks = exact(d.blocks)
    if (blocks === 0) continue
    height += blocks
    const entry = per_block ? r.block_digests[height - 1] : r.block_digests[k++]
    if (entry === undefined) throw new Error(`no state root for day ${d.day} (height ${height})`)
    out.push({ day: exact(d.day), height, state_root: entry.state_root })
  }
  return out
}

const RESULT_DOMAIN = "nullspace/experiment-result/v1"

export const resultHashOf = (c: Pick<CellResult, "cell_id" | "scenario" | "parameters" | "seed" | "manifest_root" | "final_state_root" | "checkpoints" | "outcomes">): string => {
  const outcomes = OUTCOME_NAMES.map((k) => `${JSON.stringify(k)}:${JSON.stringify(c.outcomes[k])}`).join(",")
  const checkpoints = c.checkpoints.map((p) => `[${p.day},${p.height},${JSON.stringify(p.state_root)}]`).join(",")
  const text = `${RESULT_DOMAIN}\n{"cell_id":${JSON.stringify(c.cell_id)},"scenario":${JSON.stringify(c.scenario)},"parameters":${canonicalParametersJson(
    c.parameters
  )},"seed":${JSON.stringify(c.seed)},"manifest_root":${JSON.stringify(c.manifest_root)},"final_state_root":${JSON.stringify(
    c.final_state_root
  )},"checkpoints":[${checkpoints}],"outcomes":{${outcomes}}}`
  return toHex(sha256(utf8(text)))
}

export const cellDir = (folder: string, cell_id: string): string => join(folder, "cells", cell_id)

export interface CellContext {
  readonly catalog: ScenarioCatalog
  /** the experiment folder the cell's run files go under */
  readonly folder: string
  readonly code_version: string
  /** who ran it: "local", "thread-1", "nats:<host>:<pid>" */
  readonly worker: string
}

/** run one cell through runScenario; fails with the runner's tagged errors */
export const executeCell = (ctx: CellContext, cell: CellSpec) =>
  Effect.gen(function* () {
    const started_ms = Date.now()
    const { run } = yield* runScenario(ctx.catalog, cell.scenario, cell.parameters)
    const m = run.manifest
    const cell_id = cellIdOf(m.scenario, m.parameters)
    if (cell_id !== cell.cell_id)
      return yield* Effect.fail(
        new InvalidParameters({ scenario: cell.scenario, detail: `cell ${cell.cell_id} resolves to ${cell_id} here (different scenario defaults or code?)` })
      )
    const body = {
      cell_id,
      scenario: m.scenario,
      parameters: m.parameters,
      seed: m.seed,
      manifest_root: m.manifest_root,
      final_state_root: m.final_state_root,
      checkpoints: checkpointsOf(run.result),
      outcomes: outcomesOf(run.result)
    }
    const result: CellResult = {
      ...body,
      run_id: m.run_id,
      result_hash: resultHashOf(body),
      code_version: ctx.code_version,
      worker: ctx.worker,
      elapsed_ms: Date.now() - started_ms,
      finished_at: new Date().toISOString()
    }
    return result
  }).pipe(Effect.provide(Layer.merge(duckDbSinkAt(cellDir(ctx.folder, cell.cell_id), { catalog: false, duckdb_threads: 1 }), Layer.succeed(CodeVersion, ctx.code_version))))

/** the same, as a promise with a one-line error (worker threads and queue workers) */
export const executeCellPromise = (ctx: CellContext, cell: CellSpec): Promise<CellResult> =>
  Effect.runPromise(
    executeCell(ctx, cell).pipe(
      Effect.mapError((e) => new Error(e.message)),
      Effect.catchAllDefect((d) => Effect.fail(d instanceof Error ? d : new Error(String(d))))
    )
  )
