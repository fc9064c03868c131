import { describe, expect, it } from "vitest"
import { actorSigner, signTransaction } from "../../engine/tx/sign.ts"
import { nodeSignTransaction } from "../agents/node-signer.ts"
import { canonicalParametersJson, manifestRoot } from "../runner/manifest.ts"
import { gini } from "../runner/metrics.ts"

describe("gini", () => {
  it("is 0 for equal balances and for nobody", () => {
    expect(gini([])).toBe(0)
    expect(gini([5n, 5n, 5n, 5n])).toBe(0)
    expect(gini([0n, 0n])).toBe(0)
  })
  it("is (n-1)/n when one player holds everything", () => {
    expect(gini([0n, 0n, 0n, 100n])).toBeCloseTo(3 / 4, 12)
  })
  it("matches the mean-absolute-difference definition", () => {
    const xs = [3n, 1n, 4n, 1n, 5n, 9n, 2n, 6n]
    const v = xs.map(Number)
    let diff = 0
    for (const a of v) for (const b of v) diff += Math.abs(a - b)
    const mean = v.reduce((a, b) => a + b, 0) / v.length
    expect(gini(xs)).toBeCloseTo(diff / (2 * v.length * v.length * mean), 12)
  })
})

describe("manifest root", () => {
  const base = {
    scenario: "quickstart",
    parameters: { seed: "1", agents: 2, days: 1 },
    seed: "1",
    final_state_root: "ab".repeat(32),
    daily: [
      {
        day: 0n,
        issuance_chips: 2000n,
        house_pnl_chips: -5n,
        active_players: 2n,
        players_total: 2n,
        volume_chips: 40n,
        gini_chips: 0.25,
        blocks: 3n,
        transactions: 4n
      }
    ],
    block_digests: [{ digest: "01".repeat(32), state_root: "02".repeat(32) }]
  }
  it("does not depend on parameter key order", () => {
    expect(manifestRoot({ ...base, parameters: { days: 1, agents: 2, seed: "1" } })).toBe(manifestRoot(base))
    expect(canonicalParametersJson({ b: 1, a: "x" })).toBe('{"a":"x","b":1}')
  })
  it("changes with any metric, block or root", () => {
    const root = manifestRoot(base)
    expect(manifestRoot({ ...base, daily: [{ ...base.daily[0]!, house_pnl_chips: 5n }] })).not.toBe(root)
    expect(manifestRoot({ ...base, daily: [{ ...base.daily[0]!, gini_chips: 0.25000001 }] })).not.toBe(root)
    expect(manifestRoot({ ...base, block_digests: [] })).not.toBe(root)
    expect(manifestRoot({ ...base, final_state_root: "cd".repeat(32) })).not.toBe(root)
    expect(manifestRoot({ ...base, seed: "2" })).not.toBe(root)
  })
})

describe("node:crypto signer", () => {
  it("signs exactly like the portable signer", () => {
    const s = actorSigner("agent-3")
    const ixs = [
      { _tag: "CasinoRegister", name: "Player00003" },
      { _tag: "CasinoDeposit", amount: 1000n },
      { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 3_000_000n }
    ] as const
    ixs.forEach((ix, n) => expect(nodeSignTransaction(s, BigInt(n), ix)).toEqual(signTransaction(s, BigInt(n), ix)))
  })
})
