/**
 * The run report notebook: one self-contained HTML page per simulation run
 * (`runs/<run_id>/report.html`) with the manifest, the headline numbers, the daily charts
 * (issuance, house PnL, players, volume, Gini, transactions) as inline SVG, and the richest
 * players of the last day. Everything on it comes from the run's `results.duckdb`.
 */
import { writeFileSync } from "node:fs"
import { DAILY_FIGURES } from "./daily-figures.ts"
import { runFigureSvg } from "./daily-charts.ts"
import { formatInteger } from "./format.ts"
import { escapeHtml } from "./html/escape.ts"
import { REPORT_CSS } from "./html/report-style.ts"
import { factsTable, htmlTable } from "./html/table.ts"
import { manifestFacts, parameterFacts } from "./manifest-facts.ts"
import { readRun } from "./read-run.ts"
import type { RunData } from "./run-data.ts"
import { runSummaryFacts } from "./run-summary.ts"
import { reportHtmlPath, resultsDbPath } from "./runs-folder.ts"

const TOP_PLAYERS_IN_REPORT = 20

const topPlayersSection = (run: RunData): string => {
  if (run.topPlayers.length === 0) return "<p>No player snapshots in this run.</p>"
  const shown = run.topPlayers.slice(0, TOP_PLAYERS_IN_REPORT)
  const day = shown[0]?.day ?? 0n
  return `<p class="sub">Day ${formatInteger(day)}, ${formatInteger(shown.length)} of ${formatInteger(run.playersLastDay)} players.</p>
${htmlTable(
  [{ header: "#", numeric: true }, { header: "player" }, { header: "name" }, { header: "chips", numeric: true }, { header: "sessions", numeric: true }],
  shown.map((p, i) => [String(i + 1), p.player, p.name ?? "", formatInteger(p.chips), formatInteger(p.sessions_played)])
)}`
}

export const renderRunReport = (run: RunData, sourcePath: string): string => {
  const m = run.manifest
  const charts =
    run.daily.length === 0
      ? "<p>This run recorded no daily metrics.</p>"
      : `<div class="charts">\n${DAILY_FIGURES.map((f) => runFigureSvg(run, f, 500)).join("\n")}\n</div>`
  const parameters = parameterFacts(m)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Null/Space run report: ${escapeHtml(m.run_id)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<h1>Run report: ${escapeHtml(m.run_id)}</h1>
<p class="sub">Scenario <strong>${escapeHtml(m.scenario)}</strong>, ${formatInteger(m.days)} days, seed <code>${escapeHtml(m.seed)}</code>.</p>
<h2>Headline numbers</h2>
${factsTable(runSummaryFacts(run))}
<h2>Daily metrics</h2>
${charts}
<h2>Richest players</h2>
${topPlayersSection(run)}
<h2>Manifest</h2>
${factsTable(manifestFacts(m))}
<h2>Parameters</h2>
${parameters.length === 0 ? "<p>No parameters recorded.</p>" : factsTable(parameters)}
<footer>Generated from <code>${escapeHtml(sourcePath)}</code>. Every figure is read from that file.</footer>
</body>
</html>
`
}

/** Read a run, write its report next to its results, and return the report's path. */
export const writeRunReport = async (runsDir: string, runId: string): Promise<string> => {
  const run = await readRun(runsDir, runId)
  const path = reportHtmlPath(runsDir, runId)
  writeFileSync(path, renderRunReport(run, resultsDbPath(runsDir, runId)))
  return path
}
