/** Hi-Lo: games-b.md §1.8 worked examples under the decided rules, the decisions, and properties. */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { sha256 } from "../../../crypto/sha256.ts"
import { RandomStream } from "../../../random/stream.ts"
import { cardLabel, oneBasedRank, parseCardLabel, type Card } from "../../cards.ts"
import { isGameError } from "../../game.ts"
import { ScriptedOutcomes, streamOutcomes } from "../../outcomes.ts"
import { logField, play } from "../../test/drive.ts"
import { hilo, type HiloMove, type HiloState } from "../hilo.ts"
import { ACC_MAX_BP, BASIS_POINTS, GUESSES, guessMultiplierBp, withinCap, type Guess } from "../multiplier.ts"

const card = (label: string): Card => parseCardLabel(label) ?? -1
const at = (current: Card | string, acc_bp: bigint = BASIS_POINTS): HiloState => ({ phase: "playing", bet: 100n, current: typeof current === "string" ? card(current) : current, acc_bp, streak: 0, guesses: 0 })
const TAG: Readonly<Record<Guess, "Higher" | "Lower" | "Same">> = { higher: "Higher", lower: "Lower", same: "Same" }
const ALL_CARDS: ReadonlyArray<Card> = Array.from({ length: 52 }, (_, i) => i)
const LABELS = ["A", "2", "3", "4", "5", "6", "7", "8", "9", "T", "J", "Q", "K"] as const

describe("hi-lo worked examples (games-b.md §1.8, bet 100)", () => {
  it("1. 7♠, Higher, 10♥: 6 winning ranks → floor(130 000 / 6) = 21 666; cash out 216, net +116", () => {
    const r = play(hilo, 100n, [{ _tag: "Higher" }, { _tag: "CashOut" }], ["7S", "TH"])
    expect(r.state.acc_bp).toBe(21_666n)
    expect(r.credited).toBe(216n)
    expect(logField(r.logs[1], "netPnl")).toBe("116")
  })

  it("2. 10♥, Lower, 10♣: an equal rank loses (H1: ties do not push)", () => {
    const r = play(hilo, 100n, [{ _tag: "Higher" }, { _tag: "Lower" }], ["7S", "TH", "TC"])
    expect(r.complete).toBe(true)
    expect(r.state.acc_bp).toBe(0n)
    expect(r.credited).toBe(0n)
    expect(logField(r.logs[1], "correct")).toBe(false)
  })

  it("3. K♦ with pot 21 666, Same, K♠: pot 21 666 × 13 = 281 658; cash out 2 816", () => {
    const r = play(hilo, 100n, [{ _tag: "Higher" }, { _tag: "Same" }, { _tag: "CashOut" }], ["7S", "KD", "KS"])
    expect(r.state.acc_bp).toBe(281_658n)
    expect(r.credited).toBe(2_816n)
  })

  it("4. 2♠, Higher, A♥: the ace is low, the guess loses and the session completes with nothing returned", () => {
    const r = play(hilo, 100n, [{ _tag: "Higher" }], ["2S", "AH"])
    expect(r.complete).toBe(true)
    expect(r.credited).toBe(0n)
    expect(r.state.acc_bp).toBe(0n)
  })

  it("an immediate cash out returns the stake", () => {
    const r = play(hilo, 100n, [{ _tag: "CashOut" }], ["QD"])
    expect(r.credited).toBe(100n)
  })
})

describe("hi-lo multipliers (games-b.md §1.4 table)", () => {
  it("are floor(130 000 / winning ranks), exactly the spec's table", () => {
    const higher = [10_833n, 11_818n, 13_000n, 14_444n, 16_250n, 18_571n, 21_666n, 26_000n, 32_500n, 43_333n, 65_000n, 130_000n, null]
    const lower = [null, 130_000n, 65_000n, 43_333n, 32_500n, 26_000n, 21_666n, 18_571n, 16_250n, 14_444n, 13_000n, 11_818n, 10_833n]
    const same = [130_000n, null, null, null, null, null, null, null, null, null, null, null, 130_000n]
    for (let r = 0; r < 13; r++) {
      expect(guessMultiplierBp("higher", r), `higher from ${LABELS[r]}`).toBe(higher[r])
      expect(guessMultiplierBp("lower", r), `lower from ${LABELS[r]}`).toBe(lower[r])
      expect(guessMultiplierBp("same", r), `same from ${LABELS[r]}`).toBe(same[r])
    }
  })
})

/**
 * Play one guess from `current` with pot `acc` against every one of the 52 cards a fresh deck can
 * deal, through the engine's own move, and add up the pots that come back (0 on a loss).
 */
