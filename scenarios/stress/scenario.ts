/**
 * stress: one economy, one `shock` at `shock_day` (invariants are checked on every transaction
 * and block as in every run; the tests assert each shock's visible effect):
 *  - whale-dump:          markets open (sell caps lifted) the day before; whales sell their caps daily
 *  - bank-run:            savers pull every vUSDT from savings and buy RNG with it
 *  - oracle-shock:        the oracle re-prices RNG to `shock_bps` of spot; arbitrageurs (whales)
 *                         sell toward it; keepers liquidate the vaults pushed over the threshold
 *  - liquidation-cascade: borrowers near the limit, a deep dump, keepers sweeping every vault
 *  - sybil-swarm:         a farm of `sybils` accounts (shared devices/IPs, one-hour burst) joins freerolls
 *  - tournament-churn:    freerolls every cycle of window 0, players joining and leaving them
 */
import { Schema } from "effect"
import { defineScenario } from "../../sim/scenario.ts"
import { enableOracle, openMarkets, worldSpec, type WorldParams } from "../../sim/phase2/world.ts"

export const SHOCKS = ["whale-dump", "bank-run", "oracle-shock", "liquidation-cascade", "sybil-swarm", "tournament-churn"] as const
export type Shock = (typeof SHOCKS)[number]

const int = (lo: number, hi: number, description: string) => Schema.Int.pipe(Schema.between(lo, hi)).annotations({ description })

export const StressParameters = Schema.Struct({
  seed: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(64)).annotations({ description: "run seed" }),
  shock: Schema.Literal(...SHOCKS).annotations({ description: `the shock: ${SHOCKS.join(", ")}` }),
  agents: int(1, 5_000, "honest players (freerolls)"),
  days: int(2, 60, "simulated days"),
  shock_day: int(1, 59, "day the shock happens"),
  borrowers: int(0, 2_000, "vault owners (borrow ltv_bps of their collateral, save save_bps of it)"),
  whales: int(0, 1_000, "sellers in dumps and oracle arbitrage"),
  keepers: int(0, 200, "liquidators"),
  sybils: int(0, 5_000, "sybil farm accounts (sybil-swarm)"),
  sybil_ring_size: int(1, 100, "accounts per shared device/IP"),
  ltv_bps: int(1, 4_500, "borrowers' loan as a share of collateral value"),
  save_bps: int(0, 10_000, "share of the loan put in savings"),
  shock_bps: int(1, 100_000, "oracle-shock: the oracle's price as a share of spot"),
  windows_per_day: int(1, 48, "activity windows a day (sybil-swarm spreads honest arrivals over them)")
}).pipe(Schema.filter((p) => p.shock_day < p.days || "shock_day must be before the last day"))
export type StressParameters = typeof StressParameters.Type

export const STRESS_DEFAULTS: StressParameters = {
  seed: "42",
  shock: "oracle-shock",
  agents: 20,
  days: 6,
  shock_day: 3,
  borrowers: 30,
  whales: 25,
  keepers: 8,
  sybils: 30,
  sybil_ring_size: 5,
  ltv_bps: 2_900,
  save_bps: 5_000,
  shock_bps: 4_000,
  windows_per_day: 1
}

export const stressWorld = (p: StressParameters): WorldParams => {
  const base: WorldParams = {
    seed: p.seed,
    days: p.days,
    windows_per_day: p.windows_per_day,
    players: p.agents,
    borrowers: p.borrowers,
    whales: 0,
    keepers: 0,
    bridgers: 0,
    sybils: 0,
    sybil_ring_size: p.sybil_ring_size,
    sybil_day: p.shock_day,
    arrival_days: 1,
    amm_rng: 40_000n,
    amm_vusdt: 40_000n,
    collateral_bps: 9_000,
    ltv_bps: p.ltv_bps,
    save_bps: p.save_bps,
    run_day: null,
    dump_day: null,
    bridge_day: null,
    bridge_bps: 0,
    join_cycles: 1,
    join_bps: 10_000,
    tournaments_per_day: 1,
    oracle: { from_day: 1, noise_bps: 50, shock_day: null, shock_bps: 10_000 },
    policy_steps: [{ day: 1, name: "oracle-on", change: enableOracle }],
    recovery: null
  }
  const open = { day: p.shock_day - 1 < 1 ? 1 : p.shock_day - 1, name: "open-markets", change: openMarkets }
  switch (p.shock) {
    case "whale-dump":
      return { ...base, whales: p.whales, dump_day: p.shock_day, policy_steps: [...base.policy_steps, open] }
    case "bank-run":
      return { ...base, run_day: p.shock_day, policy_steps: [...base.policy_steps, open] }
    case "oracle-shock":
      return {
        ...base,
        whales: p.whales,
        keepers: p.keepers,
        dump_day: p.shock_day,
        oracle: { ...base.oracle, shock_day: p.shock_day, shock_bps: p.shock_bps },
        policy_steps: [...base.policy_steps, open]
      }
    case "liquidation-cascade":
      return { ...base, whales: p.whales * 2, keepers: p.keepers, dump_day: p.shock_day, ltv_bps: Math.max(p.ltv_bps, 2_950), policy_steps: [...base.policy_steps, open] }
    case "sybil-swarm":
      return { ...base, borrowers: 0, sybils: p.sybils, arrival_days: p.days, windows_per_day: Math.max(p.windows_per_day, 24) }
    case "tournament-churn":
      return { ...base, borrowers: 0, tournaments_per_day: 240, join_cycles: 10, join_bps: 6_000 }
  }
}

export const stress = defineScenario({
  name: "stress",
  description: "one shock (whale dump, bank run, oracle shock, liquidation cascade, sybil swarm, tournament churn) on the phase-2 economy",
  schema: StressParameters,
  defaults: STRESS_DEFAULTS,
  build: (p) => {
    const spec = worldSpec(stressWorld(p))
    // churn: the scheduler keeps cycling for an hour of window 0 (10 freerolls)
    return p.shock === "tournament-churn" ? { ...spec, window_views_min: 1_200 } : spec
  }
})
