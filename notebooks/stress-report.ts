/**
 * The stress report notebook: runs of stress scenarios side by side, from the runs catalog
 * (`<runs>/catalog.duckdb`, plain SQL over daily_metrics, runs and invariant_checks). The runs
 * shown are those whose scenario name contains "stress" (or names a stress case: whale dump,
 * bank run, oracle shock, liquidation cascade, sybil swarm, tournament churn); with none, every
 * run in the catalog. Per run: AMM price, vUSDT debt, worst LTV, liquidatable vaults,
 * liquidations, supply and savings over time, and a table of extremes (lowest price and the
 * drawdown from the first day's, peak LTV and debt, liquidations, invariant failures).
 * Written as `<runs>/stress-report.html`.
 */
import { existsSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Schema } from "effect"
import { queryRows } from "../sim/sinks/duckdb.ts"
import { cellNumber } from "./economy-data.ts"
import { formatDecimal, formatInteger, formatPercent } from "./format.ts"
import { escapeHtml } from "./html/escape.ts"
import { chartGrid, reportPage } from "./html/page.ts"
import { htmlTable } from "./html/table.ts"
import { lineChart } from "./plot/line-chart.ts"
import type { Point } from "./plot/series.ts"
import { hasTable, withReadOnlyDb } from "./open-results.ts"

export const STRESS_PATTERN = /stress|whale|bank.?run|oracle|cascade|sybil|churn/i

export interface StressRun {
  readonly run_id: string
  readonly scenario: string
  readonly seed: string
  /** the parameters that set this run apart from the others shown (`shock=bank-run seed=7`) */
  readonly differs: string
  readonly daily: ReadonlyArray<Readonly<Record<string, number | null>>>
  readonly invariant_failures: number
}

const RunRow = Schema.Struct({ run_id: Schema.String, scenario: Schema.String, seed: Schema.String, parameters: Schema.String })
const ParamsJson = Schema.parseJson(Schema.Record({ key: Schema.String, value: Schema.Unknown }))

/** per run, `k=v` of the parameters whose value is not the same in every run given */
const differing = (runs: ReadonlyArray<{ readonly run_id: string; readonly parameters: string }>): Map<string, string> => {
  const parsed = runs.map((r) => ({ id: r.run_id, p: Schema.decodeUnknownSync(ParamsJson)(r.parameters) }))
  const keys = [...new Set(parsed.flatMap((r) => Object.keys(r.p)))].sort()
  const text = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v))
  const varying = keys.filter((k) => new Set(parsed.map((r) => text(r.p[k]))).size > 1)
  return new Map(parsed.map((r) => [r.id, varying.map((k) => `${k}=${text(r.p[k])}`).join(" ")]))
}
const FailRow = Schema.Struct({ run_id: Schema.String, failures: Schema.BigIntFromSelf })

export const readStressRuns = (catalogFile: string): Promise<StressRun[]> =>
  withReadOnlyDb(catalogFile, async (conn) => {
    if (!(await hasTable(conn, "runs")) || !(await hasTable(conn, "daily_metrics"))) return []
    const runs = Schema.decodeUnknownSync(Schema.Array(RunRow))(await queryRows(conn, "SELECT run_id, scenario, seed, CAST(parameters AS VARCHAR) AS parameters FROM runs ORDER BY scenario, seed, run_id"))
    const stress = runs.filter((r) => STRESS_PATTERN.test(r.scenario))
    const chosen = stress.length > 0 ? stress : runs
    const failures = (await hasTable(conn, "invariant_checks"))
      ? Schema.decodeUnknownSync(Schema.Array(FailRow))(await queryRows(conn, "SELECT run_id, count(*) FILTER (WHERE NOT ok) AS failures FROM invariant_checks GROUP BY run_id"))
      : []
    const out: StressRun[] = []
    const differs = differing(chosen)
    for (const r of chosen) {
      const rows = await queryRows(conn, `SELECT * EXCLUDE (run_id) FROM daily_metrics WHERE run_id = '${r.run_id.replaceAll("'", "''")}' ORDER BY day`)
      out.push({
        run_id: r.run_id,
        scenario: r.scenario,
        seed: r.seed,
        differs: differs.get(r.run_id) ?? "",
        daily: rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, cellNumber(v)]))),
        invariant_failures: Number(failures.find((f) => f.run_id === r.run_id)?.failures ?? 0n)
      })
    }
    return out
  })

