/**
 * The phase-1 report notebook: one self-contained HTML page for an economy run
 * (`<run folder>/phase1-report.html`): issuance vs sinks, house PnL daily and cumulative,
 * realised vs theoretical edge per game, AMM price and depth, vUSDT debt and vault health,
 * liquidations, savings and staking yields, Gini and top-1 % share, retention by archetype,
 * event counts and invariant checks. Every figure is read from the run's results.duckdb.
 */
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import type { EconomyRun } from "./economy-data.ts"
import { ECONOMY_FIGURES, economyFigurePoints, figureIsQuiet } from "./economy-figures.ts"
import { formatDecimal, formatInteger, formatPercent } from "./format.ts"
import { escapeHtml } from "./html/escape.ts"
import { chartGrid, reportPage } from "./html/page.ts"
import { factsTable, htmlTable } from "./html/table.ts"
import { manifestFacts, parameterFacts } from "./manifest-facts.ts"
import { barChart } from "./plot/bar-chart.ts"
import { intervalChart } from "./plot/interval-chart.ts"
import { lineChart } from "./plot/line-chart.ts"
import { readEconomy } from "./read-economy.ts"
import type { Point } from "./plot/series.ts"

const CHART_WIDTH = 500

const last = (run: EconomyRun, column: string): number | null => run.daily.at(-1)?.[column] ?? null
const sum = (run: EconomyRun, column: string): number | null =>
  run.columns.includes(column) ? run.daily.reduce((a, d) => a + (d[column] ?? 0), 0) : null
const peak = (run: EconomyRun, column: string): number | null =>
  run.columns.includes(column) ? run.daily.reduce((a, d) => Math.max(a, d[column] ?? 0), 0) : null
const int = (v: number | null): string => (v === null ? "–" : formatInteger(v))

export const headlineFacts = (run: EconomyRun): ReadonlyArray<readonly [string, string]> => {
  const staked = run.gameEdges.reduce((a, g) => a + g.staked_chips, 0n)
  const returned = run.gameEdges.reduce((a, g) => a + g.returned_chips, 0n)
  const failures = run.invariants.reduce((a, c) => a + c.failures, 0n)
  return [
    ["chips minted (cumulative)", int(last(run, "issuance_chips"))],
    ["chips burned (summed over days)", int(sum(run, "burned_chips"))],
    ["circulating supply at the end", int(last(run, "supply_chips"))],
    ["house PnL (cumulative)", int(last(run, "house_pnl_chips"))],
    ["realised edge, all games", staked === 0n ? "–" : formatPercent(Number(staked - returned) / Number(staked), 3)],
    ["peak vUSDT debt", int(peak(run, "debt_vusdt"))],
    ["liquidations", int(sum(run, "liquidations"))],
    ["Gini of chips at the end", formatDecimal(last(run, "gini_chips"), 3)],
    ["top-1 % share of chips at the end", formatPercent(last(run, "top1_share_chips"), 1)],
    ["invariant checks failed", formatInteger(failures)]
  ]
}

const figureHtml = (points: ReadonlyArray<Point>, title: string, yLabel: string, zeroRule: boolean): string => {
  const chart = lineChart(points, { title, yLabel, width: CHART_WIDTH, zeroRule })
  return figureIsQuiet(points) ? chart.replace("</figure>", `<p class="sub">No activity in this run.</p></figure>`) : chart
}

/** the daily figures grouped by section (also the site's run pages) */
export const dailySections = (run: EconomyRun): string => {
  const sections: string[] = []
  for (const section of [...new Set(ECONOMY_FIGURES.map((f) => f.section))]) {
    const charts = ECONOMY_FIGURES.filter((f) => f.section === section)
      .map((f) => ({ f, points: economyFigurePoints(run, f) }))
      .filter(({ points }) => points.length > 0)
      .map(({ f, points }) => figureHtml(points, f.title, f.yLabel, f.zeroRule === true))
    sections.push(`<h2>${escapeHtml(section)}</h2>\n${charts.length === 0 ? "<p>Not recorded in this run.</p>" : chartGrid(charts)}`)
  }
  return sections.join("\n")
}

