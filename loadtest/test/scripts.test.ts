/**
 * What real k6 (v0.47 and later, whose JavaScript runtime has no BigInt) needs from every script:
 * only standard k6 imports and no BigInt anywhere (literal or constructor).
 * The same file runs on this repository's runtime (inspected here) and, where a k6 binary is at
 * hand, under real k6 (docs/loadtest.md has the command; v0.49.0 was checked).
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { transform } from "esbuild"
import { describe, expect, it } from "vitest"
import { inspectScript } from "../runtime/runner.ts"
import { isK6Module, listScripts, SCRIPTS_DIR } from "../scripts-dir.ts"

const record = (u: unknown): Record<string, unknown> => (typeof u === "object" && u !== null ? Object.fromEntries(Object.entries(u)) : {})

const importsOf = (text: string): string[] => [...text.matchAll(/^\s*import\s[^;]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1] ?? "")

/** the only relative import a script may make: a module of its own lib/ folder */
const LIB_IMPORT = /^\.\/lib\/[a-z0-9-]+\.js$/
const LIB_DIR = join(SCRIPTS_DIR, "lib")

describe("k6 scripts", () => {
  const scripts = listScripts()
  const libs = listScripts(LIB_DIR)

  it("there are scripts, and each imports only 'k6' and 'k6/...' modules and the shared ./lib modules, which import nothing", () => {
    expect(scripts.map((s) => s.slice(SCRIPTS_DIR.length + 1))).toContain("roulette.js")
    for (const s of scripts) {
      const text = readFileSync(s, "utf8")
      const specifiers = importsOf(text)
      expect(specifiers.length).toBeGreaterThan(0)
      expect(specifiers.filter((p) => !isK6Module(p) && !LIB_IMPORT.test(p)), s).toEqual([])
      expect(text, s).not.toMatch(/\brequire\(["']/)
    }
    expect(libs.length).toBeGreaterThan(0)
    for (const l of libs) {
      const text = readFileSync(l, "utf8")
      expect(importsOf(text), l).toEqual([])
      expect(text, l).not.toMatch(/\brequire\(["']/)
    }
    // the check itself can fail
    expect(["../engine/x.js", "./lib/../../x.js", "node:fs"].filter((p) => LIB_IMPORT.test(p))).toEqual([])
  })

  it("no script uses BigInt: esbuild flags any bigint literal for an ES2019 target, and the constructor is absent", async () => {
    /** bigint literals esbuild flags, and whether the code (comments stripped) names BigInt */
    const bigintUse = async (source: string): Promise<{ literals: number; constructor: boolean }> => {
      const r = await transform(source, { target: "es2019", loader: "js", format: "esm", minifyWhitespace: true, legalComments: "none" })
      return { literals: r.warnings.filter((w) => /Big integer literals/.test(w.text)).length, constructor: /\bBigInt\b/.test(r.code) }
    }
    // the checks themselves can fail
    expect((await bigintUse("export const x = 0x1fn")).literals).toBe(1)
    expect(await bigintUse("// BigInt in a comment only\nexport const z = 1")).toEqual({ literals: 0, constructor: false })
    expect(await bigintUse("export const y = BigInt(3)")).toEqual({ literals: 0, constructor: true })
    for (const s of [...scripts, ...libs]) expect(await bigintUse(readFileSync(s, "utf8")), s).toEqual({ literals: 0, constructor: false })
  })

  const expectedMetrics: Record<string, ReadonlyArray<string>> = {
    roulette: ["update_latency_ms", "rounds_completed", "submit_rejected", "corpus_exhausted"],
    journeys: ["step_latency_ms", "steps_completed", "journeys_completed", "casino_errors", "corpus_exhausted"],
    updates: ["update_delivery_ms", "deliveries", "frames_received", "frames_out_of_order", "corpus_exhausted"],
    explorer: ["reads"]
  }

  it("every script's init code runs in the k6-like context: scenarios of both kinds, per-endpoint thresholds, handleSummary, its corpus", async () => {
    const { buildCorpus, writeCorpus } = await import("../corpus.ts")
    const { corpusKindOf } = await import("../scripts-dir.ts")
    const { mkdtempSync, rmSync } = await import("node:fs")
    const { tmpdir } = await import("node:os")
    const dir = mkdtempSync(join(tmpdir(), "corpus-"))
    try {
      expect(scripts.map((s) => s.split("/").pop()).sort()).toEqual(["explorer.js", "journeys.js", "roulette.js", "updates.js"])
      for (const script of scripts) {
        const name = (script.split("/").pop() ?? "").replace(/\.js$/, "")
        const kind = corpusKindOf(script)
        if (kind === null) throw new Error(`${script} has no corpus kind`)
        const file = join(dir, `${name}.json`)
        writeCorpus(file, buildCorpus({ kind, journeys: 3, rounds_per_journey: 2, salt: "scripts-test" }))
        const inspected = await inspectScript(script, { BASE_URL: "http://127.0.0.1:9", CORPUS: file })
        if (typeof inspected === "string") throw new Error(`${name}: ${inspected}`)
        expect(inspected.exports, name).toEqual(expect.arrayContaining(["default", "setup", "handleSummary"]))
        expect(inspected.metrics.map((m) => m.name), name).toEqual(expectedMetrics[name])
        const options = record(inspected.options)
        const scenarios = Object.values(record(options["scenarios"])).map((sc) => record(sc)["executor"])
        expect(scenarios, name).toContain("ramping-vus")
        expect(scenarios.some((e) => e === "ramping-arrival-rate" || e === "constant-arrival-rate"), name).toBe(true)
        // per-endpoint thresholds: sub-metrics selected by the request's name tag (or the update stream)
        expect(Object.keys(record(options["thresholds"])).some((k) => /\{name:[A-Z]+ \//.test(k) || /\{stream:/.test(k)), name).toBe(true)
        // a corpus of the wrong kind is refused at init
        const other = join(dir, `${name}-other.json`)
        writeCorpus(other, buildCorpus({ kind: kind === "roulette" ? "journeys" : "roulette", journeys: 1, rounds_per_journey: 1, salt: "other" }))
        expect(await inspectScript(script, { CORPUS: other }), name).toMatch(/is not a .* corpus of format 2/)
      }
      const bad = await inspectScript(join(SCRIPTS_DIR, "roulette.js"), { CORPUS: join(dir, "missing.json") })
      expect(bad).toMatch(/missing\.json|ENOENT/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
