/** The AMM pool (RNG/vUSDT) and LP share balances (economy.md §1.5). */
import { Schema } from "effect"
import { U16, U64 } from "../../schema/primitives.ts"
import { defineSingleton, defineTable } from "../../state/store.ts"

export const AMM_DEFAULT_FEE_BPS = 30
export const AMM_DEFAULT_SELL_TAX_BPS = 500
export const MINIMUM_LIQUIDITY = 1_000n

export const AmmPool = Schema.Struct({
  reserve_rng: U64,
  reserve_vusdt: U64,
  /** includes the locked shares */
  total_shares: U64,
  fee_basis_points: U16,
  sell_tax_basis_points: U16,
  bootstrap_price_vusdt_numerator: U64,
  bootstrap_price_rng_denominator: U64,
  bootstrap_finalized: Schema.Boolean,
  bootstrap_final_price_vusdt_numerator: U64,
  bootstrap_final_price_rng_denominator: U64,
  bootstrap_finalized_ts: U64
})
export type AmmPool = typeof AmmPool.Type

export const emptyPool = (): AmmPool => ({
  reserve_rng: 0n,
  reserve_vusdt: 0n,
  total_shares: 0n,
  fee_basis_points: AMM_DEFAULT_FEE_BPS,
  sell_tax_basis_points: AMM_DEFAULT_SELL_TAX_BPS,
  bootstrap_price_vusdt_numerator: 1n,
  bootstrap_price_rng_denominator: 1n,
  bootstrap_finalized: false,
  bootstrap_final_price_vusdt_numerator: 0n,
  bootstrap_final_price_rng_denominator: 0n,
  bootstrap_finalized_ts: 0n
})

export const ammPool = defineSingleton("amm_pool", AmmPool, emptyPool)

/** LP shares per key */
export const lpBalances = defineTable("lp_balance", Schema.Struct({ shares: U64 }))
