/**
 * Compiling for the runtime, once per run on the main thread:
 *  - a k6 script (ES module) becomes a CommonJS function body (k6 itself did the same with Babel
 *    before v0.52), which every VU evaluates in its own context (script.ts);
 *  - the VU worker's own TypeScript is bundled into one ES module file, so worker threads start
 *    without a TypeScript loader.
 */
import { mkdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { build, transformSync } from "esbuild"

export const compileScript = (source: string, filename: string): string =>
  transformSync(source, { format: "cjs", loader: "js", sourcefile: filename, target: "esnext", logLevel: "silent" }).code

let workerFile: Promise<string> | undefined

/** The VU worker as one JavaScript file (built on first use, reused for the rest of the process). */
export const workerEntry = (): Promise<string> =>
  (workerFile ??= (async () => {
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
