/** UpdateOracle (economy.md §2.22), admin only. A timestamp in the future is refused (B17). */
import { InvalidMove } from "../../errors.ts"
import type { Handler } from "../../execute/context.ts"
import { oracleState } from "./oracle.ts"

export const updateOracle: Handler<"UpdateOracle"> = (ctx, ix) => {
  if ((ix.price_vusdt_numerator === 0n) !== (ix.price_rng_denominator === 0n)) return new InvalidMove({ message: "Oracle price must be non-zero" })
  const updated_ts = ix.updated_ts === 0n ? ctx.clock.now_s : ix.updated_ts
  if (updated_ts > ctx.clock.now_s) return new InvalidMove({ message: "Oracle timestamp is in the future" })
  const next = {
    price_vusdt_numerator: ix.price_vusdt_numerator,
    price_rng_denominator: ix.price_rng_denominator,
    updated_ts,
    source: ix.source
  }
  oracleState.put(ctx.store, next)
  ctx.emit({ _tag: "OracleUpdated", admin: ctx.signer, ...next })
  return undefined
}
