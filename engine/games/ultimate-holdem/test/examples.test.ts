/** Ultimate Texas Hold'em: the worked examples of games-b.md §5.10, stages, rules, codec, refusals. */
import { describe, expect, it } from "vitest"
import { InvalidMove, InvalidPayload } from "../../../errors.ts"
import { isGameError } from "../../game.ts"
import { ScriptedOutcomes } from "../../outcomes.ts"
import { play } from "../../test/drive.ts"
import { blindBonus } from "../paytables.ts"
import { DEFAULT_RULES, decodeUthMove, encodeUthMove, ultimateHoldem, type UthMove } from "../ultimate-holdem.ts"

const DEAL: UthMove = { _tag: "Deal" }
const CHECK: UthMove = { _tag: "Check" }
const REVEAL: UthMove = { _tag: "Reveal" }
const FOLD: UthMove = { _tag: "Fold" }
const bet = (multiplier: 1 | 2 | 3 | 4): UthMove => ({ _tag: "Bet", multiplier })

// engine draw order: hole 2, board (as revealed), dealer 2, bonus 4
describe("ultimate hold'em worked examples (§5.10, ante = blind = 100)", () => {
  it("1. royal flush, 4x, trips 10, progressive 1: Win(61 610) on 611 wagered", () => {
    const r = play(ultimateHoldem, 100n, [{ _tag: "AtomicDeal", trips: 10n, six_card: 0n, progressive: 1n }, bet(4), REVEAL], ["AS", "KS", "QS", "JS", "TS", "2H", "3D", "5C", "5D"])
    expect([r.charged, r.credited]).toEqual([611n, 61_610n])
    expect([r.log?.playReturn, r.log?.anteReturn, r.log?.blindReturn, r.log?.tripsReturn, r.log?.progressiveReturn]).toEqual(["800", "200", "50100", "510", "10000"])
  })
  it("2. the dealer's K-high does not qualify: ante pushes, blind pushes, play wins: Win(600)", () => {
    const r = play(ultimateHoldem, 100n, [DEAL, CHECK, bet(2), REVEAL], ["AS", "AH", "2C", "7D", "9C", "5H", "3S", "KS", "QH"])
    expect([r.charged, r.credited]).toEqual([400n, 600n])
    expect(r.log?.summary).toBe("P: PAIR, D: HIGH CARD (NO QUALIFY)")
  })
  it("3. a non-qualifying dealer still beats the player: the ante pushes, blind and play lose: Win(100)", () => {
    const r = play(ultimateHoldem, 100n, [DEAL, CHECK, bet(2), REVEAL], ["8C", "3H", "2S", "5D", "9H", "4C", "7C", "KS", "TD"])
    expect([r.charged, r.credited]).toEqual([400n, 100n])
    expect(r.log?.outcome).toBe("LOSS")
  })
  it("4. fold on the river with trips 10: ante and blind lost, trips 3:1 → Win(40)", () => {
    const r = play(ultimateHoldem, 100n, [{ _tag: "SetSideBet", bet: "TRIPS", amount: 10n }, DEAL, CHECK, CHECK, FOLD], ["7S", "7H", "7D", "2C", "9S", "KH", "3D", "AS", "AH"])
    expect([r.charged, r.credited]).toEqual([210n, 40n])
    expect(r.log?.outcome).toBe("FOLD")
  })
  it("5. flush blind bonus rounds down: ante 5, 1x: ante 10, blind 5 + 7, play 10 → Win(32)", () => {
    const r = play(ultimateHoldem, 5n, [DEAL, CHECK, CHECK, bet(1), REVEAL], ["2S", "6S", "8S", "TS", "QS", "2C", "5D", "AH", "AD"])
    expect([r.charged, r.credited]).toEqual([15n, 32n])
    expect(blindBonus(5n, "FLUSH")).toBe(7n)
  })
  it("six-card bonus reads the hole cards and four bonus cards drawn after the dealer's", () => {
    const r = play(ultimateHoldem, 100n, [{ _tag: "SetSideBet", bet: "SIX_CARD", amount: 10n }, DEAL, bet(3), REVEAL], ["9H", "9D", "2S", "7C", "JD", "4H", "3C", "KC", "KD", "9S", "9C", "2H", "3H"])
    expect(r.log?.sixCardReturn).toBe("1010")
    expect(r.log?.outcome).toBe("LOSS")
  })
})