const potOverAllDraws = (g: Guess, current: Card, acc: bigint): bigint | null => {
  let total = 0n
  for (const next of ALL_CARDS) {
    const r = hilo.move(at(current, acc), { _tag: TAG[g] }, new ScriptedOutcomes([cardLabel(next)]))
    if (isGameError(r)) return null
    total += r.state.acc_bp
  }
  return total
}

describe("hi-lo decisions", () => {
  it("H1: every legal guess from every card returns at most 100 % of the pot (exact, all 52 draws through the engine)", () => {
    let legal = 0
    let exactlyFair = 0
    for (const current of ALL_CARDS.slice(0, 13))
      for (const g of GUESSES) {
        const total = potOverAllDraws(g, current, BASIS_POINTS)
        if (total === null) {
          expect(guessMultiplierBp(g, current), `${g} from ${LABELS[current]} refused but priced`).toBeNull()
          continue
        }
        legal++
        // Σ over 52 equally likely draws of the pot after the guess ≤ 52 × the pot before it
        expect(total, `${g} from ${LABELS[current]}`).toBeLessThanOrEqual(52n * BASIS_POINTS)
        if (total === 52n * BASIS_POINTS) exactlyFair++
      }
    // 12 Higher + 12 Lower + Same from A and K; exactly 100 % when the winning ranks W divide 130 000
    // (W = 1, 2, 4, 5, 8, 10: 6 Higher, 6 Lower, 2 Same), the flooring takes the other 12 below
    expect(legal).toBe(26)
    expect(exactlyFair).toBe(14)
  })

  it("H1: with ties pushing, the spec's table would return 14/13 ≈ 107.7 % on Higher from a 7 — ties losing returns 99.997 %", () => {
    const m = guessMultiplierBp("higher", card("7S")) ?? 0n
    // 6 winning ranks pay M, 1 tie rank keeps the pot, 6 losing ranks pay nothing: per 13 draws
    expect(6n * m + BASIS_POINTS).toBeGreaterThan(13n * BASIS_POINTS)
    expect(potOverAllDraws("higher", card("7S"), BASIS_POINTS)).toBe(4n * 6n * m)
    expect(4n * 6n * m).toBe(519_984n)
  })

  it("H1: for any pot, the expected pot after any legal guess is at most the pot (property over pots and cards)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.constantFrom(...GUESSES), fc.bigInt({ min: BASIS_POINTS, max: ACC_MAX_BP }), (current, g, acc) => {
        const total = potOverAllDraws(g, current, acc)
        const m = guessMultiplierBp(g, current)
        expect(total === null).toBe(m === null || !withinCap(acc, m))
        if (total !== null) expect(total).toBeLessThanOrEqual(52n * acc)
      }),
      { numRuns: 60 }
    )
  })

  it("N7: the streak counts correct calls only (not moves, not the losing call)", () => {
    const r = play(hilo, 100n, [{ _tag: "Higher" }, { _tag: "Same" }, { _tag: "Lower" }, { _tag: "Lower" }], ["7S", "KC", "KC", "3D", "5H"])
    expect(r.state.streak).toBe(3)
    expect(r.state.guesses).toBe(4)
    expect(r.complete).toBe(true)
    expect(logField(r.logs[3], "streak")).toBe(3)
  })

  it("N16: Same only from an Ace or a King; Higher from a King and Lower from an Ace are refused", () => {
    const io = streamOutcomes(new RandomStream(sha256(Uint8Array.of(1))))
    for (const mid of ["2H", "7H", "QH"]) expect(isGameError(hilo.move(at(mid), { _tag: "Same" }, io)), mid).toBe(true)
    expect(isGameError(hilo.move(at("KH"), { _tag: "Higher" }, io))).toBe(true)
    expect(isGameError(hilo.move(at("AH"), { _tag: "Lower" }, io))).toBe(true)
    expect(isGameError(hilo.move(at("AH"), { _tag: "Same" }, io))).toBe(false)
    expect(isGameError(hilo.move(at("KH"), { _tag: "Same" }, io))).toBe(false)
  })

  it("N22: every draw comes from a fresh full deck — the current card itself can be dealt again, any number of times", () => {
    const r = play(hilo, 100n, [{ _tag: "Same" }, { _tag: "Same" }, { _tag: "CashOut" }], ["KS", "KS", "KS"])
    expect(r.state.acc_bp).toBe(1_690_000n)
    expect(r.credited).toBe(16_900n)
  })

  it("N22: from a seeded stream the draws of a long session are uniform over the 13 ranks (no deck is depleted)", () => {
    const io = streamOutcomes(new RandomStream(sha256(Uint8Array.of(2))))
    const counts = new Map<number, number>()
    const count = (c: Card): void => {
      counts.set(oneBasedRank(c), (counts.get(oneBasedRank(c)) ?? 0) + 1)
    }
    let draws = 0
    for (let session = 0; session < 400; session++) {
      const init = hilo.init(100n, io)
      if (isGameError(init)) throw new Error(init.message)
      let s = init.state
      count(s.current)
      draws++
      while (s.phase === "playing" && s.streak < 6) {
        const g: Guess = oneBasedRank(s.current) <= 7 ? "higher" : "lower"
        const r = hilo.move(s, { _tag: TAG[g] }, io)
        if (isGameError(r)) throw new Error(r.message)
        s = r.state
        count(s.current)
        draws++
      }
    }
    // chi-square with 12 degrees of freedom: 32.9 is the 0.1 % critical value
    const expected = draws / 13
    expect(counts.size).toBe(13)
    const chi2 = [...counts.values()].reduce((a, c) => a + (c - expected) ** 2 / expected, 0)
    expect(chi2).toBeLessThan(32.9)
  })

  it("the pot cap: a guess whose win would pass 10 000x is refused, a smaller one is taken, cash out is always legal", () => {
    const io = new ScriptedOutcomes(["QS"])
    const near = at("KS", 9_000n * BASIS_POINTS)
    expect(isGameError(hilo.move(near, { _tag: "Same" }, io))).toBe(true)
    const r = hilo.move(near, { _tag: "Lower" }, io)
    if (isGameError(r)) throw new Error(r.message)
    expect(r.state.acc_bp).toBe((9_000n * BASIS_POINTS * 10_833n) / BASIS_POINTS)
    const full = at("AS", ACC_MAX_BP)
    for (const g of ["Higher", "Same"] as const) expect(isGameError(hilo.move(full, { _tag: g }, io))).toBe(true)
    const out = hilo.move(full, { _tag: "CashOut" }, io)
    expect(isGameError(out) ? null : out.credit).toBe(1_000_000n)
  })
})

