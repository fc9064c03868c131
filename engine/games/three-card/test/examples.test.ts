/** Three Card Poker: hand ranking, qualifiers, the worked examples of games-b.md §4.10, codec, refusals. */
import { describe, expect, it } from "vitest"
import { InvalidMove, InvalidPayload } from "../../../errors.ts"
import { parseCardLabel, type Card } from "../../cards.ts"
import { isGameError } from "../../game.ts"
import { ScriptedOutcomes } from "../../outcomes.ts"
import { play } from "../../test/drive.ts"
import { THREE_CARD_CATEGORIES, dealerQualifies, evaluateThree } from "../hand.ts"
import { decodeThreeCardMove, encodeThreeCardMove, threeCard, type ThreeCardMove } from "../three-card.ts"

const hand = (labels: string): Card[] => labels.split(" ").map((l) => parseCardLabel(l) ?? -1)
const side = (bet: "PAIR_PLUS" | "SIX_CARD" | "PROGRESSIVE", amount: bigint): ThreeCardMove => ({ _tag: "SetSideBet", bet, amount })
const DEAL: ThreeCardMove = { _tag: "Deal" }
const PLAY: ThreeCardMove = { _tag: "Play" }
const REVEAL: ThreeCardMove = { _tag: "Reveal" }
const FOLD: ThreeCardMove = { _tag: "Fold" }

describe("three-card hands (§4.3)", () => {
  it("ranks and breaks ties without suits; A-2-3 is the lowest straight and Q-K-A the highest", () => {
    const order = ["2S 4H 5D", "AS KH JD", "2S 2H 3D", "2S 2H 4D", "AS AH KD", "2H 7H 9H", "AS 2H 3D", "2S 3H 4D", "QS KH AD", "2S 2H 2D", "AS AH AD", "AS 2S 3S", "QS KS AS"]
    for (let i = 1; i < order.length; i++) expect(evaluateThree(hand(order[i]!)).score).toBeGreaterThan(evaluateThree(hand(order[i - 1]!)).score)
    expect(evaluateThree(hand("KS 8H 4D")).score).toBe(evaluateThree(hand("KH 8D 4C")).score)
  })

  it("counts the 22 100 hands into SF 48, trips 52, straight 720, flush 1 096, pair 3 744, high card 16 440 (§4.8)", () => {
    const counts = Object.fromEntries(THREE_CARD_CATEGORIES.map((c) => [c, 0]))
    for (let a = 0; a < 52; a++) for (let b = a + 1; b < 52; b++) for (let c = b + 1; c < 52; c++) counts[evaluateThree([a, b, c]).category]!++
    expect(counts).toEqual({ STRAIGHT_FLUSH: 48, THREE_OF_A_KIND: 52, STRAIGHT: 720, FLUSH: 1_096, PAIR: 3_744, HIGH_CARD: 16_440 })
  })

  it("qualifies the dealer: queen-high, or Q-6-4 (Q-6-4 and Q-7-2 yes, Q-6-3 no); any pair qualifies", () => {
    const q = (h: string, rule: "queen_high" | "q64") => dealerQualifies(evaluateThree(hand(h)), rule)
    expect([q("QS 6H 4D", "q64"), q("QS 7H 2D", "q64"), q("QS 6H 3D", "q64"), q("KS 2H 3D", "q64"), q("JS TH 8D", "q64")]).toEqual([true, true, false, true, false])
    expect([q("QS 6H 3D", "queen_high"), q("QS 2H 3D", "queen_high"), q("JS TH 8D", "queen_high"), q("2S 2H 3D", "queen_high")]).toEqual([true, true, false, true])
  })
})

