/** The pool's own invariants (economy.md §1.5 "valid pool"); a violation is a typed error. */
import { InvalidMove } from "../../errors.ts"
import { MINIMUM_LIQUIDITY, type AmmPool } from "./pool.ts"

export const poolProblem = (p: AmmPool): string | null => {
  if (p.fee_basis_points > 10_000 || p.sell_tax_basis_points > 10_000) return "fee out of range"
  if (p.bootstrap_price_rng_denominator === 0n) return "zero bootstrap denominator"
  if (p.total_shares === 0n) return p.reserve_rng === 0n && p.reserve_vusdt === 0n ? null : "reserves without shares"
  if (p.total_shares < MINIMUM_LIQUIDITY) return "fewer shares than the locked minimum"
  if (p.reserve_rng === 0n || p.reserve_vusdt === 0n) return "shares without reserves"
  return null
}

export const invalidAmm = (p: AmmPool): InvalidMove => new InvalidMove({ message: `Invalid AMM state (${poolProblem(p) ?? "arithmetic"})` })
