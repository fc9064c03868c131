/**
 * The metrics-collector interface. A run's metrics come from two sources only: the events of
 * executed blocks (`observeBlock`, called once per block in execution order) and reads of the
 * engine state at the end of each simulated day (`endDay`). Before the first block, `start`
 * hands each family the state the run begins from (empty for a fresh chain; a twin's replayed or
 * restored chain otherwise): day-over-day figures take it as their baseline, so a twin's first
 * day reports that day's flow, not everything that came before it. No collector re-implements a rule:
 * where a derived figure needs engine math (a price, an LTV, a quote) it calls the engine's own
 * function.
 *
 * Each metric family is one collector in its own file. A family contributes columns to the
 * wide `daily_metrics` row (`daily_columns`, one row per day, cells in that order) and may add
 * whole tables at the end of the run (`finish`: agent outcomes, event counts, game edges,
 * invariant checks). `composeCollectors` runs the families side by side.
 *
 * Column names carry their unit last (`fees_rng_chips`, `ltv_bps_max`, `yield_apr`): chips and
 * vUSDT are integer base units (BIGINT), ratios are plain fractions (DOUBLE), bps are basis points.
 */
import type { BlockExecution } from "../../engine/execute/output.ts"
import type { StateStore } from "../../engine/state/store.ts"
import type { Columns, Row } from "../sinks/duckdb.ts"

/** what a collector may read at the end of a day */
export interface DayEnd {
  /** simulated day, 0-based */
  readonly day: number
  /** the engine state after the day's last block (read only) */
  readonly store: StateStore
  /** chain time in seconds at the end of the day */
  readonly now_s: bigint
}

/** the state a run begins from, before its first block */
export interface RunStart {
  /** the run's first simulated day */
  readonly day: number
  /** the engine state before the run's first block (read only) */
  readonly store: StateStore
  /** the chain's height before the run's first block (0 for a fresh chain) */
  readonly height: bigint
  /** chain time in seconds at the chain's last view */
  readonly now_s: bigint
}

export interface MetricsTable {
  readonly name: string
  readonly columns: Columns
  readonly rows: ReadonlyArray<Row>
}

export interface MetricsCollector {
  /** the metric family, e.g. "supply" */
  readonly family: string
  /** columns this family adds to daily_metrics (may be empty) */
  readonly daily_columns: Columns
  /** the starting state, once, before the first block (families without day-over-day figures leave it out) */
  readonly start?: (start: RunStart) => void
  /** one executed block's outputs, in execution order */
  readonly observeBlock: (block: BlockExecution) => void
  /** the family's cells of this day's daily_metrics row, in `daily_columns` order */
  readonly endDay: (end: DayEnd) => Row
  /** whole tables the family writes once the run is over */
  readonly finish?: (end: DayEnd) => ReadonlyArray<MetricsTable>
}

/** everything the collectors produced for a run */
export interface RunMetrics {
  /** `day` then every family's columns */
  readonly daily_columns: Columns
  readonly daily_rows: ReadonlyArray<Row>
  readonly tables: ReadonlyArray<MetricsTable>
}

export interface ComposedCollectors {
  readonly start: (start: RunStart) => void
  readonly observeBlock: (block: BlockExecution) => void
  readonly endDay: (end: DayEnd) => void
  readonly finish: (end: DayEnd) => RunMetrics
}

/** run several families side by side; their daily columns must not collide */
export const composeCollectors = (collectors: ReadonlyArray<MetricsCollector>): ComposedCollectors => {
  const daily_columns: Array<readonly [string, Columns[number][1]]> = [["day", "BIGINT"]]
  const seen = new Set<string>(["day"])
  for (const c of collectors)
    for (const col of c.daily_columns) {
      if (seen.has(col[0])) throw new Error(`metric column ${col[0]} of family ${c.family} is defined twice`)
      seen.add(col[0])
      daily_columns.push(col)
    }
  const daily_rows: Row[] = []
  return {
    start: (start) => {
      for (const c of collectors) c.start?.(start)
    },
    observeBlock: (block) => {
      for (const c of collectors) c.observeBlock(block)
    },
    endDay: (end) => {
      const row: Array<Row[number]> = [BigInt(end.day)]
      for (const c of collectors) {
        const cells = c.endDay(end)
        if (cells.length !== c.daily_columns.length)
          throw new Error(`family ${c.family} gave ${cells.length} cells for ${c.daily_columns.length} columns`)
        row.push(...cells)
      }
      daily_rows.push(row)
    },
    finish: (end) => ({
      daily_columns,
      daily_rows,
      tables: collectors.flatMap((c) => (c.finish === undefined ? [] : c.finish(end)))
    })
  }
}

/** a ratio as a double, 0 when the denominator is 0 */
export const ratio = (num: bigint, den: bigint): number => (den === 0n ? 0 : Number(num) / Number(den))
