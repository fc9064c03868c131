/**
 * Benchmark results: named figures (BenchReport) and the throughput table (ThroughputTable),
 * whose rows are operations per second with their spread, each as a ratio to a baseline row
 * measured in the same run. Rows are added with one function, `addTask` (from a finished
 * tinybench task) or `addRow` (from figures), so other benchmarks extend the table easily.
 */
import os from "node:os"

export interface BenchReport {
  readonly name: string
  readonly rows: ReadonlyArray<readonly [label: string, value: number]>
}

const format = (v: number): string =>
  !Number.isFinite(v) ? "n/a" : Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(3)

export const printReport = (r: BenchReport): void => {
  console.log(`\n## ${r.name}`)
  const width = Math.max(...r.rows.map(([l]) => l.length))
  for (const [label, value] of r.rows) console.log(`  ${label.padEnd(width)}  ${format(value)}`)
}

interface LatencyStats {
  readonly mean: number
  readonly rme: number
  readonly p99: number
}

/** latency statistics (ms per iteration) of a finished tinybench task, or null */
export const latencyOf = (task: { readonly result?: object | undefined }): LatencyStats | null => {
  const r = task.result
  if (r === undefined || !("latency" in r)) return null
  const l = r.latency
  if (typeof l !== "object" || l === null || !("mean" in l) || !("rme" in l) || !("p99" in l)) return null
  const { mean, rme, p99 } = l
  return typeof mean === "number" && typeof rme === "number" && typeof p99 === "number" ? { mean, rme, p99 } : null
}

/** mean latency of a finished tinybench task in ms (NaN when it did not complete) */
export const meanMs = (task: { readonly result?: object | undefined }): number => latencyOf(task)?.mean ?? Number.NaN

export interface ThroughputRow {
  readonly label: string
  /** what one operation is ("tx", "round", "verify", …) */
  readonly unit: string
  readonly ops_per_s: number
  /** relative margin of error of the mean, % */
  readonly rme_pct: number
  /** p99 of the per-operation time derived from the p99 iteration, µs */
  readonly p99_us_per_op: number
}

/** the machine a table was measured on (ratios travel between machines; absolute rates do not) */
export const machineNote = (): string => {
  const cpus = os.cpus()
  const load = os.loadavg().map((x) => x.toFixed(2)).join(" ")
  return `${cpus[0]?.model ?? "unknown cpu"} × ${cpus.length} cores, node ${process.version}, ${os.platform()} ${os.arch()}, load average ${load}`
}

export class ThroughputTable {
  private readonly rows: ThroughputRow[] = []
  constructor(
    readonly title: string,
    /** the label of the baseline row the ratios are taken against */
    readonly baseline: string
  ) {}

  addRow(row: ThroughputRow): this {
    this.rows.push(row)
    return this
  }

  /** a row from a finished tinybench task whose one iteration performs `ops` operations */
  addTask(label: string, unit: string, ops: number, task: { readonly result?: object | undefined }): this {
    const l = latencyOf(task)
    if (l === null) return this.addRow({ label, unit, ops_per_s: Number.NaN, rme_pct: Number.NaN, p99_us_per_op: Number.NaN })
    return this.addRow({ label, unit, ops_per_s: (ops / l.mean) * 1000, rme_pct: l.rme, p99_us_per_op: (l.p99 / ops) * 1000 })
  }

  row(label: string): ThroughputRow | undefined {
    return this.rows.find((r) => r.label === label)
  }

  print(notes: ReadonlyArray<string> = []): void {
    const base = this.row(this.baseline)?.ops_per_s ?? Number.NaN
    const header = ["", "ops/s", "± rme", "p99 µs/op", "ratio to baseline", "1 / ratio"]
    const body = this.rows.map((r) => [
      `${r.label} [${r.unit}]`,
      format(r.ops_per_s),
      Number.isFinite(r.rme_pct) ? `${r.rme_pct.toFixed(1)} %` : "n/a",
      format(r.p99_us_per_op),
      r.label === this.baseline ? "1 (baseline)" : (r.ops_per_s / base).toPrecision(3),
      r.label === this.baseline ? "1" : format(base / r.ops_per_s)
    ])
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]?.length ?? 0)))
    const line = (cells: ReadonlyArray<string>) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(" | ")} |`
    console.log(`\n## ${this.title}`)
    console.log(line(header))
    console.log(`|${widths.map((w, i) => (i === 0 ? ":" : "") + "-".repeat(w + (i === 0 ? 1 : 1)) + (i === 0 ? "" : ":")).join("|")}|`)
    for (const b of body) console.log(line(b))
    for (const n of [`machine: ${machineNote()}`, ...notes]) console.log(`  ${n}`)
  }
}
