/**
 * Blackjack properties over random sessions (random rules, side bets and moves, seeded outcomes):
 *  - every move a stage does not allow is refused, and no move (refused or not) mutates its input;
 *  - no settlement returns more than the hands and the side bet can pay (natural 3:2, 21+3 30:1);
 *  - replaying the same seed reproduces every step exactly.
 */
import fc from "fast-check"
import { assertCovering } from "../../../../test/coverage.ts"
import { describe, expect, it } from "vitest"
import { sha256 } from "../../../crypto/sha256.ts"
import { RandomStream } from "../../../random/stream.ts"
import { isGameError } from "../../game.ts"
import { streamOutcomes } from "../../outcomes.ts"
import { activeHand, blackjack, canDouble, canSplit, canSurrender, type BlackjackMove, type BlackjackState } from "../blackjack.ts"
import { DECK_CHOICES, refusedCombination, type BlackjackRules } from "../rules.ts"
import { SIDE_MAX_PAYS } from "../side-bet.ts"

const rulesArb: fc.Arbitrary<BlackjackRules> = fc.record({
  h17: fc.boolean(),
  blackjack_pays_6_5: fc.boolean(),
  surrender: fc.boolean(),
  double_after_split: fc.boolean(),
  resplit_aces: fc.boolean(),
  hit_split_aces: fc.boolean(),
  decks: fc.constantFrom(...DECK_CHOICES)
})

const moveArb: fc.Arbitrary<BlackjackMove> = fc.oneof(
  fc.constantFrom<BlackjackMove>({ _tag: "Hit" }, { _tag: "Stand" }, { _tag: "Double" }, { _tag: "Split" }, { _tag: "Deal" }, { _tag: "Reveal" }, { _tag: "Surrender" }),
  fc.bigInt({ min: 0n, max: 500n }).map((amount): BlackjackMove => ({ _tag: "SetSideBet", amount })),
  fc.bigInt({ min: 0n, max: 500n }).map((side_bet): BlackjackMove => ({ _tag: "AtomicDeal", side_bet })),
  rulesArb.map((rules): BlackjackMove => ({ _tag: "SetRules", rules }))
)

/** Is this move allowed here? (stage gating and the per-hand predicates) */
const allowed = (s: BlackjackState, m: BlackjackMove): boolean => {
  switch (s.stage) {
    case "betting":
      if (m._tag === "SetRules") return refusedCombination(m.rules) === undefined
      if (m._tag === "AtomicDeal") return m.side_bet >= s.side_bet
      return m._tag === "SetSideBet" || m._tag === "Deal"
    case "player_turn": {
      const h = activeHand(s)
      if (h === undefined) return false
      if (m._tag === "Hit" || m._tag === "Stand") return true
      if (m._tag === "Double") return canDouble(s, h)
      if (m._tag === "Split") return canSplit(s, h)
      if (m._tag === "Surrender") return canSurrender(s, h)
      return false
    }
    case "awaiting_reveal":
      return m._tag === "Reveal"
    case "complete":
      return false
  }
}

const maxReturn = (s: BlackjackState): bigint =>
  s.hands.reduce((a, h) => a + (s.bet * BigInt(h.bet_mult) * 5n) / 2n, 0n) + s.side_bet * (SIDE_MAX_PAYS + 1n)

const seeded = (seed: number) => streamOutcomes(new RandomStream(sha256(Uint8Array.of(seed & 255, (seed >> 8) & 255, (seed >> 16) & 255, 7))))

const runSession = (seed: number, bet: bigint, moves: ReadonlyArray<BlackjackMove>) => {
  const io = seeded(seed)
  const init = blackjack.init(bet, io)
  if (isGameError(init)) throw new Error(init.message)
  let s = init.state
  const trace: unknown[] = []
  const stages = new Set<string>([s.stage])
  for (const m of moves) {
    const snapshot = structuredClone(s)
    const r = blackjack.move(s, m, io)
    expect(s).toEqual(snapshot) // inputs are never mutated
    expect(isGameError(r)).toBe(!allowed(snapshot, m))
    if (isGameError(r)) {
      trace.push(r._tag)
      continue
    }
    trace.push([r.charge, r.credit, r.complete, r.logs])
    if (r.complete) expect(r.credit).toBeLessThanOrEqual(maxReturn(r.state))
    expect(r.charge >= 0n && r.credit >= 0n).toBe(true)
    s = r.state
    stages.add(s.stage)
  }
  return { trace, final: s, stages }
}

describe("blackjack properties", () => {
  it("illegal moves are refused in every stage and nothing changes; returns stay within the paytable", () => {
    fc.assert(
      fc.property(fc.nat(), fc.bigInt({ min: 1n, max: 10n ** 6n }), fc.array(moveArb, { minLength: 1, maxLength: 40 }), (seed, bet, moves) => {
        runSession(seed, bet, moves)
      }),
      { numRuns: 150 }
    )
  })

  it("sessions driven towards play (deal first, then player moves) reach every stage", () => {
    const stages = new Set<string>()
    assertCovering(
      fc.tuple(
        fc.nat(),
        rulesArb.filter((r) => refusedCombination(r) === undefined),
        fc.array(fc.constantFrom<BlackjackMove>({ _tag: "Hit" }, { _tag: "Stand" }, { _tag: "Double" }, { _tag: "Split" }, { _tag: "Surrender" }, { _tag: "Reveal" }), { maxLength: 12 })
      ),
      ([seed, rules, moves]) => {
        const run = runSession(seed, 100n, [{ _tag: "SetRules", rules }, { _tag: "AtomicDeal", side_bet: 5n }, ...moves, { _tag: "Reveal" }])
        for (const st of run.stages) stages.add(st)
        expect(run.final.stage === "complete" || run.final.stage === "player_turn").toBe(true)
      },
      () => expect([...stages].sort()).toEqual(["awaiting_reveal", "betting", "complete", "player_turn"]),
      { numRuns: 150 }
    )
  })

  it("replaying the same seed reproduces every outcome", () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(moveArb, { maxLength: 30 }), (seed, moves) => {
        const all: BlackjackMove[] = [{ _tag: "Deal" }, ...moves]
        expect(runSession(seed, 50n, all)).toEqual(runSession(seed, 50n, all))
      }),
      { numRuns: 60 }
    )
  })

  it("the decoder round-trips every move and refuses unknown actions, bad flags and trailing bytes", () => {
    fc.assert(
      fc.property(moveArb, (m) => {
        expect(blackjack.decodeMove(blackjack.encodeMove(m))).toEqual(m)
        const longer = Uint8Array.of(...blackjack.encodeMove(m), 0)
        const decoded = blackjack.decodeMove(longer)
        // [7] + 1 byte is neither a surrender nor an atomic deal; every other move has an exact length
        expect(isGameError(decoded)).toBe(true)
      })
    )
    for (const bad of [[], [9], [8, 0x40, 4], [8, 0x39, 5], [5, 0, 0, 0]]) expect(isGameError(blackjack.decodeMove(Uint8Array.from(bad)))).toBe(true)
  })
})