const STRESS_FIGURES: ReadonlyArray<readonly [column: string, title: string, yLabel: string]> = [
  ["amm_price_vusdt_per_rng", "AMM price", "vUSDT per RNG"],
  ["amm_reserve_vusdt", "AMM vUSDT depth", "vUSDT"],
  ["debt_vusdt", "vUSDT debt", "vUSDT"],
  ["ltv_bps_max", "Worst vault LTV", "bps"],
  ["vaults_liquidatable", "Liquidatable vaults at day end", "vaults"],
  ["liquidations", "Liquidations per day", "liquidations"],
  ["savings_deposits_vusdt", "Savings deposits", "vUSDT"],
  ["supply_chips", "Circulating supply (minted − burned)", "chips"],
  ["house_pnl_chips", "House PnL, cumulative", "chips"]
]

const label = (r: StressRun): string => (r.differs === "" ? r.run_id : `${r.scenario} ${r.differs}`)

const col = (r: StressRun, c: string): number[] => r.daily.map((d) => d[c]).filter((v): v is number => v !== null && v !== undefined)

export const stressExtremes = (r: StressRun) => {
  const price = col(r, "amm_price_vusdt_per_rng")
  const first = price.find((p) => p > 0)
  const low = price.length === 0 ? Number.NaN : Math.min(...price)
  return {
    price_low: low,
    drawdown: first === undefined || !Number.isFinite(low) ? Number.NaN : 1 - low / first,
    ltv_peak_bps: Math.max(0, ...col(r, "ltv_bps_max")),
    debt_peak_vusdt: Math.max(0, ...col(r, "debt_vusdt")),
    liquidations: col(r, "liquidations").reduce((a, b) => a + b, 0),
    invariant_failures: r.invariant_failures
  }
}

export const renderStressReport = (runs: ReadonlyArray<StressRun>, source: string): string => {
  const charts = STRESS_FIGURES.filter(([c]) => runs.some((r) => r.daily.some((d) => d[c] !== undefined))).map(([c, title, y]) => {
    const points: Point[] = runs.flatMap((r) => r.daily.flatMap((d) => (d["day"] == null || d[c] == null ? [] : [{ x: d["day"], y: d[c], series: label(r) }])))
    return lineChart(points, { title, yLabel: y, width: 500, legend: runs.length > 1 })
  })
  const table = htmlTable(
    [{ header: "run" }, { header: "scenario" }, { header: "differs in" }, { header: "seed" }, { header: "lowest price", numeric: true }, { header: "price drawdown", numeric: true }, { header: "peak LTV (bps)", numeric: true }, { header: "peak debt", numeric: true }, { header: "liquidations", numeric: true }, { header: "invariant failures", numeric: true }],
    runs.map((r) => {
      const x = stressExtremes(r)
      return [r.run_id, r.scenario, r.differs || "–", r.seed, formatDecimal(x.price_low, 4), formatPercent(x.drawdown, 1), formatInteger(x.ltv_peak_bps), formatInteger(x.debt_peak_vusdt), formatInteger(x.liquidations), formatInteger(x.invariant_failures)]
    })
  )
  const body = runs.length === 0 ? "<p>No runs in the catalog.</p>" : `<h2>Extremes</h2>\n${table}\n<h2>Over time</h2>\n${chartGrid(charts)}`
  return reportPage(
    "Stress report",
    `${formatInteger(runs.length)} runs: ${escapeHtml([...new Set(runs.map((r) => r.scenario))].join(", "))}.`,
    body,
    `Generated from ${source} (SQL over daily_metrics, runs, invariant_checks).`
  )
}

export const writeStressReport = async (runsFolder: string): Promise<string> => {
  const catalog = join(runsFolder, "catalog.duckdb")
  if (!existsSync(catalog)) throw new Error(`${catalog} not found: run a stress scenario first (npm run sim), it writes the catalog`)
  const runs = await readStressRuns(catalog)
  const path = join(runsFolder, "stress-report.html")
  writeFileSync(path, renderStressReport(runs, catalog))
  return path
}
