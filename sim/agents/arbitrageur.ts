/**
 * The arbitrageur: trades the AMM toward the oracle price the read model shows. Spot above the
 * oracle by more than `band_bps` → sell RNG; below → buy RNG; the size closes a share of the gap
 * within its balances and the daily caps. It funds itself with a vault (vUSDT against chips).
 */
import { oraclePrice } from "../../engine/economy/oracle/price.ts"
import { swapRoom, vaultBorrow } from "./actions.ts"
import { activeDay } from "./ecosystem-day.ts"
import type { Action, Profile } from "./player-core.ts"

export const arbitrage =
  (band_bps: bigint): Action =>
  (view) => {
    const p = view.player
    const amm = view.read.amm()
    if (p === undefined || !amm.tradable) return []
    const o = oraclePrice(view.read.policy(), view.read.oracle(), view.clock.now_s)
    if (o === null) return []
    const { reserve_rng: x, reserve_vusdt: y } = amm.pool
    // spot y/x against the oracle o.num/o.den, compared exactly in integers
    const spot = y * o.den
    const ref = o.num * x
    const buy = spot * 10_000n < ref * (10_000n - band_bps)
    const sell = spot * 10_000n > ref * (10_000n + band_bps)
    if (!buy && !sell) return []
    // a tenth of the reserve on the side it pays in, within balance and the daily cap
    let amount_in = buy ? y / 100n : x / 100n
    const have = buy ? p.vusdt_balance : p.chips / 2n
    if (amount_in > have) amount_in = have
    const room = swapRoom(view, p, buy)
    if (amount_in > room) amount_in = room
    return amount_in > 0n ? [{ _tag: "Swap", amount_in, min_amount_out: 0n, is_buying_rng: buy }] : []
  }

export const arbitrageurProfile = (): Profile => ({
  kind: "arbitrageur",
  games: { blackjack: 1 },
  stake_bps: [50, 100],
  stake_min: 5n,
  stake_max: 50n,
  planDay: (_day, w, rng) => activeDay(w, rng, 2, [vaultBorrow(200, 500, 5_000), arbitrage(100n), arbitrage(100n), arbitrage(100n)])
})
