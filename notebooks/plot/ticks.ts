/**
 * Axis tick labels: thousands, millions and billions abbreviated (12k, 3.5M); smaller values and
 * fractions (a Gini of 0.35) written as they are.
 */
const UNITS: ReadonlyArray<readonly [number, string]> = [
  [1e12, "T"],
  [1e9, "B"],
  [1e6, "M"],
  [1e3, "k"]
]

const trim = (v: number): string => String(Number(v.toPrecision(4)))

export const compactTick = (v: number): string => {
  const abs = Math.abs(v)
  for (const [size, suffix] of UNITS) if (abs >= size) return `${trim(v / size)}${suffix}`
  return trim(v)
}
