// Astro config for the Null/Space dashboards: a static site built from the runs folder.
// The runs folder is `runs/` at the repository root unless NULLSPACE_RUNS_DIR names another
// (relative to the current directory). It is resolved here, once, and handed to the pages as a
// build-time constant.
import { dirname, isAbsolute, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { defineConfig } from "astro/config"

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const fromEnv = process.env.NULLSPACE_RUNS_DIR
const runsDir = fromEnv !== undefined && fromEnv.trim() !== "" ? resolve(fromEnv) : resolve(repoRoot, "runs")
// How pages name the folder: relative to the repository when inside it (no build-machine paths).
const inRepo = relative(repoRoot, runsDir)
const runsLabel = inRepo !== "" && !inRepo.startsWith("..") && !isAbsolute(inRepo) ? `${inRepo}/` : runsDir

export default defineConfig({
  output: "static",
  cacheDir: resolve(repoRoot, "node_modules/.astro-site"),
  trailingSlash: "always",
  build: { format: "directory" },
  devToolbar: { enabled: false },
  vite: {
    cacheDir: resolve(repoRoot, "node_modules/.vite-site"),
    define: {
      __NULLSPACE_RUNS_DIR__: JSON.stringify(runsDir),
      __NULLSPACE_RUNS_LABEL__: JSON.stringify(runsLabel)
    },
    ssr: { external: ["@duckdb/node-api"] }
  }
})
