/** The bonus eligibility snapshot (evm.md §5): the worked example's vectors, units, links semantics. */
import { getAddress } from "viem"
import { describe, expect, it } from "vitest"
import { buildEligibility } from "../src/eligibility.ts"

const addr = (b: string) => getAddress(`0x${b.repeat(20)}`)
const A = addr("11")
const B = addr("22")
const C = addr("33")
const D = addr("44")
const keyA = "aa".repeat(32)
const keyB = `0x${"BB".repeat(32)}`
const keyA2 = "a2".repeat(32)

const bids = {
  bids: [
    { bidder: A, tokensFilled: "6000" },
    { bidder: B, tokensFilled: 3000 },
    { owner: A, tokens_filled: "5000" },
    { bidder: C, tokensFilled: "4000", successful: false },
    { address: D, filled: "2000" }
  ]
}
const snapshot = { players: [{ public_key_hex: keyA, freeroll_credits_total: 8000 }, { publicKey: keyB, freerollCredits: "10000" }] }
const links = { links: [{ publicKey: keyA, evmAddress: A.toLowerCase() }, { publicKeyHex: keyB, address: B }] }

describe("eligibility (evm.md §5.3 worked example)", () => {
  it("caps by credits: A 8,000, B 3,000; C unsuccessful; D unlinked", () => {
    const r = buildEligibility({ bids, snapshot, links, poolCap: 0n, creditUnit: 1n })
    expect(r.claims.map((c) => [c.address, c.amount])).toEqual([
      [A.toLowerCase(), "8000"],
      [B.toLowerCase(), "3000"]
    ])
  })

  it("pool cap 5,500 scales by 500,000/10^6: A 4,000, B 1,500 with the spec's leaves and root", () => {
    const r = buildEligibility({ bids, snapshot, links, poolCap: 5500n, creditUnit: 1n })
    expect(r.claims.map((c) => c.amount)).toEqual(["4000", "1500"])
    expect(r.root).toBe("0x18e76f98f2badbab4644ff3ba063a6471cc37940de155d8ce42fc6a9f4e20a91")
    expect(r.claims[0]?.proof).toEqual(["0xfd9c71011a64f8240bc92ff43c7408dcb25f3f61f968e9e43409c3220610e828"])
    expect(r.claims[1]?.proof).toEqual(["0x4b2e7a5cadd101f8a4d64acd4e339a1707a98c6f0815947e14bfa12d70fbe6da"])
    expect(r.totalAmount).toBe("5500")
  })

  it("note 7: links semantics — without links bids are uncapped; several keys linked to one address add up", () => {
    const open = buildEligibility({ bids, snapshot, links: undefined, poolCap: 0n, creditUnit: 1n })
    expect(open.claims.map((c) => [c.address, c.amount])).toEqual([
      [A.toLowerCase(), "11000"],
      [B.toLowerCase(), "3000"],
      [D.toLowerCase(), "2000"]
    ])
    const two = buildEligibility({
      bids,
      snapshot: { players: [...snapshot.players, { public_key_hex: keyA2, freeroll_credits_total: 1000 }] },
      links: [...links.links, { publicKey: keyA2, wallet: A }],
      poolCap: 0n,
      creditUnit: 1n
    })
    expect(two.claims[0]?.amount).toBe("9000")
  })

  it("defect 6: bonus units — credits (whole chips) are converted to RNG base units; currency-only bids are refused", () => {
    const RNG = 10n ** 18n
    const r = buildEligibility({
      bids: { bids: [{ bidder: A, tokensFilled: (10_000n * RNG).toString() }] },
      snapshot,
      links,
      poolCap: 0n
    })
    // 8,000 credits = 8,000 RNG = 8,000 × 10^18 base units, not 8,000 base units
    expect(r.claims[0]?.amount).toBe((8_000n * RNG).toString())
    expect(() => buildEligibility({ bids: { bids: [{ bidder: A, amount: "2500000" }] }, snapshot, links, poolCap: 0n })).toThrow(
      expect.objectContaining({ _tag: "InvalidInput", code: 441 })
    )
  })

  it("typed errors: no bids, nobody eligible", () => {
    expect(() => buildEligibility({ bids: { bids: [] }, snapshot, links, poolCap: 0n })).toThrow(expect.objectContaining({ code: 441 }))
    expect(() => buildEligibility({ bids: { bids: [{ bidder: D, tokensFilled: "5" }] }, snapshot, links, poolCap: 0n })).toThrow(expect.objectContaining({ _tag: "EmptyClaims" }))
  })
})
