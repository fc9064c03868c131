/**
 * Report statistics over cells (plain floats, outside the engine): mean, sample standard
 * deviation and the two-sided 95 % Student-t interval of the mean; paired differences B − A over
 * the seeds both arms ran. The t quantile t(0.975, ν) is tabulated for ν = 1…30 and taken from
 * the Cornish–Fisher expansion around the normal quantile above (error < 10⁻³ there).
 */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08,
  2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042
] as const
const Z975 = 1.959964

export const tQuantile975 = (df: number): number => {
  if (!(df >= 1)) return Number.NaN
  const tab = T975[Math.floor(df) - 1]
  if (tab !== undefined) return tab
  const z = Z975
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df)
}

export interface Summary {
  readonly n: number
  readonly mean: number
  readonly sd: number
  readonly ci_low: number
  readonly ci_high: number
}

export const summarize = (values: ReadonlyArray<number>): Summary => {
  const xs = values.filter((v) => Number.isFinite(v))
  const n = xs.length
  if (n === 0) return { n, mean: Number.NaN, sd: Number.NaN, ci_low: Number.NaN, ci_high: Number.NaN }
  const mean = xs.reduce((a, b) => a + b, 0) / n
  if (n === 1) return { n, mean, sd: Number.NaN, ci_low: Number.NaN, ci_high: Number.NaN }
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1))
  const half = (tQuantile975(n - 1) * sd) / Math.sqrt(n)
  return { n, mean, sd, ci_low: mean - half, ci_high: mean + half }
}

/** B − A over the seeds present in both, paired by seed */
export const pairedDifference = (a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): Summary => {
  const diffs: number[] = []
  for (const [seed, va] of [...a.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const vb = b.get(seed)
    if (vb !== undefined) diffs.push(vb - va)
  }
  return summarize(diffs)
}
