/**
 * Super mode's pure rules: the fee, the multiplier draw, the lift, the caps, and every game's table
 * checked exactly: E[m] / 1.2 ≤ 1. The [94 %, RTP_base] bound on every main bet's super RTP uses the
 * fairness catalogue's theory and lives in sim/test/super-mode-rtp.test.ts.
 */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { InvalidBet } from "../../errors.ts"
import { GAME_TYPES, type GameType } from "../../tx/instruction.ts"
import { ScriptedOutcomes, streamOutcomes } from "../outcomes.ts"
import { deriveStream } from "../../random/stream.ts"
import {
  SUPER_MULTIPLIER_CAP_TENTHS,
  SUPER_TABLES,
  chargeSuper,
  drawSuperMultiplier,
  expectedMultiplier,
  newSuperRecord,
  refundSuper,
  returnSuper,
  settleSuper,
  superBonus,
  superFee,
  superRtpFactor,
  tableWeight,
  validTable,
  type Ratio
} from "../super-mode.ts"

const geq = (a: Ratio, b: Ratio): boolean => a.num * b.den >= b.num * a.den
const ONE: Ratio = { num: 1n, den: 1n }

describe("super-mode tables", () => {
  it("every game has a well-formed table within the 10x cap", () => {
    for (const g of GAME_TYPES) {
      expect(validTable(SUPER_TABLES[g]), g).toBe(true)
      expect(Math.max(...SUPER_TABLES[g].map((e) => e.multiplier_tenths)), g).toBeLessThanOrEqual(SUPER_MULTIPLIER_CAP_TENTHS)
    }
  })

  // RTP_super = RTP_base × E[m]/1.2 ∈ [94 %, RTP_base] against the fairness catalogue's theory of
  // every main bet (one source for base figures): sim/test/super-mode-rtp.test.ts
  it("exactly: the super factor E[m]/1.2 never lifts a game's RTP (factor ≤ 1) for every game", () => {
    for (const g of GAME_TYPES) expect(geq(ONE, superRtpFactor(g)), `${g}: E[m]/1.2 above 1`).toBe(true)
  })

  it("E[m] per game is the weighted mean of its table (recomputed entry by entry)", () => {
    const expected: Record<GameType, number> = {
      roulette: 1.195,
      sic_bo: 1.195,
      craps: 1.19,
      baccarat: 1.19,
      blackjack: 1.195,
      casino_war: 1.195,
      video_poker: 1.19,
      hilo: 1.19,
      three_card: 1.19,
      ultimate_holdem: 1.194
    }
    for (const g of GAME_TYPES) {
      const e = expectedMultiplier(g)
      expect(e.num * 1000n, g).toBe(BigInt(Math.round(expected[g] * 1000)) * e.den)
    }
  })

  it("the draw walks the table by weight: every index maps to its entry", () => {
    for (const g of GAME_TYPES) {
      const t = SUPER_TABLES[g]
      const w = tableWeight(t)
      const seen = new Map<number, number>()
      for (let i = 0; i < w; i++) {
        const m = drawSuperMultiplier(g, new ScriptedOutcomes([i]))
        seen.set(m, (seen.get(m) ?? 0) + 1)
      }
      for (const e of t) expect(seen.get(e.multiplier_tenths), `${g} ${e.multiplier_tenths}`).toBe(e.weight)
    }
  })

  it("an index outside the table's weight is refused by the outcome source", () => {
    expect(() => drawSuperMultiplier("roulette", new ScriptedOutcomes([tableWeight(SUPER_TABLES.roulette)]))).toThrow()
  })

  it("drawn multipliers from a random stream have the table's mean (200,000 draws, 5σ)", () => {
    const io = streamOutcomes(deriveStream(new Uint8Array(32), "test/super-draw", 1n, 0))
    const n = 200_000
    let sum = 0
    let sumSq = 0
    for (let i = 0; i < n; i++) {
      const m = drawSuperMultiplier("roulette", io) / 10
      sum += m
      sumSq += m * m
    }
    const mean = sum / n
    const sd = Math.sqrt(sumSq / n - mean * mean)
    expect(Math.abs(mean - 1.195)).toBeLessThan((5 * sd) / Math.sqrt(n))
  })
})

