import { describe, expect, it } from "vitest"
import { ammPool } from "../../engine/economy/amm/pool.ts"
import { savingsPool } from "../../engine/economy/savings/savings.ts"
import { tournaments } from "../../engine/economy/tournament/tournament.ts"
import { house } from "../../engine/casino/house.ts"
import { STRESS_DEFAULTS, stress } from "../stress/scenario.ts"
import { applied, rowsOf, runOf } from "./effects.ts"

const day = STRESS_DEFAULTS.shock_day
const small = { days: "5", agents: "12" }

describe("stress scenarios (every run checks the invariants on every transaction and block)", () => {
  it("refuses an unknown shock", () => {
    expect(stress.resolve({ shock: "meteor" })._tag).toBe("Left")
  })

  it("whale dump: the AMM price falls on the dump day and sells happen only from then", () => {
    const run = runOf(stress, { ...small, shock: "whale-dump" })
    const rows = rowsOf(run)
    const sells = applied(rows, "Swap")
    expect(sells.length).toBeGreaterThan(0)
    expect(sells.every((r) => r.day >= day)).toBe(true)
    const pool = ammPool.get(run.chain.store)
    // seeded 40,000 / 40,000: the price (vUSDT per RNG) ends well below 1
    expect(pool.reserve_vusdt * 10n).toBeLessThan(pool.reserve_rng * 7n)
  })

  it("bank run: savings empty out on the run day and the vUSDT goes into the AMM", () => {
    const run = runOf(stress, { ...small, shock: "bank-run" })
    const rows = rowsOf(run)
    expect(applied(rows, "DepositSavings").length).toBeGreaterThan(0)
    const withdrawn = applied(rows, "WithdrawSavings")
    expect(withdrawn.length).toBeGreaterThan(0)
    expect(withdrawn.every((r) => r.day >= day)).toBe(true)
    expect(savingsPool.get(run.chain.store).total_deposits).toBe(0n)
    expect(ammPool.get(run.chain.store).reserve_vusdt).toBeGreaterThan(40_000n)
  })

  it("oracle shock: liquidations happen after the shock, none before", () => {
    const run = runOf(stress, { ...small, shock: "oracle-shock" })
    const rows = rowsOf(run)
    const oracle = applied(rows, "UpdateOracle")
    expect(oracle.some((r) => r.day === day)).toBe(true)
    const liquidations = applied(rows, "LiquidateVault")
    expect(liquidations.length).toBeGreaterThan(0)
    expect(liquidations.every((r) => r.day >= day)).toBe(true)
  })

  it("liquidation cascade: liquidations on more than one vault, debt down", () => {
    const run = runOf(stress, { ...small, shock: "liquidation-cascade" })
    const rows = rowsOf(run)
    const liquidated = new Set(applied(rows, "LiquidateVault").flatMap((r) => r.events.flatMap((e) => (e._tag === "VaultLiquidated" ? [e.target] : []))))
    expect(liquidated.size).toBeGreaterThan(1)
    const borrowed = applied(rows, "BorrowUSDT").flatMap((r) => r.events).reduce((a, e) => (e._tag === "VusdtBorrowed" ? a + e.amount : a), 0n)
    expect(house.get(run.chain.store).total_vusdt_debt).toBeLessThan(borrowed)
  })

  it("sybil swarm: the farm registers in one burst on the shock day and joins freerolls", () => {
    const run = runOf(stress, { ...small, shock: "sybil-swarm", sybils: "15" })
    const rows = rowsOf(run)
    const farm = new Set(rows.filter((r) => r.instruction === "CasinoRegister" && r.status === "applied" && r.day === day).map((r) => r.signer))
    expect(farm.size).toBeGreaterThanOrEqual(15)
    const joins = applied(rows, "CasinoJoinTournament").filter((r) => farm.has(r.signer))
    expect(joins.length).toBeGreaterThanOrEqual(15)
  })

  it("tournament churn: many freerolls a day, every one started is ended, credits within the cap", () => {
    const run = runOf(stress, { ...small, shock: "tournament-churn" })
    const rows = rowsOf(run)
    const started = applied(rows, "CasinoStartTournament").length
    expect(started).toBeGreaterThan(Number(small.days) * 3)
    const active = tournaments.values(run.chain.store)
    let still = 0
    for (const t of active) if (t.phase === "active") still++
    expect(still).toBeLessThanOrEqual(1)
    expect(house.get(run.chain.store).total_issuance).toBeGreaterThan(0n)
  })
})
