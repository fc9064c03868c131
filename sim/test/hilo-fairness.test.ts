/** Hi-Lo fairness: exact per-strategy RTPs at or below 100 %, and a smoke Monte Carlo through the engine. */
import { describe, expect, it } from "vitest"
import { utf8 } from "../../engine/codec/bytes.ts"
import { HILO_FAIRNESS, HILO_STRATEGIES, exactHiloRtp } from "../fairness/games/hilo.ts"
import { rowOf } from "../fairness/harness.ts"
import { runChunk } from "../fairness/monte-carlo.ts"

describe("hi-lo fairness", () => {
  it("the exact RTPs by enumeration over the 13 ranks (fractions of the stake 1 000)", () => {
    const rtp = new Map(HILO_STRATEGIES.map((s) => [s.bet_type, exactHiloRtp(s.policy)]))
    expect(rtp.get("HIGHER")).toEqual({ num: 168_977n, den: 169_000n })
    expect(rtp.get("LOWER")).toEqual({ num: 168_977n, den: 169_000n })
    expect(rtp.get("SAME")).toEqual({ num: 1n, den: 1n })
    expect(rtp.get("HIGHER_OR_LOWER")).toEqual({ num: 274_549n, den: 274_625n })
    for (const [, r] of rtp) expect(r.num).toBeLessThanOrEqual(r.den)
  })

  it("HIGHER by hand: Σ over the 12 legal openings of floor(1 000 × M / 10 000) × W / 13, plus the King's stake, over 13", () => {
    // chips back per 1 000 staked for opening ranks A..Q (W = 12..1 winning ranks), then K cashes out
    let num = 0n
    for (let w = 12n; w >= 1n; w--) num += ((1_000n * (130_000n / w)) / 10_000n) * w
    num += 1_000n * 13n
    const higher = HILO_STRATEGIES.find((s) => s.bet_type === "HIGHER")
    if (higher === undefined) throw new Error("no HIGHER strategy")
    const hi = exactHiloRtp(higher.policy)
    expect(num * hi.den).toBe(hi.num * 169n * 1_000n)
  })

  for (const bet of HILO_FAIRNESS) {
    it(`${bet.bet_type}: exact RTP ${(bet.theoretical_rtp * 100).toFixed(4)} % is at most 100 %`, () => {
      expect(bet.theoretical_rtp).toBeLessThanOrEqual(1)
      expect(bet.theoretical_rtp).toBeGreaterThan(0.999)
    })

    it(`smoke: ${bet.bet_type}, 6 000 rounds through the engine, within tolerance`, () => {
      const row = rowOf(bet, runChunk(bet, utf8(`hilo/${bet.bet_type}`), 0, 6_000), "test")
      expect(row.within_tolerance, `${row.measured_rtp} vs ${bet.theoretical_rtp} ± ${row.stderr}`).toBe(true)
    })
  }
})
