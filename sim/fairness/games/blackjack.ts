/**
 * Blackjack fairness: the main bet played with basic strategy (blackjack-strategy.ts) under the
 * default rules and two other tables, and the 21+3 side bet, exact by enumeration.
 *
 * Main bet, theoretical RTP (an estimate, not exact: blackjack's exact value needs a full
 * combinatorial analysis of the player's decisions): start from the published 0.57 % house edge of
 * eight decks, S17, double any two, no double after split, no surrender, dealer peek, 3:2, and add
 * the published rule effects: H17 +0.22, double after split −0.14, resplit aces −0.08, hit split
 * aces −0.19, no peek with doubles and splits lost to a dealer blackjack +0.11, late surrender
 * −0.08 (−0.09 under H17), six decks −0.02, 6:5 +1.39 (in percentage points of house edge).
 */
import { blackjack, type BlackjackState } from "../../../engine/games/blackjack/blackjack.ts"
import { DEFAULT_RULES, type BlackjackRules } from "../../../engine/games/blackjack/rules.ts"
import { SIDE_PAYS, sideOutcome } from "../../../engine/games/blackjack/side-bet.ts"
import { isGameError, type GameStep } from "../../../engine/games/game.ts"
import type { OutcomeSource } from "../../../engine/games/outcomes.ts"
import type { FairnessBet, RoundResult } from "../types.ts"
import { basicStrategyMove } from "./blackjack-strategy.ts"

const STAKE = 1_000n

interface Played {
  readonly staked: bigint
  readonly returned: bigint
  readonly final: BlackjackState
  readonly log: string
}

/** One session: rules, (atomic) deal with an optional 21+3 bet, basic strategy, reveal. */
export const playBlackjack = (io: OutcomeSource, rules: BlackjackRules, bet: bigint, side: bigint): Played => {
  let staked = bet
  let returned = 0n
  let log = ""
  const apply = (s: GameStep<BlackjackState> | ReturnType<typeof blackjack.move>): BlackjackState => {
    if (isGameError(s)) throw new Error(`blackjack fairness round refused: ${s.message}`)
    staked += s.charge
    returned += s.credit
    if (s.complete) log = s.logs[0] ?? ""
    return s.state
  }
  let state = apply(blackjack.init(bet, io))
  if (rules !== DEFAULT_RULES) state = apply(blackjack.move(state, { _tag: "SetRules", rules }, io))
  state = apply(blackjack.move(state, side > 0n ? { _tag: "AtomicDeal", side_bet: side } : { _tag: "Deal" }, io))
  for (let n = 0; state.stage !== "complete" && n < 64; n++) state = apply(blackjack.move(state, basicStrategyMove(state), io))
  if (state.stage !== "complete") throw new Error("blackjack fairness round did not complete")
  return { staked, returned, final: state, log }
}

/** The 21+3 RTP, exact: every ordered (card 1, card 2, up card) from a fresh shoe of `decks` decks. */
export const exactTwentyOnePlusThreeRtp = (decks: number): number => {
  let total = 0
  let ret = 0
  for (let a = 0; a < 52; a++)
    for (let b = 0; b < 52; b++)
      for (let c = 0; c < 52; c++) {
        const w = decks * (decks - (b === a ? 1 : 0)) * (decks - (c === a ? 1 : 0) - (c === b ? 1 : 0))
        if (w <= 0) continue
        total += w
        const o = sideOutcome(a, b, c)
        if (o !== "NOTHING") ret += w * Number(SIDE_PAYS[o] + 1n)
      }
  return ret / total
}

const mainBet = (rules: BlackjackRules, label: string, houseEdgePct: number, derivation: string, main: boolean): FairnessBet => ({
  game: "blackjack",
  bet_type: "main: basic strategy",
  rules: label,
  super_mode: false,
  theoretical_rtp: 1 - houseEdgePct / 100,
  source: `estimate from published rule effects (±0.1 %): ${derivation}`,
  main,
  playRound: (io): RoundResult => {
    const r = playBlackjack(io, rules, STAKE, 0n)
    return { staked: r.staked, returned: r.returned }
  }
})

/** 21+3 alone: its stake and what the engine's completion log says it returned. */
const sideBet = (rules: BlackjackRules): FairnessBet => ({
  game: "blackjack",
  bet_type: "TWENTY_ONE_PLUS_THREE",
  rules: `decks=${rules.decks}${rules.blackjack_pays_6_5 ? ",blackjack_pays_6_5" : ""}`,
  super_mode: false,
  theoretical_rtp: exactTwentyOnePlusThreeRtp(rules.decks),
  source: `exact: every ordered (player card 1, player card 2, up card) of a fresh ${rules.decks}-deck shoe`,
  main: false,
  playRound: (io): RoundResult => {
    const r = playBlackjack(io, rules, 1n, STAKE)
    const parsed: unknown = JSON.parse(r.log)
    const sideReturn = typeof parsed === "object" && parsed !== null && "sideBetReturn" in parsed ? parsed.sideBetReturn : undefined
    if (typeof sideReturn !== "string") throw new Error("blackjack completion log has no sideBetReturn")
    return { staked: STAKE, returned: BigInt(sideReturn) }
  }
})

const S17_6D_SURRENDER: BlackjackRules = { ...DEFAULT_RULES, h17: false, decks: 6, surrender: true }
const SIX_FIVE: BlackjackRules = { ...DEFAULT_RULES, blackjack_pays_6_5: true }

export const BLACKJACK_FAIRNESS: ReadonlyArray<FairnessBet> = [
  mainBet(DEFAULT_RULES, "default: h17,decks=8,das,resplit_aces,hit_split_aces,3:2,no surrender,no peek", 0.49, "0.57 + 0.22 − 0.14 − 0.08 − 0.19 + 0.11 = 0.49 %", true),
  mainBet(S17_6D_SURRENDER, "h17=false,decks=6,surrender=true", 0.19, "0.57 − 0.02 − 0.14 − 0.08 − 0.19 + 0.11 − 0.08 = 0.17 %, +0.02 for the no-peek surrender losing to a dealer blackjack = 0.19 %", false),
  mainBet(SIX_FIVE, "default rules with blackjack_pays_6_5", 1.88, "0.49 + 1.39 = 1.88 %", false),
  ...([1, 2, 4, 6, 8] as const).map((decks) => sideBet({ ...DEFAULT_RULES, decks, blackjack_pays_6_5: decks <= 2 }))
]
