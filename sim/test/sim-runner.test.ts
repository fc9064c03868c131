import { Effect, Either, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { house } from "../../engine/casino/house.ts"
import { players } from "../../engine/casino/player.ts"
import { CATALOG } from "../../scenarios/index.ts"
import { quickstart } from "../../scenarios/quickstart/scenario.ts"
import { simulateScenario } from "../runner/run-scenario.ts"
import { CodeVersion } from "../runner/services.ts"
import { simulate, simulationChain, type SimulationResult } from "../runner/simulate.ts"

const small = { agents: "20", days: "2" }

const runSmall = (overrides: Record<string, string>) =>
  Effect.runPromise(simulateScenario(CATALOG, "quickstart", { ...small, ...overrides }).pipe(Effect.provide(Layer.succeed(CodeVersion, "test"))))

const simulateSmall = (overrides: Record<string, string>): SimulationResult => {
  const resolved = quickstart.resolve({ ...small, ...overrides })
  if (Either.isLeft(resolved)) throw new Error(resolved.left)
  return simulate(resolved.right.spec)
}

describe("simulation runner", () => {
  it("the same seed gives the same manifest root, daily metrics and blocks; another seed does not", async () => {
    const a = await runSmall({ seed: "7" })
    const b = await runSmall({ seed: "7" })
    const c = await runSmall({ seed: "8" })
    expect(b.manifest.manifest_root).toBe(a.manifest.manifest_root)
    expect(b.manifest.run_id).toBe(a.manifest.run_id)
    expect(b.manifest.final_state_root).toBe(a.manifest.final_state_root)
    expect(b.result.daily).toEqual(a.result.daily)
    expect(b.result.block_digests).toEqual(a.result.block_digests)
    expect(c.manifest.manifest_root).not.toBe(a.manifest.manifest_root)
    expect(c.manifest.final_state_root).not.toBe(a.manifest.final_state_root)
    expect(a.manifest.run_id).toBe(`quickstart-${a.manifest.manifest_root.slice(0, 8)}`)
  })

  it("the manifest root covers the parameters, not the code version or the clock", async () => {
    const a = await runSmall({ seed: "7" })
    const other = await Effect.runPromise(
      simulateScenario(CATALOG, "quickstart", { ...small, seed: "7" }).pipe(Effect.provide(Layer.succeed(CodeVersion, "another-commit")))
    )
    expect(other.manifest.manifest_root).toBe(a.manifest.manifest_root)
    const changed = await runSmall({ seed: "7", stake_max_bps: "600" })
    expect(changed.manifest.manifest_root).not.toBe(a.manifest.manifest_root)
  })

  it("replaying the run's blocks into a fresh engine chain reproduces every state root", () => {
    const run = simulateSmall({ seed: "replay" })
    expect(run.blocks.length).toBe(Number(run.totals.blocks))
    const chain = simulationChain()
    for (const { block, result } of run.blocks) {
      const replayed = chain.applyBlock(block)
      expect(replayed.state_root).toBe(result.state_root)
      expect(replayed.digest).toBe(result.digest)
    }
    expect(chain.stateRoot()).toBe(run.final_state_root)
  })

  it("conserves chips: Σ player chips + house game balance = chips minted", () => {
    const run = simulateSmall({ seed: "conservation" })
    const h = house.get(run.chain.store)
    let chips = 0n
    for (const p of players.values(run.chain.store)) chips += p.chips
    expect(chips + h.game_balance).toBe(h.chips_minted)
    const last = run.daily[run.daily.length - 1]
    expect(last?.issuance_chips).toBe(h.chips_minted)
    expect(last?.house_pnl_chips).toBe(h.game_balance)
  })

  it("agents never send a transaction the engine skips for its nonce, and every one applies", () => {
    const run = simulateSmall({ seed: "nonces" })
    const outputs = run.blocks.flatMap((b) => b.result.outputs)
    expect(outputs.length).toBe(Number(run.totals.transactions))
    expect(outputs.filter((o) => o.status === "skipped")).toEqual([])
    expect(outputs.filter((o) => o.status === "failed")).toEqual([])
    expect(run.totals.skipped).toBe(0n)
  })

  it("blocks take at most one transaction per account and respect the per-block bound", () => {
    const run = simulateSmall({ seed: "blocks", agents: "30" })
    for (const { block } of run.blocks) {
      const signers = block.transactions.map((t) => t.public_key)
      expect(new Set(signers).size).toBe(signers.length)
      expect(block.transactions.length).toBeLessThanOrEqual(500)
    }
    const views = run.blocks.map((b) => b.block.view)
    for (let i = 1; i < views.length; i++) expect(views[i]! > views[i - 1]!).toBe(true)
  })

  it("daily metrics agree with the blocks of each day", () => {
    const run = simulateSmall({ seed: "metrics" })
    const day_of = (view: bigint) => view / 28_800n
    for (const d of run.daily) {
      const blocks = run.blocks.filter((b) => day_of(b.block.view) === d.day)
      expect(BigInt(blocks.length)).toBe(d.blocks)
      const outputs = blocks.flatMap((b) => b.result.outputs)
      expect(BigInt(outputs.length)).toBe(d.transactions)
      const volume = outputs.flatMap((o) => o.events).reduce((a, e) => (e._tag === "GameMoved" ? a + e.charged : a), 0n)
      expect(volume).toBe(d.volume_chips)
      expect(BigInt(new Set(outputs.filter((o) => o.status === "applied").map((o) => o.signer)).size)).toBe(d.active_players)
      expect(d.players_total).toBe(20n)
    }
    expect(run.daily[0]?.active_players).toBe(20n)
    expect(run.snapshots.length).toBe(20 * 2)
  })

  it("agents low on chips claim the faucet once eligible (day 1, everyone active), and the engine accepts each claim", () => {
    const run = simulateSmall({ seed: "faucet", low_chips: "1000000", active_bps: "10000" })
    const outputs = run.blocks.flatMap((b) => b.result.outputs)
    const deposits = outputs.filter((o) => o.instruction === "CasinoDeposit")
    expect(deposits.length).toBe(20)
    expect(deposits.every((o) => o.status === "applied")).toBe(true)
    expect(run.daily[1]!.issuance_chips - run.daily[0]!.issuance_chips).toBe(20n * 1_000n)
  })
})
