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
// The indexer API the player pages talk to by default (a page opened with ?api=URL uses that one).
const apiUrl = process.env.NULLSPACE_API_URL !== undefined && process.env.NULLSPACE_API_URL.trim() !== "" ? process.env.NULLSPACE_API_URL.trim() : "http://127.0.0.1:8080"
// The auth service the login page talks to by default (?auth=URL overrides it in the browser).
const authUrl = process.env.NULLSPACE_AUTH_URL !== undefined && process.env.NULLSPACE_AUTH_URL.trim() !== "" ? process.env.NULLSPACE_AUTH_URL.trim() : "http://127.0.0.1:4000"
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
      __NULLSPACE_RUNS_LABEL__: JSON.stringify(runsLabel),
      __NULLSPACE_API_URL__: JSON.stringify(apiUrl),
      __NULLSPACE_AUTH_URL__: JSON.stringify(authUrl)
    },
    ssr: { external: ["@duckdb/node-api"] }
  }
})
