/**
 * npm run report -- [run_id]
 * Writes runs/<run_id>/report.html (default run: the one runs/LATEST names) and prints its path.
 * The runs folder is `runs/` at the repository root unless NULLSPACE_RUNS_DIR names another.
 */
import { resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { latestRunId } from "../read-run.ts"
import { writeRunReport } from "../run-report.ts"

const fromEnv = process.env["NULLSPACE_RUNS_DIR"]
const runsDir =
  fromEnv !== undefined && fromEnv.trim() !== "" ? resolve(fromEnv) : fileURLToPath(new URL("../../runs", import.meta.url))
const runId = process.argv[2] ?? latestRunId(runsDir)
if (runId === undefined) {
  console.error(`no run given and no runs/LATEST in ${runsDir}: run a simulation first (npm run sim) or pass a run id`)
  process.exit(2)
}
try {
  console.log(await writeRunReport(runsDir, runId))
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e))
  process.exit(1)
}
