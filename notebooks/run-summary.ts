/**
 * The headline numbers of a run, taken from its last day of metrics (cumulative figures) and
 * summed over all days (flow figures).
 */
import { formatDecimal, formatInteger } from "./format.ts"
import type { Fact } from "./manifest-facts.ts"
import type { RunData } from "./run-data.ts"

export const runSummaryFacts = (run: RunData): ReadonlyArray<Fact> => {
  const last = run.daily[run.daily.length - 1]
  if (last === undefined) return [["days of metrics", "0"]]
  const volume = run.daily.reduce((sum, d) => sum + d.volume_chips, 0n)
  const peakActive = run.daily.reduce((max, d) => (d.active_players > max ? d.active_players : max), 0n)
  return [
    ["days of metrics", formatInteger(run.daily.length)],
    ["chips issued (cumulative)", formatInteger(last.issuance_chips)],
    ["house PnL (cumulative)", formatInteger(last.house_pnl_chips)],
    ["players (registered)", formatInteger(last.players_total)],
    ["peak active players per day", formatInteger(peakActive)],
    ["volume wagered (all days)", formatInteger(volume)],
    ["Gini of chip balances (last day)", formatDecimal(last.gini_chips, 3)]
  ]
}