export const edgeSection = (run: EconomyRun): string => {
  if (run.gameEdges.length === 0) return "<h2>Realised vs theoretical edge</h2>\n<p>No cash game completed in this run.</p>"
  const rows = run.gameEdges.flatMap((g) => [
    { label: `${g.game_type} realised`, value: g.realised_edge ?? Number.NaN, low: Number.NaN, high: Number.NaN },
    { label: `${g.game_type} theory`, value: ((g.theoretical_edge_min ?? Number.NaN) + (g.theoretical_edge_max ?? Number.NaN)) / 2, low: g.theoretical_edge_min ?? Number.NaN, high: g.theoretical_edge_max ?? Number.NaN }
  ])
  const chart = intervalChart(rows, { title: "House edge per game: realised (dot) vs theoretical range (rule)", xLabel: "house edge (%)", percent: true, reference: 0 })
  const table = htmlTable(
    [{ header: "game" }, { header: "sessions", numeric: true }, { header: "staked", numeric: true }, { header: "returned", numeric: true }, { header: "realised edge", numeric: true }, { header: "theoretical edge", numeric: true }, { header: "theory over bets" }],
    run.gameEdges.map((g) => [
      g.game_type,
      formatInteger(g.sessions),
      formatInteger(g.staked_chips),
      formatInteger(g.returned_chips),
      formatPercent(g.realised_edge, 3),
      g.theoretical_edge_min === g.theoretical_edge_max ? formatPercent(g.theoretical_edge_min, 3) : `${formatPercent(g.theoretical_edge_min, 3)} – ${formatPercent(g.theoretical_edge_max, 3)}`,
      g.theoretical_bets ?? "–"
    ])
  )
  return `<h2>Realised vs theoretical edge</h2>\n<p class="sub">Theory: the fairness harness's exact RTP of each game's main bets (sim/fairness/catalog.ts).</p>\n${chart}\n${table}`
}

export const retentionSection = (run: EconomyRun): string => {
  if (run.kindActivity.length === 0) return "<h2>Retention by archetype</h2>\n<p>Not recorded in this run.</p>"
  const points: Point[] = run.kindActivity.map((k) => ({ x: Number(k.day), y: k.agents === 0n ? 0 : Number(k.active_agents) / Number(k.agents), series: k.kind }))
  const chart = lineChart(points, { title: "Share of each archetype active per day", yLabel: "active share", legend: true })
  const table = htmlTable(
    [{ header: "archetype" }, { header: "agents", numeric: true }, { header: "active days (mean)", numeric: true }, { header: "chips at the end (mean)", numeric: true }, { header: "active on/after day 7", numeric: true }, { header: "active on/after day 30", numeric: true }],
    run.kindOutcomes.map((k) => [k.kind, formatInteger(k.agents), formatDecimal(k.active_days_mean, 1), k.chips_final_mean === null ? "–" : formatInteger(k.chips_final_mean), run.manifest.days > 7n ? formatPercent(k.retained_d7, 1) : "–", run.manifest.days > 30n ? formatPercent(k.retained_d30, 1) : "–"])
  )
  return `<h2>Retention by archetype</h2>\n${chart}\n${table}`
}

const eventsSection = (run: EconomyRun): string => {
  if (run.eventTotals.length === 0) return "<h2>Events</h2>\n<p>No events recorded.</p>"
  const bars = run.eventTotals.map((e) => ({ label: e.event_type, value: typeof e.events === "bigint" ? Number(e.events) : (e.events ?? 0) }))
  return `<h2>Events</h2>\n${barChart(bars, { title: "Events by type over the run", xLabel: "events" })}`
}

const invariantSection = (run: EconomyRun): string =>
  `<h2>Invariant checks</h2>\n${
    run.invariants.length === 0
      ? "<p>No invariant checks recorded.</p>"
      : htmlTable(
          [{ header: "invariant" }, { header: "checked on" }, { header: "checks", numeric: true }, { header: "failures", numeric: true }],
          run.invariants.map((c) => [c.invariant, c.source, formatInteger(c.checks), formatInteger(c.failures)])
        )
  }`

export const renderPhase1Report = (run: EconomyRun, sourcePath: string): string => {
  const m = run.manifest
  const parameters = parameterFacts(m)
  const body = [
    "<h2>Headline numbers</h2>",
    factsTable(headlineFacts(run)),
    dailySections(run),
    edgeSection(run),
    retentionSection(run),
    eventsSection(run),
    invariantSection(run),
    "<h2>Manifest</h2>",
    factsTable(manifestFacts(m)),
    "<h2>Parameters</h2>",
    parameters.length === 0 ? "<p>No parameters recorded.</p>" : factsTable(parameters)
  ].join("\n")
  return reportPage(
    `Phase-1 economy report: ${m.run_id}`,
    `Scenario <strong>${escapeHtml(m.scenario)}</strong>, ${formatInteger(m.days)} days, seed <code>${escapeHtml(m.seed)}</code>.`,
    body,
    `Generated from ${sourcePath}. Every figure is read from that file.`
  )
}

/** read a run folder's results.duckdb and write phase1-report.html next to it; returns its path */
export const writePhase1Report = async (runFolder: string): Promise<string> => {
  const source = join(runFolder, "results.duckdb")
  const run = await readEconomy(source)
  const path = join(runFolder, "phase1-report.html")
  writeFileSync(path, renderPhase1Report(run, source))
  return path
}
