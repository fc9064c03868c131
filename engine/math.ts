/**
 * The engine's integer arithmetic in one place (bigint only, no floats), each helper with its
 * rounding direction in its name:
 *   mulDivDown(a, b, d) = ⌊a·b/d⌋        mulDivUp(a, b, d) = ⌈a·b/d⌉
 *   divUp(n, d)         = ⌈n/d⌉           bpsOf(x, bps)     = ⌊x·bps/10⁴⌋
 * Operands are non-negative and divisors positive (asserted): every amount in the engine is
 * unsigned, so truncating and flooring division agree.
 */
import { fail } from "./assert.ts"

/** basis points per unit (100 % = 10,000 bps) */
export const BPS = 10_000n

export const mulDivDown = (a: bigint, b: bigint, d: bigint): bigint => {
  if (a < 0n || b < 0n) fail(`mulDivDown of a negative operand (${a}, ${b})`)
  if (d <= 0n) fail(`mulDivDown by ${d}`)
  return (a * b) / d
}

export const mulDivUp = (a: bigint, b: bigint, d: bigint): bigint => {
  if (a < 0n || b < 0n) fail(`mulDivUp of a negative operand (${a}, ${b})`)
  if (d <= 0n) fail(`mulDivUp by ${d}`)
  return (a * b + d - 1n) / d
}

export const divUp = (n: bigint, d: bigint): bigint => {
  if (n < 0n) fail(`divUp of a negative numerator ${n}`)
  if (d <= 0n) fail(`divUp by ${d}`)
  return (n + d - 1n) / d
}

/** ⌊x · bps / 10⁴⌋: a basis-point share of an amount, rounded down */
export const bpsOf = (x: bigint, bps: bigint | number): bigint => mulDivDown(x, BigInt(bps), BPS)

export const minOf = (a: bigint, b: bigint): bigint => (a < b ? a : b)
export const maxOf = (a: bigint, b: bigint): bigint => (a > b ? a : b)
