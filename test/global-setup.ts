/**
 * Vitest global setup: once per `vitest run`, in the main process. It gives the run a token that
 * names its shared site build (site-test/site-build.ts), and its teardown removes that build.
 */
import * as fs from "node:fs"
import type { TestProject } from "vitest/node"
import { siteBuildRoot } from "./site-build-root.ts"

declare module "vitest" {
  export interface ProvidedContext {
    siteBuildToken: string
  }
}

export default function setup(project: TestProject): () => void {
  const token = `${process.pid}-${Date.now().toString(36)}`
  project.provide("siteBuildToken", token)
  return () => fs.rmSync(siteBuildRoot(token), { recursive: true, force: true })
}
