/** A benchmark's result: named figures, ratios against a baseline measured in the same run. */
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

/** mean latency of a finished tinybench task in ms (NaN when it did not complete) */
export const meanMs = (task: { readonly result?: object | undefined }): number => {
  const r = task.result
  if (r === undefined || !("latency" in r)) return Number.NaN
  const latency = r.latency
  return typeof latency === "object" && latency !== null && "mean" in latency && typeof latency.mean === "number" ? latency.mean : Number.NaN
}
