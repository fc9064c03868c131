/**
 * `npx tsx bench/apply-ab.ts A.mjs B.mjs [rounds]`: two builds of the simulation-mode workload
 * (bench/apply-ab-entry.ts bundled from two trees) alternated iteration by iteration in one
 * process, so load from other processes falls on both alike. Each iteration's CPU time
 * (process.cpuUsage) is taken; printed: each build's median tx per CPU-second and the median and
 * quartiles of the paired time ratio A ÷ B (below 1: A is faster). Both builds must reach the same
 * root. The first 5 rounds warm up and are not counted. An A/A run shows the harness's own bias.
 */
import { pathToFileURL } from "node:url"
import { resolve } from "node:path"

const ROUNDS_MAX = 1_000
const WARMUP_ROUNDS = 5

type Workload = { readonly tx: number; readonly run: () => string }

const load = async (file: string): Promise<Workload> => {
  const mod: unknown = await import(pathToFileURL(resolve(file)).href)
  const make: unknown = typeof mod === "object" && mod !== null && "workload" in mod ? mod.workload : undefined
  if (typeof make !== "function") throw new Error(`${file} exports no workload() (bundle bench/apply-ab-entry.ts)`)
  const w: unknown = make()
  if (typeof w !== "object" || w === null || !("tx" in w) || !("run" in w)) throw new Error(`${file}: workload() is not { tx, run }`)
  const { tx, run } = w
  if (typeof tx !== "number" || typeof run !== "function") throw new Error(`${file}: workload() is not { tx, run }`)
  return { tx, run: () => String(run()) }
}

const [fileA, fileB, roundsArg] = process.argv.slice(2)
if (fileA === undefined || fileB === undefined) throw new Error("usage: bench/apply-ab.ts A.mjs B.mjs [rounds]")
const rounds = Number(roundsArg ?? "40")
if (!Number.isSafeInteger(rounds) || rounds <= WARMUP_ROUNDS || rounds > ROUNDS_MAX) throw new Error(`rounds: ${WARMUP_ROUNDS + 1} … ${ROUNDS_MAX}`)
const a = await load(fileA)
const b = await load(fileB)
if (a.tx !== b.tx) throw new Error(`the builds apply different workloads (${a.tx} and ${b.tx} tx)`)

const cpu_ms = (w: Workload): { readonly ms: number; readonly root: string } => {
  const c0 = process.cpuUsage()
  const root = w.run()
  const c = process.cpuUsage(c0)
  return { ms: (c.user + c.system) / 1000, root }
}

const msA: number[] = []
const msB: number[] = []
for (let i = 0; i < rounds; i++) {
  // alternate which build goes first, so neither always runs on a warmer cache
  const [first, second] = i % 2 === 0 ? [a, b] : [b, a]
  const x = cpu_ms(first)
  const y = cpu_ms(second)
  if (x.root !== y.root) throw new Error(`the builds reach different roots: ${x.root} and ${y.root}`)
  if (i < WARMUP_ROUNDS) continue
  msA.push(first === a ? x.ms : y.ms)
  msB.push(first === a ? y.ms : x.ms)
}

const quantile = (xs: ReadonlyArray<number>, q: number): number => {
  const s = [...xs].sort((p, r) => p - r)
  return s[Math.min(s.length - 1, Math.floor(s.length * q))] ?? Number.NaN
}
const ratios = msA.map((x, i) => x / (msB[i] ?? Number.NaN))
const rate = (ms: ReadonlyArray<number>): string => Math.round((a.tx / quantile(ms, 0.5)) * 1000).toLocaleString("en-US")
console.log(`${rounds - WARMUP_ROUNDS} paired iterations of ${a.tx} tx`)
console.log(`A: ${rate(msA)} tx per CPU-second (median) · B: ${rate(msB)}`)
console.log(
  `time A ÷ B: median ${quantile(ratios, 0.5).toFixed(3)} (quartiles ${quantile(ratios, 0.25).toFixed(3)} … ${quantile(ratios, 0.75).toFixed(3)}); load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(2)).join(" ")}`
)
