/** A run's summary for the terminal: identity, totals and the daily metrics table. */
import type { WrittenRun } from "../runner/run-files.ts"
import type { CompletedRun } from "../runner/services.ts"

const pad = (s: string, n: number): string => s.padStart(n)

export const formatRun = (run: CompletedRun, written: WrittenRun, elapsed_ms: number): string => {
  const m = run.manifest
  const t = run.result.totals
  const lines = [
    `run ${m.run_id}  (scenario ${m.scenario}, seed ${m.seed}, ${m.days} days, ${(elapsed_ms / 1000).toFixed(1)} s)`,
    `  parameters        ${JSON.stringify(m.parameters)}`,
    `  blocks            ${t.blocks}   transactions ${t.transactions} (applied ${t.applied}, failed ${t.failed}, skipped ${t.skipped})`,
    `  final state root  ${m.final_state_root}`,
    `  manifest root     ${m.manifest_root}`,
    `  code version      ${m.code_version}`,
    `  results           ${written.results}`,
    "",
    `  ${["day", "issuance", "house pnl", "active", "players", "volume", "gini", "blocks", "txs"].map((h, i) => pad(h, i === 0 ? 3 : 10)).join(" ")}`
  ]
  for (const d of run.result.daily)
    lines.push(
      `  ${[
        pad(String(d.day), 3),
        pad(String(d.issuance_chips), 10),
        pad(String(d.house_pnl_chips), 10),
        pad(String(d.active_players), 10),
        pad(String(d.players_total), 10),
        pad(String(d.volume_chips), 10),
        pad(d.gini_chips.toFixed(4), 10),
        pad(String(d.blocks), 10),
        pad(String(d.transactions), 10)
      ].join(" ")}`
    )
  return lines.join("\n")
}