describe("super-mode ledger", () => {
  it("the fee is floor(x/5) and a super stake must be a multiple of 5", () => {
    expect(superFee(100n)).toBe(20n)
    expect(superFee(4n)).toBe(0n)
    const c = chargeSuper(newSuperRecord(), 250n)
    expect(c).not.toBeInstanceOf(InvalidBet)
    if (!(c instanceof InvalidBet)) {
      expect(c.fee).toBe(50n)
      expect(c.record.fees_paid).toBe(50n)
      expect(c.record.stakes).toBe(250n)
    }
    expect(chargeSuper(newSuperRecord(), 7n)).toBeInstanceOf(InvalidBet)
    const zero = chargeSuper(newSuperRecord(), 0n)
    expect(zero instanceof InvalidBet ? -1n : zero.fee).toBe(0n)
  })

  it("a refund returns its fee, never more than the fees still held (N21)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 400 })), { maxLength: 30 }), (ops) => {
        let r = newSuperRecord()
        for (const [isCharge, k] of ops) {
          const amount = BigInt(k) * 5n
          if (isCharge) {
            const c = chargeSuper(r, amount)
            if (c instanceof InvalidBet) throw c
            r = c.record
          } else {
            const f = refundSuper(r, amount)
            if (f instanceof InvalidBet) throw f
            expect(f.fee_refund).toBeLessThanOrEqual(amount / 5n)
            r = f.record
          }
          expect(r.fees_refunded).toBeLessThanOrEqual(r.fees_paid)
        }
      }),
      { numRuns: 200 }
    )
    const c = chargeSuper(newSuperRecord(), 100n)
    if (c instanceof InvalidBet) throw c
    const f = refundSuper(c.record, 100n)
    if (f instanceof InvalidBet) throw f
    expect(f.fee_refund).toBe(20n)
    expect(f.record.stakes).toBe(0n)
    expect(f.record.lifted).toBe(0n)
    expect(refundSuper(c.record, 12n)).toBeInstanceOf(InvalidBet)
  })

  it("the lift is lifted × (m − 1), floored; 1x adds nothing", () => {
    expect(superBonus(200n, 20)).toBe(200n)
    expect(superBonus(360n, 15)).toBe(180n)
    expect(superBonus(7n, 15)).toBe(3n)
    expect(superBonus(1000n, 10)).toBe(0n)
    expect(superBonus(1000n, 100)).toBe(9000n)
  })

  it("settlement draws the game's multiplier and pays the lift on returns only", () => {
    const c = chargeSuper(newSuperRecord(), 100n)
    if (c instanceof InvalidBet) throw c
    const won = returnSuper(c.record, 200n)
    // roulette: indices 185..192 are the 2x entry
    const s = settleSuper(won, "roulette", new ScriptedOutcomes([190]))
    expect(s.multiplier_tenths).toBe(20)
    expect(s.bonus).toBe(200n)
    expect(s.record).toMatchObject({ lifted: 200n, multiplier_tenths: 20, bonus: 200n, fees_paid: 20n })
    const lost = settleSuper(c.record, "roulette", new ScriptedOutcomes([199]))
    expect(lost.multiplier_tenths).toBe(100)
    expect(lost.bonus).toBe(0n)
  })

  it("caps: no table, and so no draw, exceeds 10x", () => {
    fc.assert(
      fc.property(fc.constantFrom(...GAME_TYPES), fc.nat(), (g, k) => {
        const i = k % tableWeight(SUPER_TABLES[g])
        const m = drawSuperMultiplier(g, new ScriptedOutcomes([i]))
        expect(m).toBeGreaterThanOrEqual(10)
        expect(m).toBeLessThanOrEqual(SUPER_MULTIPLIER_CAP_TENTHS)
      }),
      { numRuns: 300 }
    )
    expect(validTable([{ weight: 1, multiplier_tenths: SUPER_MULTIPLIER_CAP_TENTHS + 1 }])).toBe(false)
    expect(validTable([{ weight: 256, multiplier_tenths: 10 }])).toBe(false)
  })
})
