/**
 * npm run report -- <kind> [folder] [--id <experiment_id>]
 *   run     [run_id]        the run report, runs/<run_id>/report.html (also: `npm run report -- [run_id]`)
 *   phase1  [folder]        phase-1 economy report of a run folder, or of the run a runs folder's LATEST names
 *   sweep   <folder>        sweep report of an experiment folder, or of the latest sweep in <folder>/catalog.duckdb
 *   ab      <folder>        A/B report of a compare experiment (folder or catalog)
 *   stress  [runs folder]   stress report over the runs catalog
 * Prints the report's path. The runs folder is `runs/` at the repository root unless
 * NULLSPACE_RUNS_DIR names another. Errors are one line on stderr, exit code 2 for usage.
 */
import { existsSync } from "node:fs"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { writeAbReport } from "../ab-report.ts"
import { writePhase1Report } from "../phase1-report.ts"
import { latestRunId } from "../read-run.ts"
import { writeRunReport } from "../run-report.ts"
import { writeStressReport } from "../stress-report.ts"
import { writeSweepReport } from "../sweep-report.ts"

const KINDS = ["run", "phase1", "sweep", "ab", "stress"] as const
type Kind = (typeof KINDS)[number]
const isKind = (s: string | undefined): s is Kind => KINDS.some((k) => k === s)

const USAGE = `usage: npm run report -- <${KINDS.join("|")}> [folder] [--id <experiment_id>]`

const fromEnv = process.env["NULLSPACE_RUNS_DIR"]
const runsDir = fromEnv !== undefined && fromEnv.trim() !== "" ? resolve(fromEnv) : fileURLToPath(new URL("../../runs", import.meta.url))

const fail = (message: string, code: number): never => {
  console.error(message)
  process.exit(code)
}

const args = process.argv.slice(2)
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE)
  process.exit(0)
}
const idAt = args.indexOf("--id")
const id = idAt >= 0 ? args[idAt + 1] : undefined
if (idAt >= 0 && id === undefined) fail(`--id needs a value\n${USAGE}`, 2)
const positional = idAt < 0 ? args : args.filter((_, i) => i !== idAt && i !== idAt + 1)
const unknown = positional.find((a) => a.startsWith("-"))
if (unknown !== undefined) fail(`unknown flag ${unknown}\n${USAGE}`, 2)

const first = positional[0]
const kind: Kind = isKind(first) ? first : "run"
const target = isKind(first) ? positional[1] : first

const phase1Folder = (): string => {
  const folder = resolve(target ?? runsDir)
  if (existsSync(join(folder, "results.duckdb"))) return folder
  const latest = latestRunId(folder)
  return latest === undefined ? fail(`${folder} is neither a run folder nor a runs folder with LATEST`, 2) : join(folder, latest)
}

const needFolder = (): string => (target === undefined ? fail(`${kind} needs a folder\n${USAGE}`, 2) : resolve(target))

try {
  switch (kind) {
    case "run": {
      const runId = target ?? latestRunId(runsDir)
      if (runId === undefined) fail(`no run given and no runs/LATEST in ${runsDir}: run a simulation first (npm run sim) or pass a run id`, 2)
      else console.log(await writeRunReport(runsDir, runId))
      break
    }
    case "phase1":
      console.log(await writePhase1Report(phase1Folder()))
      break
    case "sweep":
      console.log(await writeSweepReport(needFolder(), id))
      break
    case "ab":
      console.log(await writeAbReport(needFolder(), id))
      break
    case "stress":
      console.log(await writeStressReport(resolve(target ?? runsDir)))
      break
  }
} catch (e) {
  fail(e instanceof Error ? e.message : String(e), 1)
}
