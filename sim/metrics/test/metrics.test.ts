/**
 * The collectors against an executed quickstart run: every figure recomputed independently from
 * the kept blocks' events (and the chain's final state), and the statistics on known vectors.
 */
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { players } from "../../../engine/casino/player.ts"
import { CATALOG } from "../../../scenarios/index.ts"
import { simulate, type SimulationResult } from "../../runner/simulate.ts"
import type { Cell } from "../../sinks/duckdb.ts"
import { topShare } from "../concentration.ts"
import { theoreticalEdges } from "../game-edge.ts"
import { gini } from "../../runner/metrics.ts"

const runQuickstart = (): SimulationResult => {
  const scenario = CATALOG.scenarios.get("quickstart")
  if (scenario === undefined) throw new Error("no quickstart scenario")
  const resolved = scenario.resolve({ agents: "24", days: "3", seed: "metrics" })
  if (Either.isLeft(resolved)) throw new Error(resolved.left)
  return simulate({ ...resolved.right.spec, keep_blocks: true })
}

const run = runQuickstart()
const cols = run.metrics.daily_columns.map(([n]) => n)
const column = (name: string): Cell[] => {
  const i = cols.indexOf(name)
  if (i < 0) throw new Error(`no column ${name}`)
  return run.metrics.daily_rows.map((r) => r[i] ?? null)
}
const table = (name: string) => {
  const t = run.metrics.tables.find((x) => x.name === name)
  if (t === undefined) throw new Error(`no table ${name}`)
  return { rows: t.rows, at: (c: string) => t.columns.findIndex(([n]) => n === c) }
}

/** blocks of each day, from the views (28,800 views a day) */
const dayOfView = (view: bigint): number => Number(view / 28_800n)

