/** Roulette payouts against hand-computed cases for every bet type and zero rule (games-b.md §2). */
import { describe, expect, it } from "vitest"
import { isGameError, type GameStep } from "../../game.ts"
import { ScriptedOutcomes } from "../../outcomes.ts"
import { roulette, type RouletteBet, type RouletteState, type ZeroRule } from "../roulette.ts"

interface Round {
  readonly charged: bigint
  readonly credited: bigint
  readonly complete: boolean
  readonly state: RouletteState
}

const play = (bets: ReadonlyArray<RouletteBet>, pockets: ReadonlyArray<number>, rule: ZeroRule = "standard", spins = 1): Round => {
  const io = new ScriptedOutcomes(pockets)
  let charged = 0n
  let credited = 0n
  const take = (s: ReturnType<typeof roulette.move>): GameStep<RouletteState> => {
    if (isGameError(s)) throw new Error(s.message)
    charged += s.charge
    credited += s.credit
    return s
  }
  let s = take(roulette.init(0n, io))
  s = take(roulette.move(s.state, { _tag: "SetRule", rule }, io))
  for (const bet of bets) s = take(roulette.move(s.state, { _tag: "PlaceBet", bet }, io))
  for (let i = 0; i < spins; i++) s = take(roulette.move(s.state, { _tag: "Spin" }, io))
  expect(io.remaining).toBe(0)
  return { charged, credited, complete: s.complete, state: s.state }
}

const bet = (type: RouletteBet["type"], number: number, amount: bigint): RouletteBet => ({ type, number, amount })

describe("roulette payouts, every bet type (a win returns amount × (pays + 1))", () => {
  const cases: ReadonlyArray<readonly [string, RouletteBet, number, bigint]> = [
    ["straight 17 on 17 pays 35:1", bet("STRAIGHT", 17, 10n), 17, 360n],
    ["straight 17 on 18 loses", bet("STRAIGHT", 17, 10n), 18, 0n],
    ["straight 0 on 0 pays 35:1", bet("STRAIGHT", 0, 10n), 0, 360n],
    ["red on 1 (red) pays 1:1", bet("RED", 0, 10n), 1, 20n],
    ["red on 2 (black) loses", bet("RED", 0, 10n), 2, 0n],
    ["black on 2 pays 1:1", bet("BLACK", 0, 10n), 2, 20n],
    ["black on 10 (black) pays", bet("BLACK", 0, 10n), 10, 20n],
    ["even on 36 pays", bet("EVEN", 0, 10n), 36, 20n],
    ["even on 35 loses", bet("EVEN", 0, 10n), 35, 0n],
    ["odd on 35 pays", bet("ODD", 0, 10n), 35, 20n],
    ["low on 18 pays", bet("LOW", 0, 10n), 18, 20n],
    ["low on 19 loses", bet("LOW", 0, 10n), 19, 0n],
    ["high on 19 pays", bet("HIGH", 0, 10n), 19, 20n],
    ["dozen 2 (13–24) on 24 pays 2:1", bet("DOZEN", 1, 10n), 24, 30n],
    ["dozen 2 on 25 loses", bet("DOZEN", 1, 10n), 25, 0n],
    ["column 1 (1,4,…,34) on 34 pays 2:1", bet("COLUMN", 0, 10n), 34, 30n],
    ["column 3 (3,…,36) on 35 loses", bet("COLUMN", 2, 10n), 35, 0n],
    ["split 14|15 on 15 pays 17:1", bet("SPLIT_H", 14, 10n), 15, 180n],
    ["split 14|15 on 16 loses", bet("SPLIT_H", 14, 10n), 16, 0n],
    ["split 14|17 on 17 pays 17:1", bet("SPLIT_V", 14, 10n), 17, 180n],
    ["street 13–15 on 15 pays 11:1", bet("STREET", 13, 10n), 15, 120n],
    ["street 13–15 on 16 loses", bet("STREET", 13, 10n), 16, 0n],
    ["corner 14,15,17,18 on 18 pays 8:1", bet("CORNER", 14, 10n), 18, 90n],
    ["corner 14,15,17,18 on 16 loses", bet("CORNER", 14, 10n), 16, 0n],
    ["six line 13–18 on 18 pays 5:1", bet("SIX_LINE", 13, 10n), 18, 60n],
    ["six line 13–18 on 19 loses", bet("SIX_LINE", 13, 10n), 19, 0n],
    ["red loses on zero (standard)", bet("RED", 0, 10n), 0, 0n]
  ]
  for (const [name, b, pocket, returned] of cases)
    it(name, () => {
      const r = play([b], [pocket])
      expect(r.charged).toBe(b.amount)
      expect(r.credited).toBe(returned)
      expect(r.complete).toBe(true)
    })
})

