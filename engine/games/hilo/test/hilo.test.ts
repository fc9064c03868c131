/** Hi-Lo: games-b.md §1.8 worked examples (with the repriced multipliers) and the defect decisions. */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { sha256 } from "../../../crypto/sha256.ts"
import { RandomStream } from "../../../random/stream.ts"
import { parseCardLabel, type Card } from "../../cards.ts"
import { isGameError } from "../../game.ts"
import { streamOutcomes } from "../../outcomes.ts"
import { logField, play } from "../../blackjack/test/drive.ts"
import { hilo, type HiloMove, type HiloState } from "../hilo.ts"
import { ACC_MAX_BP, BASIS_POINTS, GUESSES, guessMultiplierBp, pushes, wins } from "../multiplier.ts"

const card = (label: string): Card => parseCardLabel(label) ?? -1

describe("hi-lo worked examples (games-b.md §1.8, bet 100)", () => {
  it("1. 7♠, Higher, 10♥: 24 winning of 48 decisive cards → 1.98x; cash out 198", () => {
    const r = play(hilo, 100n, [{ _tag: "Higher" }, { _tag: "CashOut" }], ["7S", "TH"])
    expect(r.state.acc_bp).toBe(19_800n)
    expect(r.credited).toBe(198n)
    expect(logField(r.logs[1], "netPnl")).toBe("98")
  })

  it("2. 10♥, Lower, 10♣: a push keeps the pot and makes 10♣ current", () => {
    const r = play(hilo, 100n, [{ _tag: "Higher" }, { _tag: "Lower" }], ["7S", "TH", "TC"])
    expect(r.state.acc_bp).toBe(19_800n)
    expect(r.state.current).toBe(card("TC"))
    expect(r.complete).toBe(false)
  })

  it("3. K♦, Same, K♠: 3 winning of 51 → floor(9 900 × 51 / 3) = 16.83x; cash out 1 683", () => {
    const r = play(hilo, 100n, [{ _tag: "Same" }, { _tag: "CashOut" }], ["KD", "KS"])
    expect(r.state.acc_bp).toBe(168_300n)
    expect(r.credited).toBe(1_683n)
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

describe("hi-lo decisions", () => {
  it("N7: the streak counts correct calls only (a push does not count)", () => {
    const r = play(hilo, 100n, [{ _tag: "Higher" }, { _tag: "Lower" }, { _tag: "Lower" }], ["7S", "TH", "TC", "5D"])
    expect(r.state.streak).toBe(2)
    expect(r.state.guesses).toBe(3)
  })

  it("N16: Same is offered only from an Ace or a King; Higher from a King and Lower from an Ace are refused", () => {
    const io = streamOutcomes(new RandomStream(sha256(Uint8Array.of(1))))
    const at = (label: string): HiloState => {
      const deck = Array.from({ length: 52 }, (_, i) => i).filter((c) => c !== card(label))
      return { phase: "playing", bet: 100n, current: card(label), deck, acc_bp: BASIS_POINTS, streak: 0, guesses: 0 }
    }
    expect(isGameError(hilo.move(at("7H"), { _tag: "Same" }, io))).toBe(true)
    expect(isGameError(hilo.move(at("KH"), { _tag: "Higher" }, io))).toBe(true)
    expect(isGameError(hilo.move(at("AH"), { _tag: "Lower" }, io))).toBe(true)
    expect(isGameError(hilo.move(at("AH"), { _tag: "Same" }, io))).toBe(false)
  })

  it("N22: cards are drawn without replacement — a session never shows a card twice, and the empty deck only cashes out", () => {
    const io = streamOutcomes(new RandomStream(sha256(Uint8Array.of(2))))
    const init = hilo.init(100n, io)
    if (isGameError(init)) throw new Error(init.message)
    let s = init.state
    const seen = [s.current]
    // call the likelier side until the deck is empty or a guess is lost
    while (s.phase === "playing" && s.deck.length > 0) {
      const hi = guessMultiplierBp("higher", s.current, s.deck)
      const lo = guessMultiplierBp("lower", s.current, s.deck)
      if (hi === null && lo === null) break
      const m: HiloMove = lo === null || (hi !== null && hi <= lo) ? { _tag: "Higher" } : { _tag: "Lower" }
      const r = hilo.move(s, m, io)
      if (isGameError(r)) throw new Error(r.message)
      s = r.state
      seen.push(s.current)
    }
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.length + s.deck.length).toBe(52)
    const empty: HiloState = { phase: "playing", bet: 100n, current: card("7H"), deck: [], acc_bp: 20_000n, streak: 1, guesses: 51 }
    for (const g of ["Higher", "Lower", "Same"] as const) expect(isGameError(hilo.move(empty, { _tag: g }, io))).toBe(true)
    const out = hilo.move(empty, { _tag: "CashOut" }, io)
    expect(isGameError(out) ? null : out.credit).toBe(200n)
  })

  it("every guess returns less than it risks: Σ over the cards left of (win → M, push → 1, loss → 0) < 1 per unit pot", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 51 }), fc.subarray(Array.from({ length: 52 }, (_, i) => i), { minLength: 1 }), (current, cards) => {
        const deck = cards.filter((c) => c !== current)
        for (const g of GUESSES) {
          const m = guessMultiplierBp(g, current, deck)
          if (m === null) continue
          let total = 0n
          for (const next of deck) total += pushes(g, current, next) ? BASIS_POINTS : wins(g, current, next) ? m : 0n
          // a decisive card exists whenever the guess is offered, so the inequality is strict
          expect(total).toBeLessThan(BigInt(deck.length) * BASIS_POINTS)
        }
      }),
      { numRuns: 400 }
    )
  })
})

const moveArb = fc.constantFrom<HiloMove>({ _tag: "Higher" }, { _tag: "Lower" }, { _tag: "Same" }, { _tag: "CashOut" })
const TAG_GUESS = { Higher: "higher", Lower: "lower", Same: "same" } as const

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
    const legal = s.phase === "playing" && (m._tag === "CashOut" || (s.acc_bp < ACC_MAX_BP && guessMultiplierBp(TAG_GUESS[m._tag], s.current, s.deck) !== null))
    expect(isGameError(r)).toBe(!legal)
    if (isGameError(r)) {
      trace.push(r._tag)
      continue
    }
    expect(r.credit).toBeLessThanOrEqual((bet * ACC_MAX_BP) / BASIS_POINTS)
    trace.push([r.credit, r.complete, r.logs])
    s = r.state
  }
  return trace
}

describe("hi-lo properties", () => {
  it("illegal moves are refused without change, returns never exceed the maximum pot", () => {
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
