/**
 * Economy vectors (genesis, signed-by-name steps, expected fields). The economy modules are not
 * part of this engine build yet, so an economy vector is reported as a failure naming what is
 * missing — never skipped.
 */
import type { VectorResult } from "./run-game-vector.ts"

export const runEconomyVector = (json: unknown, fallbackName: string): VectorResult => {
  const name = typeof json === "object" && json !== null && "name" in json && typeof json.name === "string" ? json.name : fallbackName
  return { name, ok: false, detail: "economy vectors need the economy modules (issue 4)" }
}