describe("games-b.md §2.9 worked examples", () => {
  it("1. standard: red 100, straight 17 50, dozen 2 20; result 17 → returns 1,860 on 170", () => {
    const r = play([bet("RED", 0, 100n), bet("STRAIGHT", 17, 50n), bet("DOZEN", 1, 20n)], [17])
    expect([r.charged, r.credited]).toEqual([170n, 1_860n])
  })
  it("2. la partage: red 100, straight 0 10; result 0 → 360 + 50 = 410", () => {
    const r = play([bet("RED", 0, 100n), bet("STRAIGHT", 0, 10n)], [0], "la_partage")
    expect(r.credited).toBe(410n)
  })
  it("3. en prison: red 100, odd 50, straight 5 20; 0 then 23 → 150 back (net −20)", () => {
    const r = play([bet("RED", 0, 100n), bet("ODD", 0, 50n), bet("STRAIGHT", 5, 20n)], [0, 23], "en_prison", 2)
    expect([r.charged, r.credited, r.complete]).toEqual([170n, 150n, true])
  })
  it("3b. en prison: a second zero loses the imprisoned bets", () => {
    const r = play([bet("RED", 0, 100n), bet("ODD", 0, 50n), bet("STRAIGHT", 5, 20n)], [0, 0], "en_prison", 2)
    expect([r.credited, r.complete]).toEqual([0n, true])
  })
  it("4. american: straight 00 100 and red 100; result 00 → 3,600", () => {
    const r = play([bet("STRAIGHT", 37, 100n), bet("RED", 0, 100n)], [37], "american")
    expect(r.credited).toBe(3_600n)
  })
})

describe("zero rules", () => {
  it("la partage returns half of each losing even-money bet, rounded down; others lose", () => {
    const r = play([bet("BLACK", 0, 101n), bet("DOZEN", 0, 10n)], [0], "la_partage")
    expect(r.credited).toBe(50n)
  })
  it("en prison: a straight on 0 is paid at once and the round continues for imprisoned bets", () => {
    const first = play([bet("RED", 0, 100n), bet("STRAIGHT", 0, 10n)], [0], "en_prison")
    expect(first.complete).toBe(false)
    expect(first.state.pending_return).toBe(360n)
    expect(first.state.bets).toEqual([bet("RED", 0, 100n)])
    const lost = play([bet("RED", 0, 100n), bet("STRAIGHT", 0, 10n)], [0, 2], "en_prison", 2)
    expect([lost.credited, lost.complete]).toEqual([360n, true])
  })
  it("en prison with nothing even-money on the table ends on zero", () => {
    const r = play([bet("STRAIGHT", 5, 10n)], [0], "en_prison")
    expect([r.credited, r.complete]).toEqual([0n, true])
  })
  it("en prison (double): zero in prison drops to level 2; a win there climbs back to level 1 (no pay); then a win returns the stake", () => {
    const r = play([bet("RED", 0, 100n)], [0, 0, 1, 3], "en_prison_double", 4)
    expect([r.credited, r.complete]).toEqual([100n, true])
    const level2 = play([bet("RED", 0, 100n)], [0, 0], "en_prison_double", 2)
    expect([level2.complete, level2.state.prison_level]).toEqual([false, 2])
  })
  it("en prison (double): a zero or a loss at level 2 ends the round — every round terminates (N13)", () => {
    expect(play([bet("RED", 0, 100n)], [0, 0, 0], "en_prison_double", 3).complete).toBe(true)
    expect(play([bet("RED", 0, 100n)], [0, 0, 2], "en_prison_double", 3).credited).toBe(0n)
  })
  it("american wheel: 00 is a zero for outside bets", () => {
    expect(play([bet("EVEN", 0, 10n), bet("LOW", 0, 10n)], [37], "american").credited).toBe(0n)
  })
})
