/**
 * One player's end-of-day chip balance and sessions played over the days of a run, drawn from
 * the run's `player_snapshots`.
 */
import { lineChart } from "./plot/line-chart.ts"
import { toChartNumber } from "./plot/series.ts"
import type { PlayerSnapshot, RunData } from "./run-data.ts"

export const playerHistory = (run: RunData, player: string): ReadonlyArray<PlayerSnapshot> =>
  run.topPlayerHistory.filter((s) => s.player === player)

export const playerChipsSvg = (history: ReadonlyArray<PlayerSnapshot>, width?: number): string =>
  lineChart(
    history.map((s) => ({ x: Number(s.day), y: toChartNumber(s.chips), series: "chips" })),
    { title: "Chips at day end", yLabel: "chips", width }
  )

export const playerSessionsSvg = (history: ReadonlyArray<PlayerSnapshot>, width?: number): string =>
  lineChart(
    history.map((s) => ({ x: Number(s.day), y: toChartNumber(s.sessions_played), series: "sessions" })),
    { title: "Game sessions played, cumulative", yLabel: "sessions", width }
  )
