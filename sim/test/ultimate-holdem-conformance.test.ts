/** The UTH adapter maps the vocabulary's table order (hole, dealer, board, bonus) onto the engine's draw order. */
import { describe, expect, it } from "vitest"
import { engineDrawOrder, ultimateHoldemAdapter } from "../conformance/games/ultimate-holdem.ts"

const moves = (...names: string[]) => names.map((move) => ({ move }))

describe("ultimate hold'em outcome order", () => {
  it("draws hole cards, the board as it is revealed, then the dealer's two and the bonus cards", () => {
    expect(engineDrawOrder(moves("deal", "bet_4x", "reveal"))).toEqual([0, 1, 4, 5, 6, 7, 8, 2, 3])
    expect(engineDrawOrder(moves("deal", "check", "bet_2x", "reveal"))).toEqual([0, 1, 4, 5, 6, 7, 8, 2, 3])
    expect(engineDrawOrder(moves("deal", "check", "check", "fold"))).toEqual([0, 1, 4, 5, 6, 7, 8, 2, 3])
    expect(engineDrawOrder([{ move: "atomic_deal", trips: "0", six_card: "5", progressive: "0" }, { move: "bet_3x" }, { move: "reveal" }])).toEqual([
      0, 1, 4, 5, 6, 7, 8, 2, 3, 9, 10, 11, 12
    ])
    expect(engineDrawOrder([{ move: "check", rejected: true }, ...moves("deal", "check")])).toEqual([0, 1, 4, 5, 6])
  })

  it("keeps unused outcomes at the end so the runner still reports them", () => {
    const order = ultimateHoldemAdapter.outcomeOrder
    if (order === undefined) throw new Error("no outcome order")
    expect(order(["AS", "AD", "KC", "9D", "KH", "7S", "2C", "5D", "TC"], moves("deal", "bet_4x", "reveal"))).toEqual(["AS", "AD", "KH", "7S", "2C", "5D", "TC", "KC", "9D"])
    expect(order(["AS", "AD", "KC", "9D"], moves("deal"))).toEqual(["AS", "AD", "KC", "9D"])
  })
})
