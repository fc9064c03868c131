import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import vm from "node:vm"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { bundleScript, isK6Module, listScripts, SCRIPTS_DIR } from "../bundle.ts"
import { inspectScript } from "../runtime/runner.ts"

const out = mkdtempSync(join(tmpdir(), "loadtest-bundle-"))
afterAll(() => rmSync(out, { recursive: true, force: true }))

describe("bundle", () => {
  it("every script bundles with only 'k6' and 'k6/...' left as imports", async () => {
    const scripts = listScripts()
    expect(scripts.map((s) => s.slice(SCRIPTS_DIR.length + 1))).toContain("roulette.js")
    for (const s of scripts) {
      const r = await bundleScript(s, out)
      expect(r.external_imports.length).toBeGreaterThan(0)
      expect(r.external_imports.filter((i) => !isK6Module(i))).toEqual([])
      const text = readFileSync(r.output, "utf8")
      const specifiers = [...text.matchAll(/^\s*import\s[^;]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1])
      expect(specifiers.length).toBeGreaterThan(0)
      expect(specifiers.filter((p) => p === undefined || !isK6Module(p))).toEqual([])
      expect(text).not.toMatch(/\brequire\(["']/)
    }
  })

  it("the roulette bundle's init code runs in the k6-like context: default, setup, thresholds, custom metrics", async () => {
    const r = await bundleScript(join(SCRIPTS_DIR, "roulette.js"), out)
    const inspected = await inspectScript(r.output, { BASE_URL: "http://127.0.0.1:9" })
    if (typeof inspected === "string") throw new Error(inspected)
    expect([...inspected.exports].sort()).toEqual(["default", "setup"])
    expect(inspected.metrics.map((m) => [m.name, m.type, m.contains])).toEqual([
      ["update_latency_ms", "trend", "time"],
      ["rounds_completed", "counter", "default"],
      ["submit_rejected", "counter", "default"]
    ])
    expect(inspected.options).toMatchObject({ thresholds: { http_req_failed: ["rate<0.01"], checks: ["rate>0.99"] } })
  })
})

describe("scripts/lib/globals.js (TextEncoder / TextDecoder for k6)", () => {
  const context = vm.createContext({})
  vm.runInContext(readFileSync(join(SCRIPTS_DIR, "lib", "globals.js"), "utf8"), context)
  const encode: (s: string) => Uint8Array = vm.runInContext("(s) => new TextEncoder().encode(s)", context)
  const decodeFatal: (b: Uint8Array) => string = vm.runInContext("(b) => new TextDecoder('utf-8', { fatal: true }).decode(b)", context)
  const nodeFatal = new TextDecoder("utf-8", { fatal: true })

  it("encodes like the platform TextEncoder, lone surrogates included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 64 }), (s) => {
        expect(Array.from(encode(s))).toEqual(Array.from(new TextEncoder().encode(s)))
      }),
      { numRuns: 200 }
    )
  })

  it("decodes valid UTF-8 and, when fatal, throws exactly where the platform decoder throws", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        let expected: string | null = null
        try {
          expected = nodeFatal.decode(bytes)
        } catch {
          expected = null
        }
        let got: string | null = null
        try {
          got = decodeFatal(bytes)
        } catch {
          got = null
        }
        expect(got).toBe(expected)
      }),
      { numRuns: 1000 }
    )
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 32 }), (s) => {
        expect(decodeFatal(new TextEncoder().encode(s))).toBe(s)
      }),
      { numRuns: 200 }
    )
  })

  it("URL exists for instanceof checks and refuses construction", () => {
    expect(vm.runInContext("({} instanceof URL)", context)).toBe(false)
    expect(() => vm.runInContext("new URL('http://x')", context)).toThrow(/not available/)
  })
})
