/**
 * Summary statistics of an experiment's cells: mean, sample standard deviation and the two-sided
 * 95 % Student-t confidence interval of the mean, and the same for paired differences (A/B over
 * the same seeds). Report figures only, outside the engine: plain floats.
 *
 * The t critical value is computed, not tabulated: the Student-t CDF for ν degrees of freedom is
 *   F(t) = 1 − ½·I_x(ν/2, ½),  x = ν / (ν + t²),  t ≥ 0
 * with I the regularised incomplete beta function (continued fraction, modified Lentz method;
 * ln Γ by the Lanczos approximation, g = 7, 9 terms). The quantile F⁻¹(0.975) is found by
 * bisection on [0, 10⁴], which brackets it for every ν ≥ 1 (ν = 1 gives 12.706).
 */

const LANCZOS_G = 7
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
] as const

/** ln Γ(x) for x ≥ ½ (all this module needs: shape parameters ν/2 ≥ ½ and ½) */
export const lnGamma = (x: number): number => {
  if (!(x >= 0.5)) throw new RangeError(`lnGamma needs x ≥ 0.5, got ${x}`)
  const z = x - 1
  let a = LANCZOS[0]
  for (let i = 1; i < LANCZOS.length; i++) a += (LANCZOS[i] ?? 0) / (z + i)
  const t = z + LANCZOS_G + 0.5
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a)
}

const TINY = 1e-300
const CF_ITERATIONS_MAX = 500
const CF_EPS = 1e-15

/** the continued fraction of I_x(a, b) (converges fast for x < (a+1)/(a+b+2)) */
const betaContinuedFraction = (a: number, b: number, x: number): number => {
  const guard = (v: number): number => (Math.abs(v) < TINY ? TINY : v)
  let c = 1
  let d = 1 / guard(1 - ((a + b) * x) / (a + 1))
  let h = d
  for (let m = 1; m <= CF_ITERATIONS_MAX; m++) {
    const m2 = 2 * m
    const even = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2))
    d = 1 / guard(1 + even * d)
    c = guard(1 + even / c)
    h *= d * c
    const odd = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2))
    d = 1 / guard(1 + odd * d)
    c = guard(1 + odd / c)
    const step = d * c
    h *= step
    if (Math.abs(step - 1) < CF_EPS) return h
  }
  throw new Error(`incomplete beta did not converge (a=${a}, b=${b}, x=${x})`)
}

/** the regularised incomplete beta function I_x(a, b), 0 ≤ x ≤ 1 */
export const incompleteBeta = (x: number, a: number, b: number): number => incompleteBetaOf(x, 1 - x, a, b)

/** I_x(a, b) given both x and y = 1 − x (each computed where it is exact, so neither loses digits near 0 or 1) */
const incompleteBetaOf = (x: number, y: number, a: number, b: number): number => {
  if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) throw new RangeError(`incompleteBeta needs 0 ≤ x ≤ 1, got ${x}`)
  if (x === 0 || y === 0) return x === 0 ? 0 : 1
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(y))
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, y)) / b
}

/** P(T ≤ t) for Student's t with ν degrees of freedom */
export const studentTCdf = (t: number, df: number): number => {
  if (!(df >= 1)) throw new RangeError(`degrees of freedom must be ≥ 1, got ${df}`)
  const tail = 0.5 * incompleteBetaOf(df / (df + t * t), (t * t) / (df + t * t), df / 2, 0.5)
  return t >= 0 ? 1 - tail : tail
}

const BISECTION_STEPS = 200

/** the p-quantile of Student's t (½ ≤ p < 1) by bisection */
export const studentTQuantile = (p: number, df: number): number => {
  if (!(p >= 0.5 && p < 1)) throw new RangeError(`quantile needs ½ ≤ p < 1, got ${p}`)
  let lo = 0
  let hi = 1e4
  for (let i = 0; i < BISECTION_STEPS && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2
    if (studentTCdf(mid, df) < p) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** the two-sided 95 % critical value t(0.975, ν) */
export const t975 = (df: number): number => studentTQuantile(0.975, df)

export interface Summary {
  readonly n: number
  readonly mean: number
  /** sample standard deviation (n − 1); NaN for n < 2 */
  readonly sd: number
  /** 95 % t-interval of the mean; NaN bounds for n < 2 */
  readonly ci_low: number
  readonly ci_high: number
}

export const summarize = (xs: ReadonlyArray<number>): Summary => {
  const n = xs.length
  if (n === 0) return { n, mean: Number.NaN, sd: Number.NaN, ci_low: Number.NaN, ci_high: Number.NaN }
  const mean = xs.reduce((a, x) => a + x, 0) / n
  if (n < 2) return { n, mean, sd: Number.NaN, ci_low: Number.NaN, ci_high: Number.NaN }
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) * (x - mean), 0) / (n - 1))
  const half = (t975(n - 1) * sd) / Math.sqrt(n)
  return { n, mean, sd, ci_low: mean - half, ci_high: mean + half }
}

/** paired differences b[i] − a[i] (same seeds in both arms) and their summary */
export const pairedDifference = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): Summary => {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in length (${a.length} vs ${b.length})`)
  return summarize(a.map((x, i) => (b[i] ?? Number.NaN) - x))
}
