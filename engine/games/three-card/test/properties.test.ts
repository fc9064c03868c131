/** Three Card properties: stage table, no lock, payout bound, replay (engine/games/test/stage-properties.ts). */
import { describe, it } from "vitest"
import fc from "fast-check"
import { checkStageProperties } from "../../test/stage-properties.ts"
import { threeCard, type ThreeCardMove, type ThreeCardState } from "../three-card.ts"

const catalogue = (): ReadonlyArray<ThreeCardMove> => [
  { _tag: "SetRules", qualifier: "q64" },
  { _tag: "SetRules", qualifier: "queen_high" },
  { _tag: "SetSideBet", bet: "PAIR_PLUS", amount: 7n },
  { _tag: "SetSideBet", bet: "PAIR_PLUS", amount: 0n },
  { _tag: "SetSideBet", bet: "SIX_CARD", amount: 3n },
  { _tag: "SetSideBet", bet: "PROGRESSIVE", amount: 1n },
  { _tag: "SetSideBet", bet: "PROGRESSIVE", amount: 2n },
  { _tag: "AtomicDeal", pair_plus: 2n, six_card: 1n, progressive: 5n },
  { _tag: "AtomicDeal", pair_plus: 2n, six_card: 4n, progressive: 1n },
  { _tag: "Deal" },
  { _tag: "Fold" },
  { _tag: "Play" },
  { _tag: "Reveal" }
]

const legal = (s: ThreeCardState, m: ThreeCardMove): boolean => {
  switch (m._tag) {
    case "SetRules":
    case "Deal":
      return s.stage === "betting"
    case "SetSideBet":
      return s.stage === "betting" && (m.bet !== "PROGRESSIVE" || m.amount <= 1n)
    case "AtomicDeal":
      return s.stage === "betting" && m.progressive <= 1n
    case "Play":
    case "Fold":
      return s.stage === "decision"
    case "Reveal":
      return s.stage === "awaiting_reveal"
  }
}

describe("three card properties", () => {
  it("illegal moves change nothing, no state locks chips, payouts stay under the maximum, seeds replay", () => {
    checkStageProperties({
      rules: threeCard,
      bet: fc.bigInt({ min: 1n, max: 10_000n }),
      catalogue,
      legal,
      isComplete: (s) => s.stage === "complete",
      maxCredit: (s) => s.ante * 7n + s.play * 2n + s.pair_plus * 41n + s.six_card * 1001n + s.progressive * 10_000n
    }, 40)
  })
})
