/**
 * The AMM's exact integer math (economy.md §3.1–3.5), in one place. Every division rounds down,
 * which is always in the pool's favour. Pure functions over bigint.
 */
import { U64_MAX } from "../../codec/bytes.ts"
import { assert, fail } from "../../assert.ts"
import { BPS, bpsOf, minOf, mulDivDown, mulDivUp } from "../../math.ts"

export { BPS }

/**
 * Newton steps isqrt may take. From a start x₀ < 4·√v the steps first halve the excess, then
 * double the correct bits, so a v of 2^b bits needs about log₂(b) + 3 steps: 12 for 256-bit
 * inputs, 14 for 1,024-bit ones. 64 can only be reached by a broken implementation.
 */
export const ISQRT_STEPS_MAX = 64

/** the largest r with r² ≤ v: integer Newton (Babylonian) iteration from above, no floating point */
export const isqrt = (v: bigint): bigint => {
  if (v < 0n) throw new RangeError("isqrt of a negative number")
  if (v < 2n) return v
  // v < 16^h, so 2^(2h) > √v: start above the root (the iteration only descends)
  let x = 1n << BigInt(2 * v.toString(16).length)
  for (let step = 0; step < ISQRT_STEPS_MAX; step++) {
    const next = (x + v / x) >> 1n
    if (next >= x) {
      if (!(x * x <= v && (x + 1n) * (x + 1n) > v)) fail(`isqrt(${v}) ended at ${x}`)
      return x
    }
    x = next
  }
  assert(false, `isqrt(${v}) did not converge in ${ISQRT_STEPS_MAX} steps`)
}

export interface Quote {
  readonly out: bigint
  readonly fee: bigint
}

/**
 * Constant product with the fee kept in the pool: fee = ⌊x·f/10⁴⌋, net = x − fee,
 * out = ⌊net·Rout / (Rin + net)⌋. The whole x enters the input reserve. Null when impossible.
 */
export const quote = (x: bigint, reserve_in: bigint, reserve_out: bigint, fee_bps: bigint): Quote | null => {
  if (fee_bps > BPS || reserve_in + x === 0n) return null
  const fee = bpsOf(x, fee_bps)
  const net = x - fee
  const out = (net * reserve_out) / (reserve_in + net)
  if (reserve_in + x > U64_MAX) return null
  return { out, fee }
}

export interface SellTaxPolicy {
  readonly sell_tax_min_bps: number
  readonly sell_tax_mid_bps: number
  readonly sell_tax_max_bps: number
  readonly sell_tax_outflow_low_bps: number
  readonly sell_tax_outflow_mid_bps: number
}

/** Sell tax by this account's gross sells today (trade included) relative to the RNG reserve (§3.2). */
export const sellTaxBps = (p: SellTaxPolicy, reserve_rng: bigint, daily_sell_after: bigint): bigint => {
  if (reserve_rng === 0n) return BigInt(p.sell_tax_mid_bps)
  const raw = mulDivDown(daily_sell_after, BPS, reserve_rng)
  const outflow = raw > 65_535n ? 65_535n : raw
  if (outflow < BigInt(p.sell_tax_outflow_low_bps)) return BigInt(p.sell_tax_min_bps)
  if (outflow < BigInt(p.sell_tax_outflow_mid_bps)) return BigInt(p.sell_tax_mid_bps)
  return BigInt(p.sell_tax_max_bps)
}

/**
 * Daily allowance for one direction (§3.3): min(balance·b/10⁴, reserve·q/10⁴), at least 1 when
 * both caps are on and both balance and reserve are positive. A cap set to 0 bps forbids trading
 * in that direction (B21: zero means zero, not "unlimited").
 */
export const dailyAllowance = (balance: bigint, reserve: bigint, balance_bps: number, pool_bps: number): bigint => {
  if (balance_bps === 0 || pool_bps === 0) return 0n
  const allowed = minOf(bpsOf(balance, balance_bps), bpsOf(reserve, pool_bps))
  return allowed === 0n && balance > 0n && reserve > 0n ? 1n : allowed
}

export interface Price {
  /** vUSDT per `den` RNG */
  readonly num: bigint
  readonly den: bigint
}

/** LP shares for a deposit into a non-empty pool: the binding side decides (§3.4). */
export const sharesForDeposit = (rng: bigint, usdt: bigint, reserve_rng: bigint, reserve_vusdt: bigint, total_shares: bigint): bigint => {
  return minOf(mulDivDown(rng, total_shares, reserve_rng), mulDivDown(usdt, total_shares, reserve_vusdt))
}

/** The deposit actually taken for `shares` (rounded up, so the pool never loses), given the pool. */
export const depositForShares = (shares: bigint, reserve: bigint, total_shares: bigint): bigint => mulDivUp(shares, reserve, total_shares)