describe("three card worked examples (§4.10, ante 100)", () => {
  it("1. pair of 5s beats a qualifying K-high: Win(420) on 210", () => {
    const r = play(threeCard, 100n, [side("PAIR_PLUS", 10n), DEAL, PLAY, REVEAL], ["5S", "5H", "AD", "KC", "9D", "3S"])
    expect([r.charged, r.credited]).toEqual([210n, 420n])
    expect(r.log?.outcome).toBe("WIN")
  })
  it("2. straight against a J-high that does not qualify: ante 200 + bonus 100, play pushes, pair plus 70: Win(470)", () => {
    const r = play(threeCard, 100n, [side("PAIR_PLUS", 10n), DEAL, PLAY, REVEAL], ["2S", "3H", "4D", "JS", "9H", "7D"])
    expect(r.credited).toBe(470n)
    expect(r.log?.outcome).toBe("DEALER_NO_QUALIFY")
    expect(r.log?.summary).toBe("P: STRAIGHT, D: HIGH CARD (NO QUALIFY)")
  })
  it("3. trips lose to higher trips: bonus 400, pair plus 310, six-card full house 210: Win(920) on 220", () => {
    const r = play(threeCard, 100n, [side("PAIR_PLUS", 10n), side("SIX_CARD", 10n), DEAL, PLAY, REVEAL], ["7S", "7H", "7D", "9C", "9S", "9H"])
    expect([r.charged, r.credited]).toEqual([220n, 920n])
    expect([r.log?.anteReturn, r.log?.playReturn, r.log?.pairplusReturn, r.log?.sixCardReturn]).toEqual(["400", "0", "310", "210"])
  })
  it("4. fold: the dealer's cards are still dealt; six-card full house 210 on 120 wagered", () => {
    const r = play(threeCard, 100n, [side("PAIR_PLUS", 10n), side("SIX_CARD", 10n), DEAL, FOLD], ["2S", "7H", "9D", "9S", "9H", "2C"])
    expect([r.charged, r.credited]).toEqual([120n, 210n])
    expect(r.log?.outcome).toBe("FOLD")
  })
  it("progressive: A-K-Q of spades 10 000 for one, other A-K-Q suited 500, straight flush 70, trips 60, straight 6", () => {
    const prog = (cards: string[]) => play(threeCard, 1n, [{ _tag: "AtomicDeal", pair_plus: 0n, six_card: 0n, progressive: 1n }, FOLD], cards).log?.progressiveReturn
    expect(prog(["AS", "KS", "QS", "2H", "3H", "5D"])).toBe("10000")
    expect(prog(["AH", "KH", "QH", "2S", "3S", "5D"])).toBe("500")
    expect(prog(["9C", "TC", "JC", "2S", "3S", "5D"])).toBe("70")
    expect(prog(["9C", "9D", "9H", "2S", "3S", "5D"])).toBe("60")
    expect(prog(["9C", "TD", "JC", "2S", "3S", "5D"])).toBe("6")
    expect(prog(["9C", "9D", "JC", "2S", "3S", "5D"])).toBe("0")
  })
})

describe("three card refusals and codec", () => {
  const fresh = () => {
    const s = threeCard.init(100n, new ScriptedOutcomes([]))
    if (isGameError(s)) throw new Error("init")
    return s.state
  }
  it("refuses a 2-chip progressive and side bets after the deal; a lower side bet refunds the difference", () => {
    const io = new ScriptedOutcomes(["2S", "7H", "9D"])
    expect(threeCard.move(fresh(), side("PROGRESSIVE", 2n), io)).toBeInstanceOf(InvalidMove)
    const up = threeCard.move(fresh(), side("PAIR_PLUS", 50n), io)
    if (isGameError(up)) throw new Error(up.message)
    expect(up.charge).toBe(50n)
    const down = threeCard.move(up.state, side("PAIR_PLUS", 20n), io)
    if (isGameError(down)) throw new Error(down.message)
    expect([down.charge, down.credit]).toEqual([0n, 30n])
    const dealt = threeCard.move(down.state, DEAL, io)
    if (isGameError(dealt)) throw new Error(dealt.message)
    expect(threeCard.move(dealt.state, side("PAIR_PLUS", 5n), io)).toBeInstanceOf(InvalidMove)
    expect(threeCard.move(dealt.state, { _tag: "SetRules", qualifier: "q64" }, io)).toBeInstanceOf(InvalidMove)
  })
  it("N11/N17: every move round-trips; trailing bytes, short payloads, unknown codes and rules bytes are refused", () => {
    const moves: ThreeCardMove[] = [PLAY, FOLD, DEAL, REVEAL, side("PAIR_PLUS", 9n), side("SIX_CARD", 8n), side("PROGRESSIVE", 1n), { _tag: "AtomicDeal", pair_plus: 1n, six_card: 2n, progressive: 1n }, { _tag: "SetRules", qualifier: "q64" }, { _tag: "SetRules", qualifier: "queen_high" }]
    for (const m of moves) {
      const bytes = encodeThreeCardMove(m)
      expect(decodeThreeCardMove(bytes)).toEqual(m)
      expect(decodeThreeCardMove(new Uint8Array([...bytes, 0]))).toBeInstanceOf(InvalidPayload)
      if (bytes.length > 1) expect(decodeThreeCardMove(bytes.slice(0, -1))).toBeInstanceOf(InvalidPayload)
    }
    expect(decodeThreeCardMove(new Uint8Array([]))).toBeInstanceOf(InvalidPayload)
    expect(decodeThreeCardMove(new Uint8Array([9]))).toBeInstanceOf(InvalidPayload)
    expect(decodeThreeCardMove(new Uint8Array([8, 2]))).toBeInstanceOf(InvalidPayload)
    expect(decodeThreeCardMove(new Uint8Array([8, 0x81]))).toBeInstanceOf(InvalidPayload)
  })
})
