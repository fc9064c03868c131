/**
 * How figures are written in tables: exact integers with thousands separators (chip amounts stay
 * exact), ratios with fixed digits, and a dash for absent values.
 */
export const formatInteger = (v: bigint | number): string =>
  typeof v === "bigint" ? v.toLocaleString("en-US") : Math.round(v).toLocaleString("en-US")

export const formatDecimal = (v: number | null, digits: number): string =>
  v === null || !Number.isFinite(v) ? "–" : v.toFixed(digits)

export const formatPercent = (v: number | null, digits: number): string =>
  v === null || !Number.isFinite(v) ? "–" : `${(v * 100).toFixed(digits)}%`

export const formatYesNo = (v: boolean): string => (v ? "yes" : "no")
