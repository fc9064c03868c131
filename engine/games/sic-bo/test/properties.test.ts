/** Sic Bo properties: stage table, no lock, payout bound, replay (engine/games/test/stage-properties.ts). */
import { describe, it } from "vitest"
import fc from "fast-check"
import { checkStageProperties } from "../../test/stage-properties.ts"
import { BET_TYPES, maxPays, validNumber } from "../bets.ts"
import { MAX_BETS_PER_ROUND, sicBo, type SicBoMove, type SicBoState } from "../sic-bo.ts"

const SPOT = { SUM: 10, DOMINO: 0x25, HOP3_HARD: 0x52, HOP3_EASY: 0b100101, HOP4_EASY: 0b110101, TRIPLE_SPECIFIC: 6, DOUBLE_SPECIFIC: 1, SINGLE_DIE: 3 } as const
const spot = (t: (typeof BET_TYPES)[number]): number => (t in SPOT ? SPOT[t as keyof typeof SPOT] : 0)

const catalogue = (): ReadonlyArray<SicBoMove> => [
  { _tag: "SetPaytable", paytable: "atlantic_city" },
  { _tag: "SetPaytable", paytable: "macau" },
  { _tag: "ClearBets" },
  { _tag: "PlaceBet", bet: { type: "SUM", number: 2, amount: 5n } },
  { _tag: "PlaceBet", bet: { type: "DOMINO", number: 0x33, amount: 5n } },
  ...BET_TYPES.map((type, i): SicBoMove => ({ _tag: "PlaceBet", bet: { type, number: spot(type), amount: BigInt(i + 1) } })),
  { _tag: "Batch", bets: [{ type: "SMALL", number: 0, amount: 10n }, { type: "TRIPLE_SPECIFIC", number: 2, amount: 1n }] },
  { _tag: "Roll" }
]

const legal = (s: SicBoState, m: SicBoMove): boolean => {
  if (s.phase !== "betting") return false
  switch (m._tag) {
    case "SetPaytable":
    case "Batch":
      return s.bets.length === 0
    case "ClearBets":
    case "Roll":
      return s.bets.length > 0
    case "PlaceBet":
      return s.bets.length < MAX_BETS_PER_ROUND && validNumber(m.bet.type, m.bet.number)
  }
}

describe("sic bo properties", () => {
  it("illegal moves change nothing, no state locks chips, payouts stay under the maximum, seeds replay", () => {
    checkStageProperties({
      rules: sicBo,
      bet: fc.constant(0n),
      catalogue,
      legal,
      isComplete: (s) => s.phase === "done",
      maxCredit: (s) => s.bets.reduce((acc, b) => acc + b.amount * BigInt(maxPays(s.paytable, b.type) + 1), 0n)
    }, 40)
  })
})
