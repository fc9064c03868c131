/**
 * Ultimate Texas Hold'em vocabulary (VOCABULARY.md §2.10) → hold'em moves.
 * The vocabulary lists outcomes as a table deals them: hole cards, dealer's two, board 1–5,
 * bonus cards. The engine draws the dealer's two only at the showdown, after any board card still
 * missing (no hidden card may sit in public state), so `outcomeOrder` replays the vector's moves
 * and lists each card where the engine draws it.
 */
import { ultimateHoldem, DEFAULT_RULES, SIDE_BETS, type UthMove, type UthRules } from "../../../engine/games/ultimate-holdem/ultimate-holdem.ts"
import { amountField, field, unknownName, type GameAdapter } from "./adapter.ts"

const encode = (m: UthMove): Uint8Array => ultimateHoldem.encodeMove(m)

const RULE_NAMES = ["dealer_needs_pair", "allow_3x", "allow_4x"] as const

const rulesOf = (rules: Readonly<Record<string, unknown>>): UthRules => {
  let r: UthRules = DEFAULT_RULES
  for (const [name, value] of Object.entries(rules)) {
    const rule = RULE_NAMES.find((n) => n === name) ?? unknownName("ultimate hold'em rule", name)
    if (typeof value !== "boolean") return unknownName(`value of ultimate hold'em rule ${name}`, value)
    r = { ...r, [rule]: value }
  }
  return r
}

const BETS: Readonly<Record<string, 1 | 2 | 3 | 4>> = { bet_1x: 1, bet_2x: 2, bet_3x: 3, bet_4x: 4 }

// vocabulary positions: 0–1 hole, 2–3 dealer, 4–8 board, 9–12 bonus cards
const HOLE = [0, 1]
const DEALER = [2, 3]
const BOARD = [4, 5, 6, 7, 8]
const BONUS = [9, 10, 11, 12]

/** vocabulary positions in the order the engine draws them for these moves */
export const engineDrawOrder = (moves: ReadonlyArray<Readonly<Record<string, unknown>>>): number[] => {
  const order: number[] = []
  let board = 0
  let sixCard = false
  const isPositive = (m: Readonly<Record<string, unknown>>, name: string): boolean => name in m && amountField(m, name) > 0n
  for (const m of moves) {
    if (m.rejected === true) continue
    switch (m.move) {
      case "set_side_bet":
        if (m.type === "SIX_CARD") sixCard = isPositive(m, "amount")
        break
      case "atomic_deal":
        sixCard = isPositive(m, "six_card")
        order.push(...HOLE)
        break
      case "deal":
        order.push(...HOLE)
        break
      case "check": {
        const n = board === 0 ? 3 : 2
        order.push(...BOARD.slice(board, board + n))
        board += n
        break
      }
      case "fold":
      case "reveal":
        order.push(...BOARD.slice(board), ...DEALER, ...(sixCard ? BONUS : []))
        board = 5
        break
      default:
        break
    }
  }
  return order
}

export const ultimateHoldemAdapter: GameAdapter = {
  game: "ultimate_holdem",
  rules: (rules) => (Object.keys(rules).length === 0 ? [] : [encode({ _tag: "SetRules", rules: rulesOf(rules) })]),
  move: (m) => {
    switch (m.move) {
      case "set_side_bet": {
        const type = field(m, "type")
        const bet = SIDE_BETS.find((b) => b === type) ?? unknownName("ultimate hold'em side bet type", type)
        return encode({ _tag: "SetSideBet", bet, amount: amountField(m) })
      }
      case "deal":
        return encode({ _tag: "Deal" })
      case "atomic_deal":
        return encode({ _tag: "AtomicDeal", trips: amountField(m, "trips"), six_card: amountField(m, "six_card"), progressive: amountField(m, "progressive") })
      case "check":
        return encode({ _tag: "Check" })
      case "bet_1x":
      case "bet_2x":
      case "bet_3x":
      case "bet_4x":
        return encode({ _tag: "Bet", multiplier: BETS[m.move] ?? unknownName("ultimate hold'em bet", m.move) })
      case "fold":
        return encode({ _tag: "Fold" })
      case "reveal":
        return encode({ _tag: "Reveal" })
      default:
        return unknownName("ultimate hold'em move", m.move)
    }
  },
  outcomeOrder: (outcomes, moves) => {
    const order = engineDrawOrder(moves).filter((i) => i < outcomes.length)
    const used = new Set(order)
    const rest = outcomes.flatMap((o, i) => (used.has(i) ? [] : [o]))
    return [...order.map((i) => outcomes[i]!), ...rest]
  }
}
