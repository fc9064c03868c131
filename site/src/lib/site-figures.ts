/**
 * Figures the site draws beyond the report's (same columns of daily_metrics, same line-chart
 * helper): fees per day by kind, and the tournament activity a run's event counts record.
 */
import type { EconomyFigure } from "../../../notebooks/economy-figures.ts"
import type { EconomyRun } from "../../../notebooks/economy-data.ts"

export const FEES_FIGURE: EconomyFigure = {
  section: "Fees",
  title: "Fees per day",
  yLabel: "per day (chips or vUSDT units)",
  series: [
    ["swap_fees_rng_chips", "swap fees, RNG in (chips)"],
    ["swap_fees_vusdt", "swap fees, vUSDT in"],
    ["super_fees_chips", "super-mode fees (chips)"],
    ["stability_fees_vusdt", "vault stability fees (vUSDT)"]
  ]
}

/** event types that are tournament or freeroll activity */
const TOURNAMENT_EVENT = /Tournament|Freeroll/

export const tournamentEvents = (run: EconomyRun): ReadonlyArray<{ readonly event_type: string; readonly events: number }> =>
  run.eventTotals.filter((e) => TOURNAMENT_EVENT.test(e.event_type)).map((e) => ({ event_type: e.event_type, events: Number(e.events) }))
