/**
 * Architecture enforcement: every top-level folder's README states, in machine-readable lines,
 * what its files may import, and every import of every source file (.ts, .astro, .js, .mjs) is
 * checked against it. Plus the engine purity grep.
 *
 * README rule lines (one rule per line, tokens in backticks, separated by commas):
 *   **May import:** `tok`, `tok`, …                  the folder's files
 *   **May import in `sub/`:** `tok`, …               files under folder/sub/ (instead of the above)
 *   **Tests may also import:** `tok`, …              test files (under a test/ folder or *.test.ts)
 *   **Exception:** `path-glob` may import `tok`, …   one file pattern (repository-relative, * wildcard)
 * A token is a repository folder (`engine/`, `sim/sinks/`), a repository file
 * (`services/api/submission.ts`), an npm package (`effect`, `@noble/*`, `k6/*`), every Node
 * built-in (`node:*`) or one (`node:crypto`), or `*` (anything: composition roots only).
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const ROOT = fileURLToPath(new URL("..", import.meta.url))
const SKIP_DIRS = new Set(["node_modules", "dist", ".astro", ".git", ".data", "runs"])
const SOURCE = /\.(ts|astro|js|mjs)$/
/** a bound on the scan (the repository holds a few hundred source files) */
const FILES_MAX = 20_000

interface Rules {
  readonly folder: string
  readonly base: ReadonlyArray<string>
  readonly sub: ReadonlyArray<{ readonly prefix: string; readonly tokens: ReadonlyArray<string> }>
  readonly tests: ReadonlyArray<string>
  readonly exceptions: ReadonlyArray<{ readonly glob: RegExp; readonly tokens: ReadonlyArray<string> }>
}

const tokensOf = (text: string): string[] => {
  const tokens = [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? "")
  if (tokens.length === 0 || tokens.some((t) => t === "")) throw new Error(`a rule line without tokens: ${text}`)
  return tokens
}

const globRegExp = (glob: string): RegExp => new RegExp(`^${glob.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*")}$`)

export const parseRules = (folder: string, readme: string): Rules => {
  let base: string[] | null = null
  const sub: Array<{ prefix: string; tokens: string[] }> = []
  let tests: string[] = []
  const exceptions: Array<{ glob: RegExp; tokens: string[] }> = []
  for (const line of readme.split("\n")) {
    const inSub = /^\*\*May import in `([^`]+)`:\*\*(.*)$/.exec(line)
    if (inSub !== null) {
      sub.push({ prefix: `${folder}/${inSub[1] ?? ""}`, tokens: tokensOf(inSub[2] ?? "") })
      continue
    }
    const may = /^\*\*May import:\*\*(.*)$/.exec(line)
    if (may !== null) {
      if (base !== null) throw new Error(`${folder}/README.md states "May import" twice`)
      base = tokensOf(may[1] ?? "")
      continue
    }
    const t = /^\*\*Tests may also import:\*\*(.*)$/.exec(line)
    if (t !== null) {
      tests = tokensOf(t[1] ?? "")
      continue
    }
    const ex = /^\*\*Exception:\*\* `([^`]+)` may import (.*)$/.exec(line)
    if (ex !== null) exceptions.push({ glob: globRegExp(ex[1] ?? ""), tokens: tokensOf(ex[2] ?? "") })
  }
  if (base === null) throw new Error(`${folder}/README.md has no "**May import:**" line`)
  return { folder, base, sub, tests, exceptions }
}

const walk = (dir: string, out: string[]): void => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(e.name) || e.isSymbolicLink()) continue
    const p = path.join(dir, e.name)
    if (e.isDirectory()) walk(p, out)
    else if (SOURCE.test(e.name)) out.push(p)
    if (out.length > FILES_MAX) throw new Error(`more than ${FILES_MAX} source files: is a build output being scanned?`)
  }
}

/** import / export-from / dynamic import / side-effect import specifiers (comments stripped) */
export const importsOf = (source: string): string[] => {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1")
  const out: string[] = []
  for (const m of code.matchAll(/\b(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\s+from\s+)?["']([^"']+)["']/g)) out.push(m[1] ?? "")
  for (const m of code.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g)) out.push(m[1] ?? "")
  return out.filter((s) => s !== "")
}

/** what a specifier names: a repository path (relative imports resolved) or a package / built-in */
const targetOf = (file: string, spec: string): { kind: "repo"; path: string } | { kind: "external"; name: string } => {
  if (spec.startsWith(".")) return { kind: "repo", path: path.relative(ROOT, path.resolve(path.dirname(file), spec)).split(path.sep).join("/") }
  return { kind: "external", name: spec }
}

const allows = (token: string, target: ReturnType<typeof targetOf>): boolean => {
  if (token === "*") return true
  if (target.kind === "repo") {
    if (token.endsWith("/")) return target.path.startsWith(token)
    if (/\.(ts|astro|js|mjs)$/.test(token)) return target.path === token
    return false
  }
  const name = target.name
  if (token === "node:*") return name.startsWith("node:")
  if (token.endsWith("/*")) {
    const scope = token.slice(0, -2)
    return name === scope || name.startsWith(`${scope}/`)
  }
  // a package token also covers its subpaths (`astro` covers `astro/config`, `vitest` covers `vitest/node`)
  return name === token || name.startsWith(`${token}/`)
}

const isTestFile = (rel: string): boolean => /(^|\/)test\//.test(rel) || /\.test\.ts$/.test(rel)

const topFolders = (): string[] =>
  fs
    .readdirSync(ROOT, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.isSymbolicLink() && !e.name.startsWith(".") && !SKIP_DIRS.has(e.name))
    .map((e) => e.name)
    .sort()

