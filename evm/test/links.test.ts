/** The EVM-link export: active links only, latest per key, deterministic, malformed rows reported. */
import { describe, expect, it } from "vitest"
import { buildEligibility } from "../src/eligibility.ts"
import { exportLinks } from "../src/links.ts"

const k = (b: string) => b.repeat(32)

describe("EVM-link export", () => {
  it("keeps active links, the latest per key, sorted; reports malformed rows", () => {
    const out = exportLinks(
      {
        links: [
          { userId: "u2", publicKey: k("bb"), evmAddress: `0x${"22".repeat(20)}`, chainId: 1, linkedAtMs: 5 },
          { userId: "u1", publicKey: `0x${k("AA")}`, evmAddress: `0x${"11".repeat(20)}`, chainId: 1, linkedAtMs: 1 },
          { userId: "u1", publicKey: k("aa"), evmAddress: `0x${"33".repeat(20)}`, chainId: 1, linkedAtMs: 2 },
          { userId: "u3", publicKey: k("cc"), evmAddress: `0x${"44".repeat(20)}`, chainId: 1, linkedAtMs: 3, active: false },
          { userId: "u4", publicKey: "zz", evmAddress: `0x${"55".repeat(20)}`, chainId: 1, linkedAtMs: 3 },
          { userId: "u5", publicKey: k("dd"), evmAddress: "0x1234", chainId: 1, linkedAtMs: 3 },
          7
        ]
      },
      "2026-12-03T00:00:00.000Z"
    )
    expect(out.links.map((l) => [l.userId, l.publicKey.slice(0, 2), l.evmAddress])).toEqual([
      ["u1", "aa", "0x3333333333333333333333333333333333333333"],
      ["u2", "bb", "0x2222222222222222222222222222222222222222"]
    ])
    expect(out.total).toBe(2)
    expect(out.rejected.map((r) => r.index)).toEqual([4, 5, 6])
    // the export is what the eligibility builder reads
    const e = buildEligibility({
      bids: { bids: [{ bidder: `0x${"33".repeat(20)}`, tokensFilled: "10" }] },
      snapshot: { players: [{ public_key_hex: k("aa"), freeroll_credits_total: 4 }] },
      links: out,
      poolCap: 0n,
      creditUnit: 1n
    })
    expect(e.claims[0]?.amount).toBe("4")
  })
})