const GUESS_OF: Readonly<Record<Exclude<HiloMove["_tag"], "CashOut">, Guess>> = { Higher: "higher", Lower: "lower", Same: "same" }
const moveArb = fc.constantFrom<HiloMove>({ _tag: "Higher" }, { _tag: "Lower" }, { _tag: "Same" }, { _tag: "CashOut" })

const runSession = (seed: number, bet: bigint, moves: ReadonlyArray<HiloMove>) => {
  const io = streamOutcomes(new RandomStream(sha256(Uint8Array.of(seed & 255, (seed >> 8) & 255, (seed >> 16) & 255, 9))))
  const init = hilo.init(bet, io)
  if (isGameError(init)) throw new Error(init.message)
  let s = init.state
  const trace: unknown[] = []
  for (const m of moves) {
    const snapshot = structuredClone(s)
    const r = hilo.move(s, m, io)
    expect(s).toEqual(snapshot)
    const multiplier = m._tag === "CashOut" ? null : guessMultiplierBp(GUESS_OF[m._tag], s.current)
    const legal = s.phase === "playing" && (m._tag === "CashOut" || (multiplier !== null && withinCap(s.acc_bp, multiplier)))
    expect(isGameError(r)).toBe(!legal)
    if (isGameError(r)) {
      trace.push(r._tag)
      continue
    }
    expect(r.state.acc_bp).toBeLessThanOrEqual(ACC_MAX_BP)
    expect(r.credit).toBeLessThanOrEqual((bet * ACC_MAX_BP) / BASIS_POINTS)
    trace.push([r.credit, r.complete, r.logs])
    s = r.state
  }
  return trace
}

describe("hi-lo properties", () => {
  it("illegal moves are refused without change, the pot and returns never exceed the 10 000x cap", () => {
    fc.assert(
      fc.property(fc.nat(), fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.array(moveArb, { maxLength: 60 }), (seed, bet, moves) => {
        runSession(seed, bet, moves)
      }),
      { numRuns: 200 }
    )
  })

  it("replaying the same seed reproduces every outcome", () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(moveArb, { maxLength: 40 }), (seed, moves) => {
        expect(runSession(seed, 100n, moves)).toEqual(runSession(seed, 100n, moves))
      }),
      { numRuns: 100 }
    )
  })

  it("the decoder accepts exactly one known byte", () => {
    for (const m of ["Higher", "Lower", "CashOut", "Same"] as const) expect(hilo.decodeMove(hilo.encodeMove({ _tag: m }))).toEqual({ _tag: m })
    for (const bad of [[], [4], [0, 0], [255]]) expect(isGameError(hilo.decodeMove(Uint8Array.from(bad)))).toBe(true)
  })
})
