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
