/**
 * The data every page renders, read once per build from the runs folder the config chose.
 * Pages await the same promise, so each result file is opened once.
 */
import { readRunsFolder, type RunsFolder } from "../../../notebooks/read-runs-folder.ts"

let loaded: Promise<RunsFolder> | undefined

export const siteData = (): Promise<RunsFolder> => {
  loaded ??= readRunsFolder(__NULLSPACE_RUNS_DIR__)
  return loaded
}