describe("ultimate hold'em stages and rules", () => {
  const fresh = () => {
    const s = ultimateHoldem.init(100n, new ScriptedOutcomes([]))
    if (isGameError(s)) throw new Error("init")
    return s
  }
  it("N3: the start charges the blind (equal to the ante) on top of the ante", () => {
    expect(fresh().charge).toBe(100n)
    expect(fresh().state.blind).toBe(100n)
  })
  it("N20: the dealer needs a pair by default and the 'always qualifies' rule is refused", () => {
    expect(DEFAULT_RULES.dealer_needs_pair).toBe(true)
    const io = new ScriptedOutcomes([])
    expect(ultimateHoldem.move(fresh().state, { _tag: "SetRules", rules: { ...DEFAULT_RULES, dealer_needs_pair: false } }, io)).toBeInstanceOf(InvalidMove)
    const ok = ultimateHoldem.move(fresh().state, { _tag: "SetRules", rules: { dealer_needs_pair: true, allow_3x: false, allow_4x: false } }, io)
    if (isGameError(ok)) throw new Error(ok.message)
    const dealt = ultimateHoldem.move(ok.state, DEAL, new ScriptedOutcomes(["2C", "3D"]))
    if (isGameError(dealt)) throw new Error(dealt.message)
    expect(ultimateHoldem.move(dealt.state, bet(4), io)).toBeInstanceOf(InvalidMove)
    expect(ultimateHoldem.move(dealt.state, bet(3), io)).toBeInstanceOf(InvalidMove)
  })
  it("bets are charged as multiples of the ante; check is refused on the river and fold before it", () => {
    const io = new ScriptedOutcomes(["2C", "3D", "4H", "5S", "9D", "TC", "JC"])
    let s = fresh().state
    for (const m of [DEAL, CHECK]) {
      const r = ultimateHoldem.move(s, m, io)
      if (isGameError(r)) throw new Error(r.message)
      s = r.state
    }
    expect(ultimateHoldem.move(s, FOLD, io)).toBeInstanceOf(InvalidMove)
    expect(ultimateHoldem.move(s, bet(4), io)).toBeInstanceOf(InvalidMove)
    const flopBet = ultimateHoldem.move(s, bet(2), io)
    expect(isGameError(flopBet) ? 0n : flopBet.charge).toBe(200n)
    const river = ultimateHoldem.move(s, CHECK, io)
    if (isGameError(river)) throw new Error(river.message)
    expect(ultimateHoldem.move(river.state, CHECK, io)).toBeInstanceOf(InvalidMove)
    expect(ultimateHoldem.move(river.state, bet(2), io)).toBeInstanceOf(InvalidMove)
    const one = ultimateHoldem.move(river.state, bet(1), io)
    expect(isGameError(one) ? 0n : one.charge).toBe(100n)
  })
  it("N11/N17: every move round-trips; trailing bytes, unknown codes and undocumented rules bits are refused", () => {
    const moves: UthMove[] = [
      CHECK, bet(1), bet(2), bet(3), bet(4), FOLD, DEAL, REVEAL,
      { _tag: "SetSideBet", bet: "TRIPS", amount: 5n },
      { _tag: "SetSideBet", bet: "SIX_CARD", amount: 6n },
      { _tag: "SetSideBet", bet: "PROGRESSIVE", amount: 1n },
      { _tag: "AtomicDeal", trips: 1n, six_card: 2n, progressive: 0n },
      { _tag: "SetRules", rules: { dealer_needs_pair: true, allow_3x: false, allow_4x: true } },
      { _tag: "SetRules", rules: { dealer_needs_pair: true, allow_3x: true, allow_4x: false } }
    ]
    for (const m of moves) {
      const bytes = encodeUthMove(m)
      expect(decodeUthMove(bytes)).toEqual(m)
      expect(decodeUthMove(new Uint8Array([...bytes, 0]))).toBeInstanceOf(InvalidPayload)
      if (bytes.length > 1) expect(decodeUthMove(bytes.slice(0, -1))).toBeInstanceOf(InvalidPayload)
    }
    expect(decodeUthMove(new Uint8Array([]))).toBeInstanceOf(InvalidPayload)
    expect(decodeUthMove(new Uint8Array([13]))).toBeInstanceOf(InvalidPayload)
    expect(decodeUthMove(new Uint8Array([12, 8]))).toBeInstanceOf(InvalidPayload)
  })
})
