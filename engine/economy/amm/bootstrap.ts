/**
 * SeedAmm and FinalizeAmmBootstrap (economy.md §2.29–2.30), admin only. Seeding creates both
 * reserves; the seeded vUSDT is NOT debt (B2: counting it blocked all borrowing), it is recorded
 * as minted vUSDT in the house ledger. Seeded shares belong to nobody (locked forever, B3 kept:
 * the protocol owns that liquidity).
 */
import { InvalidMove } from "../../errors.ts"
import type { Handler } from "../../execute/context.ts"
import { house } from "../../casino/house.ts"
import { isqrt } from "./math.ts"
import { MINIMUM_LIQUIDITY, ammPool } from "./pool.ts"
import { invalidAmm, poolProblem } from "./validity.ts"

export const seedAmm: Handler<"SeedAmm"> = (ctx, ix) => {
  if (ix.rng_amount === 0n || ix.usdt_amount === 0n) return new InvalidMove({ message: "Seed amounts must be positive" })
  if (ix.boot_num === 0n || ix.boot_den === 0n) return new InvalidMove({ message: "Invalid bootstrap price" })
  const pool = ammPool.get(ctx.store)
  if (poolProblem(pool) !== null) return invalidAmm(pool)
  if (pool.reserve_rng !== 0n || pool.reserve_vusdt !== 0n || pool.total_shares !== 0n) return new InvalidMove({ message: "AMM already seeded" })
  const s = isqrt(ix.rng_amount * ix.usdt_amount)
  if (s <= MINIMUM_LIQUIDITY) return new InvalidMove({ message: "Initial liquidity too small" })
  ammPool.put(ctx.store, {
    ...pool,
    reserve_rng: ix.rng_amount,
    reserve_vusdt: ix.usdt_amount,
    total_shares: s,
    bootstrap_price_vusdt_numerator: ix.boot_num,
    bootstrap_price_rng_denominator: ix.boot_den,
    bootstrap_finalized: false,
    bootstrap_final_price_vusdt_numerator: 0n,
    bootstrap_final_price_rng_denominator: 0n,
    bootstrap_finalized_ts: 0n
  })
  house.update(ctx.store, (h) => ({ ...h, chips_minted: h.chips_minted + ix.rng_amount, vusdt_minted: h.vusdt_minted + ix.usdt_amount }))
  ctx.emit({
    _tag: "AmmBootstrapped",
    admin: ctx.signer,
    rng_amount: ix.rng_amount,
    vusdt_amount: ix.usdt_amount,
    shares_minted: s,
    reserve_rng: ix.rng_amount,
    reserve_vusdt: ix.usdt_amount,
    boot_num: ix.boot_num,
    boot_den: ix.boot_den
  })
  return undefined
}

export const finalizeAmmBootstrap: Handler<"FinalizeAmmBootstrap"> = (ctx) => {
  const pool = ammPool.get(ctx.store)
  if (poolProblem(pool) !== null) return invalidAmm(pool)
  if (pool.bootstrap_finalized) return new InvalidMove({ message: "AMM bootstrap already finalized" })
  const [num, den] =
    pool.reserve_rng > 0n ? [pool.reserve_vusdt, pool.reserve_rng] : [pool.bootstrap_price_vusdt_numerator, pool.bootstrap_price_rng_denominator]
  if (den === 0n) return new InvalidMove({ message: "Invalid bootstrap price" })
  ammPool.put(ctx.store, {
    ...pool,
    bootstrap_finalized: true,
    bootstrap_final_price_vusdt_numerator: num,
    bootstrap_final_price_rng_denominator: den,
    bootstrap_finalized_ts: ctx.clock.now_s
  })
  ctx.emit({ _tag: "AmmBootstrapFinalized", admin: ctx.signer, price_num: num, price_den: den, finalized_ts: ctx.clock.now_s })
  return undefined
}
