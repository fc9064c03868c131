/**
 * The data points charts draw: an x (day) and a y, optionally tagged with the series they belong
 * to (a run, or a metric) for overlays. Chip amounts are bigint in the results; charts only need
 * their approximate magnitude, so they are converted to numbers here and nowhere else.
 */
export interface Point {
  readonly x: number
  readonly y: number
  readonly series: string
}

export const toChartNumber = (v: bigint | number): number => (typeof v === "bigint" ? Number(v) : v)
