/** Ultimate Hold'em properties: stage table, no lock, payout bound, replay (engine/games/test/stage-properties.ts). */
import { describe, it } from "vitest"
import fc from "fast-check"
import { checkStageProperties } from "../../test/stage-properties.ts"
import { ultimateHoldem, type UthMove, type UthState } from "../ultimate-holdem.ts"

const catalogue = (): ReadonlyArray<UthMove> => [
  { _tag: "SetRules", rules: { dealer_needs_pair: false, allow_3x: true, allow_4x: true } },
  { _tag: "SetRules", rules: { dealer_needs_pair: true, allow_3x: false, allow_4x: true } },
  { _tag: "SetRules", rules: { dealer_needs_pair: true, allow_3x: true, allow_4x: false } },
  { _tag: "SetSideBet", bet: "TRIPS", amount: 4n },
  { _tag: "SetSideBet", bet: "SIX_CARD", amount: 3n },
  { _tag: "SetSideBet", bet: "SIX_CARD", amount: 0n },
  { _tag: "SetSideBet", bet: "PROGRESSIVE", amount: 1n },
  { _tag: "SetSideBet", bet: "PROGRESSIVE", amount: 9n },
  { _tag: "AtomicDeal", trips: 1n, six_card: 2n, progressive: 2n },
  { _tag: "AtomicDeal", trips: 1n, six_card: 2n, progressive: 1n },
  { _tag: "Deal" },
  { _tag: "Fold" },
  { _tag: "Bet", multiplier: 4 },
  { _tag: "Bet", multiplier: 3 },
  { _tag: "Bet", multiplier: 2 },
  { _tag: "Bet", multiplier: 1 },
  { _tag: "Check" },
  { _tag: "Reveal" }
]

const legal = (s: UthState, m: UthMove): boolean => {
  switch (m._tag) {
    case "SetRules":
      return s.stage === "betting" && m.rules.dealer_needs_pair
    case "SetSideBet":
      return s.stage === "betting" && (m.bet !== "PROGRESSIVE" || m.amount <= 1n)
    case "AtomicDeal":
      return s.stage === "betting" && m.progressive <= 1n
    case "Deal":
      return s.stage === "betting"
    case "Check":
      return s.stage === "preflop" || s.stage === "flop"
    case "Bet":
      if (m.multiplier === 4) return s.stage === "preflop" && s.rules.allow_4x
      if (m.multiplier === 3) return s.stage === "preflop" && s.rules.allow_3x
      return s.stage === (m.multiplier === 2 ? "flop" : "river")
    case "Fold":
      return s.stage === "river"
    case "Reveal":
      return s.stage === "awaiting_reveal"
  }
}

describe("ultimate hold'em properties", () => {
  it("illegal moves change nothing, no state locks chips, payouts stay under the maximum, seeds replay", () => {
    checkStageProperties(
      {
        rules: ultimateHoldem,
        bet: fc.bigInt({ min: 1n, max: 10_000n }),
        catalogue,
        legal,
        isComplete: (s) => s.stage === "complete",
        maxCredit: (s) => 2n * s.ante + 501n * s.blind + 2n * s.play + 51n * s.trips + 1001n * s.six_card + 10_000n * s.progressive
      },
      40
    )
  })
})
