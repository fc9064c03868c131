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

const importsOf = (text: string): string[] => [...text.matchAll(/^\s*import\s[^;]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1] ?? "")

describe("k6 scripts", () => {
  const scripts = listScripts()

  it("there are scripts, and each imports only 'k6' and 'k6/...' modules", () => {
    expect(scripts.map((s) => s.slice(SCRIPTS_DIR.length + 1))).toContain("roulette.js")
    for (const s of scripts) {
      const text = readFileSync(s, "utf8")
      const specifiers = importsOf(text)
      expect(specifiers.length).toBeGreaterThan(0)
      expect(specifiers.filter((p) => !isK6Module(p)), s).toEqual([])
      expect(text, s).not.toMatch(/\brequire\(["']/)
    }
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
    for (const s of scripts) expect(await bigintUse(readFileSync(s, "utf8")), s).toEqual({ literals: 0, constructor: false })
  })

  it("the roulette script's init code runs in the k6-like context: default, setup, thresholds, custom metrics, the corpus", async () => {
    const { buildRouletteCorpus, writeCorpus } = await import("../corpus.ts")
    const { mkdtempSync, rmSync } = await import("node:fs")
    const { tmpdir } = await import("node:os")
    const dir = mkdtempSync(join(tmpdir(), "corpus-"))
    try {
      const file = join(dir, "c.json")
      writeCorpus(file, buildRouletteCorpus({ journeys: 3, rounds_per_journey: 2, salt: "scripts-test" }))
      const inspected = await inspectScript(join(SCRIPTS_DIR, "roulette.js"), { BASE_URL: "http://127.0.0.1:9", CORPUS: file })
      if (typeof inspected === "string") throw new Error(inspected)
      expect([...inspected.exports].sort()).toEqual(["default", "setup"])
      expect(inspected.metrics.map((m) => [m.name, m.type, m.contains])).toEqual([
        ["update_latency_ms", "trend", "time"],
        ["rounds_completed", "counter", "default"],
        ["submit_rejected", "counter", "default"],
        ["corpus_exhausted", "counter", "default"]
      ])
      expect(inspected.options).toMatchObject({ thresholds: { http_req_failed: ["rate<0.01"], checks: ["rate>0.99"] } })
      const bad = await inspectScript(join(SCRIPTS_DIR, "roulette.js"), { CORPUS: join(dir, "missing.json") })
      expect(bad).toMatch(/missing\.json|ENOENT/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
