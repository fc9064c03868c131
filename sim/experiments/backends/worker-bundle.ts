/**
 * The cell worker (cell-worker.ts, a thread or a process) as one JavaScript file, built with
 * esbuild from the TypeScript sources on first use and reused for the rest of the process (one
 * file per catalog module).
 *
 * Why a bundle: a worker that loads the sources through tsx's module hooks spends about 1.2 s
 * resolving and transforming several hundred files before its first cell, and workers started
 * together contend for that work (2 threads were ready after ≈ 3 s, 1 after ≈ 2 s); the bundle
 * loads in ≈ 0.5 s, and is built once (≈ 0.5 s, in esbuild's own process) however many workers
 * start. Two rules keep the bundle equivalent to the sources:
 *  - `import.meta.url` in a source file is replaced by that file's own URL, so code that finds a
 *    file or starts a worker relative to its module (the EVM worker of phase 2) still does;
 *  - native packages (@duckdb/*) stay outside the bundle, imported by absolute path, so the file
 *    can live in the temporary folder.
 * The entry imports the catalog module (catalog_url) and hands it to `serveCells`.
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { build, type Plugin } from "esbuild"
import { removeStale } from "../../sinks/stale-files.ts"

const SERVE_PATH = fileURLToPath(new URL("./cell-worker.ts", import.meta.url))
const require_here = createRequire(import.meta.url)
/** packages that load native code: left to Node, from this checkout's node_modules */
const NATIVE = /^@duckdb\//

const sourceUrls: Plugin = {
  name: "source-import-meta-url",
  setup: (b) => {
    b.onLoad({ filter: /\.[cm]?ts$/ }, (args) => ({
      contents: readFileSync(args.path, "utf8").replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)),
      loader: "ts"
    }))
  }
}

const nativeByPath: Plugin = {
  name: "native-packages-by-path",
  setup: (b) => {
    b.onResolve({ filter: NATIVE }, (args) => ({ path: pathToFileURL(require_here.resolve(args.path)).href, external: true }))
  }
}

const built = new Map<string, Promise<string>>()
let dir: string | undefined

const folder = (): string => {
  if (dir !== undefined) return dir
  // bundles of coordinators that were killed (SIGKILL cannot run the exit hook below)
  removeStale(tmpdir(), "nullspace-cell-worker-", "")
  const d = join(tmpdir(), `nullspace-cell-worker-${process.pid}`)
  mkdirSync(d, { recursive: true })
  process.once("exit", () => rmSync(d, { recursive: true, force: true }))
  dir = d
  return d
}

/** the bundle's path for a catalog module (a file: URL exporting CATALOG) */
export const cellWorkerBundle = (catalog_url: string): Promise<string> => {
  const hit = built.get(catalog_url)
  if (hit !== undefined) return hit
  const outfile = join(folder(), `cell-worker-${built.size}.mjs`)
  const catalog_path = fileURLToPath(catalog_url)
  const job = build({
    stdin: {
      contents: [
        `import * as catalog from ${JSON.stringify(catalog_path)}`,
        `import { serveCells } from ${JSON.stringify(SERVE_PATH)}`,
        `serveCells(catalog, ${JSON.stringify(catalog_url)})`
      ].join("\n"),
      resolveDir: process.cwd(),
      sourcefile: "cell-worker-entry.ts",
      loader: "ts"
    },
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // CommonJS packages inside an ESM bundle still call require() for Node's built-ins
    banner: { js: 'import { createRequire as __nullspaceRequire } from "node:module"; const require = __nullspaceRequire(import.meta.url);' },
    plugins: [sourceUrls, nativeByPath],
    logLevel: "silent"
  }).then(() => outfile)
  built.set(catalog_url, job)
  // a failed build is not cached: the next pool tries again
  job.catch(() => built.delete(catalog_url))
  return job
}
