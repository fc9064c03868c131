/**
 * Where a test run's shared site build lives (site-test/site-build.ts), named by the token that
 * `global-setup.ts` provides to every test file of the run.
 */
import * as path from "node:path"

export const siteBuildRoot = (token: string): string =>
  path.resolve(import.meta.dirname, "..", "node_modules", ".cache", `nullspace-site-build-${token}`)
