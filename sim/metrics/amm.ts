/**
 * AMM price and depth at day end, and the day's swap flow. Price is the engine's spot price
 * (engine/economy/oracle/price.ts spotPrice: reserves, or the bootstrap price before seeding);
 * depth is the reserves plus the price impact of selling a fixed 1,000 chips, quoted with the
 * engine's own constant-product quote at the pool's fee (sell tax not included).
 */
import { quote } from "../../engine/economy/amm/math.ts"
import { ammPool } from "../../engine/economy/amm/pool.ts"
import { spotPrice } from "../../engine/economy/oracle/price.ts"
import type { BlockExecution } from "../../engine/execute/output.ts"
import { ratio, type MetricsCollector } from "./collector.ts"

export const DEPTH_PROBE_CHIPS = 1_000n

export const ammCollector = (): MetricsCollector => {
  let swaps = 0n
  let rng_volume = 0n
  let vusdt_volume = 0n
  let liquidity_events = 0n
  return {
    family: "amm",
    daily_columns: [
      ["amm_reserve_rng_chips", "BIGINT"],
      ["amm_reserve_vusdt", "BIGINT"],
      ["amm_price_vusdt_per_rng", "DOUBLE"],
      ["amm_sell_1000_impact_bps", "DOUBLE"],
      ["amm_lp_shares", "BIGINT"],
      ["swaps", "BIGINT"],
      ["swap_volume_rng_chips", "BIGINT"],
      ["swap_volume_vusdt", "BIGINT"],
      ["liquidity_changes", "BIGINT"]
    ],
    observeBlock: (block: BlockExecution) => {
      for (const out of block.outputs)
        for (const e of out.events) {
          if (e._tag === "AmmSwapped") {
            swaps++
            rng_volume += e.is_buying_rng ? e.amount_out : e.amount_in
            vusdt_volume += e.is_buying_rng ? e.amount_in : e.amount_out
          } else if (e._tag === "LiquidityAdded" || e._tag === "LiquidityRemoved") liquidity_events++
        }
    },
    endDay: ({ store }) => {
      const pool = ammPool.get(store)
      const spot = spotPrice(pool)
      const price = ratio(spot.num, spot.den)
      let impact_bps = 0
      if (pool.reserve_rng > 0n && pool.reserve_vusdt > 0n) {
        const q = quote(DEPTH_PROBE_CHIPS, pool.reserve_rng, pool.reserve_vusdt, BigInt(pool.fee_basis_points))
        const ideal = Number(DEPTH_PROBE_CHIPS) * price
        impact_bps = q === null || ideal === 0 ? 10_000 : (1 - Number(q.out) / ideal) * 10_000
      }
      const row = [pool.reserve_rng, pool.reserve_vusdt, price, impact_bps, pool.total_shares, swaps, rng_volume, vusdt_volume, liquidity_events]
      swaps = rng_volume = vusdt_volume = liquidity_events = 0n
      return row
    }
  }
}
