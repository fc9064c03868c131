/**
 * Where things live inside a runs folder (the contract with the simulation runner). The folder
 * itself is chosen by the caller: CLIs and the site config resolve `NULLSPACE_RUNS_DIR`.
 */
import { join } from "node:path"

export const latestPointerPath = (runsDir: string): string => join(runsDir, "LATEST")
export const runFolderPath = (runsDir: string, runId: string): string => join(runsDir, runId)
export const manifestJsonPath = (runsDir: string, runId: string): string => join(runsDir, runId, "manifest.json")
export const resultsDbPath = (runsDir: string, runId: string): string => join(runsDir, runId, "results.duckdb")
export const reportHtmlPath = (runsDir: string, runId: string): string => join(runsDir, runId, "report.html")
export const fairnessDbPath = (runsDir: string): string => join(runsDir, "fairness", "fairness.duckdb")
export const loadtestDbPath = (runsDir: string): string => join(runsDir, "loadtest", "loadtest.duckdb")
