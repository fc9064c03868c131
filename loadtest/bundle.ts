/**
 * Bundle k6 scripts: each loadtest/scripts/*.js becomes loadtest/dist/<name>.js with every npm and
 * repository import inlined (engine signing/encoding, @noble/*, effect) and only 'k6' / 'k6/...'
 * left as imports. Target ES2020: BigInt stays (the engine's u64s need it), newer syntax
 * (class fields, private members, logical assignment) is lowered for k6's JS runtime.
 */
import { readdirSync } from "node:fs"
import { basename, join, resolve } from "node:path"
import { build, type Metafile } from "esbuild"

export const SCRIPTS_DIR = resolve(import.meta.dirname, "scripts")
export const DIST_DIR = resolve(import.meta.dirname, "dist")

export const isK6Module = (path: string): boolean => path === "k6" || path.startsWith("k6/")

export interface BundleResult {
  readonly script: string
  readonly output: string
  readonly bytes: number
  /** every import left in the output (should be k6 modules only) */
  readonly external_imports: ReadonlyArray<string>
}

export const listScripts = (dir = SCRIPTS_DIR): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".js"))
    .map((f) => join(dir, f))

const externalImports = (meta: Metafile, output: string): string[] => {
  const out = Object.entries(meta.outputs).find(([p]) => resolve(p) === output)
  return out === undefined ? [] : [...new Set(out[1].imports.filter((i) => i.external).map((i) => i.path))].sort()
}

export const bundleScript = async (script: string, outDir = DIST_DIR): Promise<BundleResult> => {
  const output = join(outDir, basename(script))
  const result = await build({
    entryPoints: [script],
    outfile: output,
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["import", "default"],
    target: "es2020",
    external: ["k6", "k6/*"],
    metafile: true,
    legalComments: "inline",
    banner: { js: `// Bundled from loadtest/scripts/${basename(script)} by \`npm run loadtest:bundle\`; do not edit.` },
    logLevel: "silent"
  })
  const bytes = Object.entries(result.metafile.outputs).find(([p]) => resolve(p) === output)?.[1].bytes ?? 0
  return { script, output, bytes, external_imports: externalImports(result.metafile, output) }
}
