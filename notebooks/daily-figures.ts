/**
 * The charts drawn from `daily_metrics`, described once so the HTML report, the run pages and
 * the comparison page draw the same figures with the same titles and units.
 */
import type { DailyMetric } from "./run-data.ts"
import { toChartNumber } from "./plot/series.ts"

export interface DailyLine {
  readonly name: string
  readonly value: (d: DailyMetric) => number | null
}

export interface DailyFigure {
  readonly id: string
  readonly title: string
  readonly yLabel: string
  readonly zeroRule: boolean
  /** The first line is the one compared across runs. */
  readonly lines: readonly [DailyLine, ...ReadonlyArray<DailyLine>]
}

export const ISSUANCE: DailyFigure = {
  id: "issuance",
  title: "Issuance: chips minted, cumulative",
  yLabel: "chips",
  zeroRule: false,
  lines: [{ name: "issued", value: (d) => toChartNumber(d.issuance_chips) }]
}

export const HOUSE_PNL: DailyFigure = {
  id: "house-pnl",
  title: "House PnL: house game balance, cumulative",
  yLabel: "chips",
  zeroRule: true,
  lines: [{ name: "house PnL", value: (d) => toChartNumber(d.house_pnl_chips) }]
}

export const PLAYERS: DailyFigure = {
  id: "players",
  title: "Players: active per day and registered",
  yLabel: "players",
  zeroRule: false,
  lines: [
    { name: "active", value: (d) => toChartNumber(d.active_players) },
    { name: "registered", value: (d) => toChartNumber(d.players_total) }
  ]
}

export const VOLUME: DailyFigure = {
  id: "volume",
  title: "Volume: chips wagered per day",
  yLabel: "chips",
  zeroRule: false,
  lines: [{ name: "wagered", value: (d) => toChartNumber(d.volume_chips) }]
}

export const GINI: DailyFigure = {
  id: "gini",
  title: "Concentration: Gini of player chip balances at day end",
  yLabel: "Gini (0 = equal)",
  zeroRule: false,
  lines: [{ name: "Gini", value: (d) => d.gini_chips }]
}

export const TRANSACTIONS: DailyFigure = {
  id: "transactions",
  title: "Chain activity: transactions per day",
  yLabel: "transactions",
  zeroRule: false,
  lines: [{ name: "transactions", value: (d) => toChartNumber(d.transactions) }]
}

export const DAILY_FIGURES: ReadonlyArray<DailyFigure> = [ISSUANCE, HOUSE_PNL, PLAYERS, VOLUME, GINI, TRANSACTIONS]
