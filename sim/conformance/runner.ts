/**
 * Runs every *.json vector under a path and reports one line per vector. Game vectors and
 * economy vectors are told apart by their shape.
 */
import { readFileSync, readdirSync, statSync } from "node:fs"
import { basename, join } from "node:path"
import { runGameVector, type VectorResult } from "./run-game-vector.ts"
import { runEconomyVector } from "./run-economy-vector.ts"
import { isGameVector } from "./vector.ts"

export const vectorFiles = (path: string): string[] => {
  const st = statSync(path)
  if (st.isFile()) return [path]
  return readdirSync(path)
    .sort()
    .flatMap((name) => {
      const p = join(path, name)
      return statSync(p).isDirectory() ? vectorFiles(p) : name.endsWith(".json") ? [p] : []
    })
}

export const runVectorFile = (file: string): VectorResult => {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(file, "utf8"))
  } catch (e) {
    return { name: basename(file), ok: false, detail: `not JSON: ${e instanceof Error ? e.message : String(e)}` }
  }
  try {
    return isGameVector(json) ? runGameVector(json, basename(file)) : runEconomyVector(json, basename(file))
  } catch (e) {
    return { name: basename(file), ok: false, detail: `runner error: ${e instanceof Error ? e.message : String(e)}` }
  }
}

export const runVectors = (paths: ReadonlyArray<string>): VectorResult[] => paths.flatMap(vectorFiles).map(runVectorFile)
