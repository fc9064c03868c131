/**
 * Compiling for the runtime, once per run on the main thread:
 *  - a k6 script (ES module) and the local modules it imports by relative path (k6 resolves those
 *    itself) become one CommonJS function body with the `k6` modules left to `require` (k6 itself
 *    did the same with Babel before v0.52), which every VU evaluates in its own context (script.ts);
 *  - the VU worker's own TypeScript is bundled into one ES module file, so worker threads start
 *    without a TypeScript loader.
 */
import { mkdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { build, buildSync } from "esbuild"
import { removeStale } from "../../sim/sinks/stale-files.ts"

export const compileScript = (filename: string): string => {
  const result = buildSync({
    entryPoints: [filename],
    bundle: true,
    external: ["k6", "k6/*"],
    format: "cjs",
    platform: "neutral",
    target: "esnext",
    write: false,
    logLevel: "silent"
  })
  const output = result.outputFiles[0]
  if (output === undefined || result.outputFiles.length !== 1) throw new Error(`compiling ${filename} gave ${result.outputFiles.length} outputs`)
  return output.text
}

let workerFile: Promise<string> | undefined

/** The VU worker as one JavaScript file (built on first use, reused for the rest of the process). */
export const workerEntry = (): Promise<string> =>
  (workerFile ??= (async () => {
    // folders of runs that were killed (SIGKILL cannot run the exit hook below)
    removeStale(tmpdir(), "nullspace-loadtest-", "")
    const dir = join(tmpdir(), `nullspace-loadtest-${process.pid}`)
    mkdirSync(dir, { recursive: true })
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }))
    const outfile = join(dir, "vu-worker.mjs")
    await build({
      entryPoints: [fileURLToPath(new URL("./vu-worker.ts", import.meta.url))],
      outfile,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      logLevel: "silent"
    })
    return outfile
  })())