describe("metrics on an executed quickstart run", () => {
  it("has one daily row per day, day first", () => {
    expect(run.metrics.daily_rows.length).toBe(3)
    expect(column("day")).toEqual([0n, 1n, 2n])
  })

  it("house PnL per day = Σ stakes − Σ payouts of the day's events, and its sum is the house game balance", () => {
    const stakes = [0n, 0n, 0n]
    const payouts = [0n, 0n, 0n]
    for (const { result } of run.blocks) {
      const d = dayOfView(result.view)
      for (const out of result.outputs)
        for (const e of out.events)
          if (e._tag === "GameMoved") {
            stakes[d]! += e.charged
            payouts[d]! += e.credited
          }
    }
    expect(stakes.some((s) => s > 0n)).toBe(true)
    expect(column("cash_stakes_chips")).toEqual(stakes)
    expect(column("cash_payouts_chips")).toEqual(payouts)
    expect(column("house_pnl_day_chips")).toEqual(stakes.map((s, i) => s - payouts[i]!))
    const pnl = column("house_pnl_day_chips").reduce<bigint>((a, v) => a + (typeof v === "bigint" ? v : 0n), 0n)
    expect(pnl).toBe(run.daily.at(-1)?.house_pnl_chips)
  })

  it("issuance: faucet = Σ Deposited, the rest of minted is the registration grants (1,000 each)", () => {
    const faucet = [0n, 0n, 0n]
    const registered = [0n, 0n, 0n]
    for (const { result } of run.blocks)
      for (const out of result.outputs)
        for (const e of out.events) {
          if (e._tag === "Deposited") faucet[dayOfView(result.view)]! += e.amount
          if (e._tag === "PlayerRegistered") registered[dayOfView(result.view)]! += 1n
        }
    expect(column("faucet_chips")).toEqual(faucet)
    expect(column("grants_other_chips")).toEqual(registered.map((n) => n * 1_000n))
    const minted = column("minted_chips").reduce<bigint>((a, v) => a + (typeof v === "bigint" ? v : 0n), 0n)
    expect(minted).toBe(run.daily.at(-1)?.issuance_chips)
  })

  it("event counts by type equal a recount of the events", () => {
    const counts = new Map<string, bigint>()
    for (const { result } of run.blocks)
      for (const out of result.outputs) for (const e of out.events) {
        const k = `${dayOfView(result.view)}/${e._tag}`
        counts.set(k, (counts.get(k) ?? 0n) + 1n)
      }
    const t = table("event_counts")
    const got = new Map(t.rows.map((r) => [`${String(r[t.at("day")])}/${String(r[t.at("event_type")])}`, r[t.at("events")]]))
    expect(got).toEqual(counts)
  })

  it("realised roulette edge = (Σ charged − Σ credited) / Σ charged over completed sessions; theory from the fairness catalog", () => {
    let charged = 0n
    let credited = 0n
    let sessions = 0n
    for (const { result } of run.blocks)
      for (const out of result.outputs)
        for (const e of out.events)
          if (e._tag === "GameCompleted") {
            charged += e.total_charged
            credited += e.total_credited
            sessions++
          }
    const t = table("game_edges")
    expect(t.rows.length).toBe(1)
    const row = t.rows[0]!
    expect(row[t.at("game_type")]).toBe("roulette")
    expect(row[t.at("sessions")]).toBe(sessions)
    expect(row[t.at("realised_edge")]).toBeCloseTo(Number(charged - credited) / Number(charged), 12)
    expect(row[t.at("theoretical_edge_min")]).toBeCloseTo(1 / 37, 12)
    expect(theoreticalEdges().get("roulette")?.edge_max).toBeCloseTo(1 / 37, 12)
    // only the games asked for (the run's own): the rest are never computed
    expect([...theoreticalEdges(new Set(["roulette"])).keys()]).toEqual(["roulette"])
    expect(theoreticalEdges().size).toBe(10)
  })

  it("agent outcomes: one row per agent, active days from applied transactions, final chips from state", () => {
    const t = table("agent_outcomes")
    expect(t.rows.length).toBe(24)
    const activeDays = new Map<string, Set<number>>()
    for (const { result } of run.blocks)
      for (const out of result.outputs)
        if (out.status === "applied") {
          const s = activeDays.get(out.signer) ?? new Set<number>()
          s.add(dayOfView(result.view))
          activeDays.set(out.signer, s)
        }
    for (const r of t.rows) {
      const pk = String(r[t.at("player")])
      expect(r[t.at("active_days")]).toBe(BigInt(activeDays.get(pk)?.size ?? 0))
      expect(r[t.at("chips_final")]).toBe(players.get(run.chain.store, pk)?.chips)
    }
    const k = table("kind_activity")
    const lastDay = k.rows.filter((r) => r[k.at("day")] === 2n)
    expect(lastDay.reduce<bigint>((a, r) => a + BigInt(String(r[k.at("agents")])), 0n)).toBe(24n)
  })

  it("collectors only read: without them the run executes the same blocks to the same state", () => {
    const scenario = CATALOG.scenarios.get("quickstart")
    const resolved = scenario?.resolve({ agents: "24", days: "3", seed: "metrics" })
    if (resolved === undefined || Either.isLeft(resolved)) throw new Error("quickstart does not resolve")
    const bare = simulate({ ...resolved.right.spec, keep_blocks: true, collectors: [] })
    expect(bare.final_state_root).toBe(run.final_state_root)
    expect(bare.block_digests).toEqual(run.block_digests)
    expect(bare.metrics.daily_columns).toEqual([["day", "BIGINT"]])
  })

  it("supply laws hold at every day end", () => {
    const t = table("invariant_checks")
    expect(t.rows.length).toBe(6)
    for (const r of t.rows) expect(r[t.at("ok")]).toBe(true)
    expect(column("invariant_violations")).toEqual([0n, 0n, 0n])
  })

  it("concentration: day-end Gini of holdings equals the Gini of chips when nothing is staked or pledged", () => {
    const chips = players.entries(run.chain.store).map(([, p]) => p.chips)
    expect(column("gini_holdings").at(-1)).toBeCloseTo(gini(chips), 12)
    expect(column("top1_share_chips").at(-1)).toBeCloseTo(topShare(chips), 12)
  })
})

describe("statistics on known vectors", () => {
  it("top-1 % share", () => {
    expect(topShare([])).toBe(0)
    expect(topShare([1n, 1n, 1n, 1n])).toBe(0.25)
    const hundred = Array.from({ length: 200 }, (_, i) => (i < 2 ? 49n : 1n)) // 2 of 200 hold 98 of 296
    expect(topShare(hundred)).toBeCloseTo(98 / 296, 12)
  })
  it("Gini of (0, 0, 0, 100) is 3/4", () => {
    expect(gini([0n, 0n, 0n, 100n])).toBeCloseTo(0.75, 12)
  })
})
