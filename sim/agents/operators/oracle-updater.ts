/**
 * Oracle updater: once a day posts an external RNG price with UpdateOracle (admin). The external
 * price is the AMM spot (engine spotPrice) moved by a seeded drift of ±`noise_bps`, times
 * `shock_bps / 10,000` from `shock_day` on (an oracle shock: the outside market re-prices RNG).
 */
import { sha256Concat } from "../../../engine/crypto/sha256.ts"
import { utf8 } from "../../../engine/codec/bytes.ts"
import { ammPool } from "../../../engine/economy/amm/pool.ts"
import { spotPrice } from "../../../engine/economy/oracle/price.ts"
import type { RandomStream } from "../../../engine/random/stream.ts"
import type { Instruction } from "../../../engine/tx/instruction.ts"
import type { AgentView } from "../agent.ts"
import { daily, type OperatorDuty } from "./operator.ts"

export interface OraclePlan {
  readonly from_day: number
  readonly noise_bps: number
  /** null: no shock */
  readonly shock_day: number | null
  readonly shock_bps: number
}

/** the external price the updater believes at this view, as (vUSDT numerator, RNG denominator) */
export const externalPrice = (view: Pick<AgentView, "state" | "day">, rng: RandomStream, plan: OraclePlan): { num: bigint; den: bigint } | null => {
  const spot = spotPrice(ammPool.get(view.state))
  if (spot.num === 0n || spot.den === 0n) return null
  const drift = BigInt(10_000 - plan.noise_bps + rng.bounded(2 * plan.noise_bps + 1))
  const shock = plan.shock_day !== null && view.day >= plan.shock_day ? BigInt(plan.shock_bps) : 10_000n
  return { num: spot.num * drift * shock, den: spot.den * 100_000_000n }
}

export const oracleUpdater = (plan: OraclePlan): OperatorDuty =>
  daily("oracle", plan.from_day, 1, (view, rng): Instruction[] => {
    const p = externalPrice(view, rng, plan)
    if (p === null) return []
    return [
      {
        _tag: "UpdateOracle",
        price_vusdt_numerator: p.num,
        price_rng_denominator: p.den,
        updated_ts: view.clock.now_s,
        source: sha256Concat(utf8("sim-oracle/"), utf8(String(view.clock.view)))
      }
    ]
  })
