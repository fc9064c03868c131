/**
 * Everything a dashboard shows, read from one runs folder in one pass: every run (oldest first),
 * which one is the latest, and the fairness and load-test tables when they exist. A missing
 * folder reads as empty.
 */
import type { FairnessRow } from "./fairness-data.ts"
import type { LoadtestRow } from "./loadtest-data.ts"
import { readFairness } from "./read-fairness.ts"
import { readLoadtests } from "./read-loadtest.ts"
import { latestRunId, listRunIds, readRun } from "./read-run.ts"
import type { RunData } from "./run-data.ts"
import type { EconomyRun } from "./economy-data.ts"
import { readEconomy } from "./read-economy.ts"
import { resultsDbPath } from "./runs-folder.ts"

export interface RunsFolder {
  readonly runsDir: string
  /** Oldest first (by `created_at`, then run id). */
  readonly runs: ReadonlyArray<RunData>
  /** The run `LATEST` names, else the newest run. */
  readonly latest: RunData | undefined
  readonly fairness: ReadonlyArray<FairnessRow> | undefined
  readonly loadtests: ReadonlyArray<LoadtestRow> | undefined
  /** Run folders that could not be read (still being written, or not in the contract's shape). */
  readonly unreadable: ReadonlyArray<{ readonly runId: string; readonly reason: string }>
  /** the economy tables of each run that has them (runs written before the metric families have none) */
  readonly economy: ReadonlyMap<string, EconomyRun>
}

const byCreation = (a: RunData, b: RunData): number =>
  a.manifest.created_at.localeCompare(b.manifest.created_at) || a.manifest.run_id.localeCompare(b.manifest.run_id)

export const readRunsFolder = async (runsDir: string): Promise<RunsFolder> => {
  const runs: Array<RunData> = []
  const economy = new Map<string, EconomyRun>()
  const unreadable: Array<{ readonly runId: string; readonly reason: string }> = []
  for (const runId of listRunIds(runsDir)) {
    try {
      runs.push(await readRun(runsDir, runId))
    } catch (e) {
      unreadable.push({ runId, reason: e instanceof Error ? e.message.split("\n")[0] ?? e.name : String(e) })
      continue
    }
    try {
      const e = await readEconomy(resultsDbPath(runsDir, runId))
      if (e.columns.includes("house_pnl_day_chips")) economy.set(runId, e)
    } catch {
      // a run without the economy tables is shown with its daily metrics only
    }
  }
  runs.sort(byCreation)
  const pointer = latestRunId(runsDir)
  const latest = runs.find((r) => r.manifest.run_id === pointer) ?? runs[runs.length - 1]
  return { runsDir, runs, latest, fairness: await readFairness(runsDir), loadtests: await readLoadtests(runsDir), unreadable, economy }
}
