/**
 * Prices for vaults (economy.md §3.5–3.6): AMM spot (or the bootstrap price while the pool has
 * no RNG), bounded by the oracle when it is enabled, fresh and far from spot: borrowing uses the
 * lower price, liquidation and recovery ranking the higher.
 */
import type { Policy } from "../policy.ts"
import type { Price } from "../amm/math.ts"
import type { AmmPool } from "../amm/pool.ts"
import type { OracleState } from "./oracle.ts"

export const spotPrice = (pool: AmmPool): Price =>
  pool.reserve_rng > 0n
    ? { num: pool.reserve_vusdt, den: pool.reserve_rng }
    : { num: pool.bootstrap_price_vusdt_numerator, den: pool.bootstrap_price_rng_denominator }

/** the oracle's price when usable: enabled, both parts non-zero, not stale, not from the future (B17) */
export const oraclePrice = (policy: Policy, oracle: OracleState, now_s: bigint): Price | null => {
  if (!policy.oracle_enabled || oracle.price_vusdt_numerator === 0n || oracle.price_rng_denominator === 0n) return null
  if (oracle.updated_ts > now_s) return null
  if (policy.oracle_stale_secs > 0n && now_s - oracle.updated_ts > policy.oracle_stale_secs) return null
  return { num: oracle.price_vusdt_numerator, den: oracle.price_rng_denominator }
}

const MAX_DEVIATION = 65_535n

export const deviationBps = (a: Price, o: Price): bigint => {
  const A = a.num * o.den
  const O = o.num * a.den
  if (O === 0n) return MAX_DEVIATION
  const d = ((A > O ? A - O : O - A) * 10_000n) / O
  return d > MAX_DEVIATION ? MAX_DEVIATION : d
}

/** a < b as prices (exact: unbounded integers, so no saturation misjudgement, B23) */
export const priceLess = (a: Price, b: Price): boolean => a.num * b.den < b.num * a.den

const guarded = (policy: Policy, pool: AmmPool, oracle: OracleState, now_s: bigint, pickHigher: boolean): Price => {
  const spot = spotPrice(pool)
  const o = oraclePrice(policy, oracle, now_s)
  if (o === null || deviationBps(spot, o) <= BigInt(policy.oracle_max_deviation_bps)) return spot
  const lower = priceLess(spot, o) ? spot : o
  const higher = lower === spot ? o : spot
  return pickHigher ? higher : lower
}

export const borrowPrice = (policy: Policy, pool: AmmPool, oracle: OracleState, now_s: bigint): Price => guarded(policy, pool, oracle, now_s, false)

export const liquidationPrice = (policy: Policy, pool: AmmPool, oracle: OracleState, now_s: bigint): Price =>
  guarded(policy, pool, oracle, now_s, true)

/** collateral value in vUSDT, rounded down */
export const collateralValue = (collateral: bigint, p: Price): bigint => (p.den === 0n ? 0n : (collateral * p.num) / p.den)
