/**
 * One build of the site per test run, shared by every browser test file.
 *
 * The test files run in separate vitest forks, often at the same time. Each asks for the build
 * with `sharedSiteBuild()`; the first to take the lock (an exclusive `mkdir`) writes the fixture
 * runs folder and runs `astro build`, then marks the folder ready; the others wait for the mark
 * (polling every `POLL_MS`, at most `BUILD_TIMEOUT_MS`). A failed build leaves its error in the
 * folder, so the waiters fail at once with the same message instead of building again. The lock
 * holds its owner's pid: when the owner's process dies mid-build (its test file failed and the
 * fork exited), a waiter frees the lock and builds itself.
 *
 * The folder is named by the run token that `test/global-setup.ts` provides, and that setup's
 * teardown removes it: a new run never reads an old build.
 */
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import { promisify } from "node:util"
import { inject } from "vitest"
import { siteBuildRoot } from "../test/site-build-root.ts"
import { writeFixtureRunsFolder } from "./fixture-runs.ts"

const repoRoot = path.resolve(import.meta.dirname, "..")
export const BUILD_TIMEOUT_MS = 240_000
const POLL_MS = 500

export interface SiteBuild {
  /** the built site, to serve */
  readonly out_dir: string
  /** the fixture runs folder it was built from */
  readonly runs_dir: string
  /** whether this caller ran the build (false: another test file's build was reused) */
  readonly built_here: boolean
  readonly wait_ms: number
}

const runBuild = async (runsDir: string, outDir: string): Promise<void> => {
  fs.mkdirSync(runsDir, { recursive: true })
  await writeFixtureRunsFolder(runsDir)
  await promisify(execFile)(process.execPath, [path.join(repoRoot, "node_modules", "astro", "astro.js"), "build", "--root", path.join(repoRoot, "site"), "--outDir", outDir], {
    cwd: repoRoot,
    env: { ...process.env, NULLSPACE_RUNS_DIR: runsDir, ASTRO_TELEMETRY_DISABLED: "1" },
    timeout: BUILD_TIMEOUT_MS,
    maxBuffer: 16 * 1024 * 1024
  })
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/** where the shared build is (or will be) written: a static server may start on it before the build ends */
export const sharedSiteOutDir = (): string => path.join(siteBuildRoot(inject("siteBuildToken")), "out")

/** whether process `pid` is alive on this machine */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return e instanceof Error && "code" in e && e.code === "EPERM"
  }
}

/** take the lock (an exclusive mkdir holding the owner's pid); false when another live process has it */
const takeLock = (lock: string): boolean => {
  try {
    fs.mkdirSync(lock)
  } catch (e) {
    if (!(e instanceof Error && "code" in e && e.code === "EEXIST")) throw e
    return false
  }
  fs.writeFileSync(path.join(lock, "pid"), String(process.pid))
  return true
}

/** the owner of the lock died before marking the build ready or failed: free the lock for a new owner */
const breakDeadLock = (lock: string): void => {
  const pidFile = path.join(lock, "pid")
  if (!fs.existsSync(pidFile)) return // the owner is between mkdir and writing its pid
  const pid = Number(fs.readFileSync(pidFile, "utf8"))
  if (Number.isInteger(pid) && pid > 0 && !alive(pid)) fs.rmSync(lock, { recursive: true, force: true })
}

export const sharedSiteBuild = async (): Promise<SiteBuild> => {
  const root = siteBuildRoot(inject("siteBuildToken"))
  const out_dir = sharedSiteOutDir()
  const runs_dir = path.join(root, "runs")
  const ready = path.join(root, "ready")
  const failed = path.join(root, "failed")
  const lock = path.join(root, "lock")
  fs.mkdirSync(root, { recursive: true })
  const t0 = performance.now()
  const polls_max = Math.ceil(BUILD_TIMEOUT_MS / POLL_MS)
  for (let i = 0; i < polls_max; i++) {
    if (fs.existsSync(ready)) return { out_dir, runs_dir, built_here: false, wait_ms: performance.now() - t0 }
    if (fs.existsSync(failed)) throw new Error(`the shared site build failed: ${fs.readFileSync(failed, "utf8")}`)
    if (takeLock(lock)) {
      try {
        fs.rmSync(out_dir, { recursive: true, force: true })
        fs.rmSync(runs_dir, { recursive: true, force: true })
        await runBuild(runs_dir, out_dir)
      } catch (e) {
        fs.writeFileSync(failed, message(e))
        throw e
      }
      fs.writeFileSync(ready, "")
      return { out_dir, runs_dir, built_here: true, wait_ms: performance.now() - t0 }
    }
    breakDeadLock(lock)
    await sleep(POLL_MS)
  }
  throw new Error(`the shared site build was not ready after ${BUILD_TIMEOUT_MS} ms (${root})`)
}