const sourcesOf = (folder: string): string[] => {
  const out: string[] = []
  walk(path.join(ROOT, folder), out)
  return out.sort()
}

const readRules = (folder: string): Rules => parseRules(folder, fs.readFileSync(path.join(ROOT, folder, "README.md"), "utf8"))

/** every import that the folder's README does not allow, as "file: specifier" */
const violations = (rules: Rules): string[] => {
  const bad: string[] = []
  for (const file of sourcesOf(rules.folder)) {
    const rel = path.relative(ROOT, file).split(path.sep).join("/")
    const sub = rules.sub.find((s) => rel.startsWith(s.prefix))
    const allowed = [...(sub?.tokens ?? rules.base), ...(isTestFile(rel) ? rules.tests : []), ...rules.exceptions.filter((e) => e.glob.test(rel)).flatMap((e) => e.tokens)]
    for (const spec of importsOf(fs.readFileSync(file, "utf8"))) {
      const target = targetOf(file, spec)
      if (!allowed.some((t) => allows(t, target))) bad.push(`${rel}: ${spec}`)
    }
  }
  return bad
}

describe("architecture: the README import rules", () => {
  it("the parser reads every rule form and the matcher honours each token kind", () => {
    const r = parseRules("x", "**May import:** `effect`, `@noble/*`, `x/`, `y/z.ts`\n**May import in `s/`:** `k6/*`\n**Tests may also import:** `vitest`\n**Exception:** `x/a-*.ts` may import `node:crypto`\n")
    expect(r.base).toEqual(["effect", "@noble/*", "x/", "y/z.ts"])
    expect(r.sub).toEqual([{ prefix: "x/s/", tokens: ["k6/*"] }])
    expect(r.tests).toEqual(["vitest"])
    expect(r.exceptions[0]?.glob.test("x/a-node.ts")).toBe(true)
    expect(r.exceptions[0]?.glob.test("x/sub/a-node.ts")).toBe(false)
    expect(allows("@noble/*", { kind: "external", name: "@noble/hashes/sha2" })).toBe(true)
    expect(allows("effect", { kind: "external", name: "effect-x" })).toBe(false)
    expect(allows("node:crypto", { kind: "external", name: "node:fs" })).toBe(false)
    expect(allows("sim/sinks/", { kind: "repo", path: "sim/runner/x.ts" })).toBe(false)
    expect(importsOf(`import a from "a"\nimport type { B } from "b"\nexport { c } from "./c.ts"\nconst d = await import("d")\nimport "e"\n// import x from "commented"\n/* import y from "y" */`)).toEqual(["a", "b", "./c.ts", "e", "d"])
    expect(() => parseRules("x", "no rule here")).toThrow(/May import/)
  })

  const folders = topFolders().filter((f) => sourcesOf(f).length > 0)

  it("every top-level folder with source files states its rule", () => {
    expect(folders.length).toBeGreaterThan(5)
    for (const f of folders) expect(() => readRules(f), f).not.toThrow()
  })

  for (const folder of folders) {
    it(`${folder}/ imports only what its README allows`, () => {
      expect(violations(readRules(folder))).toEqual([])
    })
  }

  it("no import cycle between top-level folders outside tests (sim ↔ scenarios in particular)", () => {
    const edges = new Map<string, Set<string>>()
    for (const folder of folders) {
      for (const file of sourcesOf(folder)) {
        const rel = path.relative(ROOT, file).split(path.sep).join("/")
        if (isTestFile(rel)) continue
        for (const spec of importsOf(fs.readFileSync(file, "utf8"))) {
          const t = targetOf(file, spec)
          if (t.kind !== "repo") continue
          const to = t.path.split("/")[0] ?? ""
          if (to === folder || !folders.includes(to)) continue
          const set = edges.get(folder) ?? new Set<string>()
          set.add(to)
          edges.set(folder, set)
        }
      }
    }
    const cycles: string[] = []
    for (const [from, tos] of edges) for (const to of tos) if (edges.get(to)?.has(from) === true && from < to) cycles.push(`${from} ↔ ${to}`)
    expect(cycles).toEqual([])
    // and nothing imports the composition roots
    for (const [from, tos] of edges) expect(tos.has("cli"), `${from} imports cli/`).toBe(false)
  })
})

describe("engine purity", () => {
  const FORBIDDEN: ReadonlyArray<readonly [string, RegExp]> = [
    ["Date.now", /\bDate\.now\s*\(/],
    ["new Date()", /\bnew\s+Date\s*\(/],
    ["performance.now", /\bperformance\.now\s*\(/],
    ["Math.random", /\bMath\.random\s*\(/],
    ["process.env", /\bprocess\.env\b/],
    ["setTimeout", /\bsetTimeout\s*\(/],
    ["setInterval", /\bsetInterval\s*\(/]
  ]

  it("engine non-test files use no wall clock, ambient randomness, environment or timers", () => {
    const bad: string[] = []
    for (const file of sourcesOf("engine")) {
      const rel = path.relative(ROOT, file).split(path.sep).join("/")
      if (isTestFile(rel)) continue
      const code = fs.readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1")
      for (const [name, re] of FORBIDDEN) if (re.test(code)) bad.push(`${rel}: ${name}`)
    }
    expect(bad).toEqual([])
  })

  it("the purity grep can fail (it sees each forbidden call)", () => {
    const samples = ["Date.now()", "new Date()", "performance.now()", "Math.random()", "process.env.X", "setTimeout(f, 1)", "setInterval(f, 1)"]
    FORBIDDEN.forEach(([name, re], i) => expect(re.test(samples[i] ?? ""), name).toBe(true))
  })
})
