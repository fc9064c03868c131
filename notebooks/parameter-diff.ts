/**
 * Parameter differences between runs: for each run, the parameters whose value is not the same
 * in every run of its scenario (what distinguishes it from its siblings), and the parameters that
 * differ between two given runs. Values are compared as their JSON text.
 */
import type { RunManifest } from "./run-data.ts"

const text = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v))

/** run_id → [[name, value]] of the parameters that vary within the run's scenario */
export const distinguishingParameters = (manifests: ReadonlyArray<RunManifest>): ReadonlyMap<string, ReadonlyArray<readonly [string, string]>> => {
  const byScenario = new Map<string, RunManifest[]>()
  for (const m of manifests) byScenario.set(m.scenario, [...(byScenario.get(m.scenario) ?? []), m])
  const out = new Map<string, ReadonlyArray<readonly [string, string]>>()
  for (const group of byScenario.values()) {
    const keys = new Set(group.flatMap((m) => Object.keys(m.parameters)))
    const varying = [...keys].filter((k) => new Set(group.map((m) => text(m.parameters[k]))).size > 1).sort()
    for (const m of group) out.set(m.run_id, varying.map((k) => [k, text(m.parameters[k])] as const))
  }
  return out
}

/** [name, value in a, value in b] of every parameter whose value differs ("–" when absent) */
export const parameterDifferences = (a: RunManifest, b: RunManifest): ReadonlyArray<readonly [string, string, string]> => {
  const keys = [...new Set([...Object.keys(a.parameters), ...Object.keys(b.parameters)])].sort()
  const v = (m: RunManifest, k: string): string => (k in m.parameters ? text(m.parameters[k]) : "–")
  return keys.filter((k) => v(a, k) !== v(b, k)).map((k) => [k, v(a, k), v(b, k)] as const)
}
