/**
 * Casino War (games-a.md §4): six decks, ace high, War or Surrender on a tie, the Tie side bet,
 * with the reference's defects fixed (docs/games/decisions-a.md):
 *  - the war raise (equal to the ante) is charged when the player goes to war, before any card is
 *    drawn, so a player short of chips is refused whatever the cards and can still surrender (G9);
 *  - the one-move "tie bet and deal" (action 4) works: it sets the tie bet and deals (G7);
 *  - stakes are at most 2^63 − 1; trailing payload bytes are refused.
 * Outcomes: player card, dealer card from a fresh six-deck shoe; at war the remaining shoe (kept in
 * the state) yields three burned cards, then the player's card, then the dealer's card.
 */
import { Schema } from "effect"
import { U64 } from "../../schema/primitives.ts"
import { aceHighRank, cardLabel, newShoe, type Card } from "../cards.ts"
import { invalidMove, step, type GameRules, type GameStep } from "../game.ts"
import type { OutcomeSource } from "../outcomes.ts"
import { CasinoWarMove, decodeCasinoWarMove, encodeCasinoWarMove } from "./moves.ts"

export { CasinoWarMove, decodeCasinoWarMove, encodeCasinoWarMove } from "./moves.ts"

export const DECKS = 6
export const BURN_CARDS = 3
export const STAKE_MAX = (1n << 63n) - 1n
/** the fresh shoe, copied for every deal */
const FRESH_SHOE: ReadonlyArray<Card> = newShoe(DECKS)

export const CasinoWarState = Schema.Struct({
  phase: Schema.Literal("betting", "war", "done"),
  ante: U64,
  tie_bet: U64,
  /** the Tie bet pays 11:1 instead of 10:1 */
  tie_pays_11: Schema.Boolean,
  /** a tie at war also pays a bonus equal to the ante */
  tie_after_tie_bonus: Schema.Boolean,
  player_card: Schema.NullOr(Schema.Int),
  dealer_card: Schema.NullOr(Schema.Int),
  war_player_card: Schema.NullOr(Schema.Int),
  war_dealer_card: Schema.NullOr(Schema.Int),
  /** the undealt shoe while a war is pending (empty otherwise) */
  shoe: Schema.Array(Schema.Int)
})
export type CasinoWarState = typeof CasinoWarState.Type

export const initialCasinoWarState = (ante: bigint): CasinoWarState => ({
  phase: "betting",
  ante,
  tie_bet: 0n,
  tie_pays_11: false,
  tie_after_tie_bonus: true,
  player_card: null,
  dealer_card: null,
  war_player_card: null,
  war_dealer_card: null,
  shoe: []
})

// ------------------------------------------------------------------ rules

/** the Tie bet's return when the first two cards tie */
export const tieReturn = (s: CasinoWarState): bigint => s.tie_bet * (s.tie_pays_11 ? 12n : 11n)

const label = (c: Card | null): string => (c === null ? "-" : cardLabel(c))

const dealLog = (s: CasinoWarState, p: Card, d: Card, outcome: string, ret: bigint, tieRet: bigint): string => {
  const resolved: Array<{ label: string; pnl: string }> = []
  if (outcome !== "TIE") resolved.push({ label: "MAIN", pnl: (ret - s.ante).toString() })
  if (s.tie_bet > 0n) resolved.push({ label: "TIE", pnl: (tieRet - s.tie_bet).toString() })
  return JSON.stringify({
    summary: `Deal: P ${label(p)} D ${label(d)}${outcome === "TIE" ? " (TIE)" : ""}`,
    netPnl: (outcome === "TIE" ? tieRet - s.tie_bet : ret - s.ante - s.tie_bet).toString(),
    resolvedBets: resolved,
    stage: "DEAL",
    playerCard: p,
    dealerCard: d,
    outcome,
    tieBet: s.tie_bet.toString(),
    ...(outcome === "TIE" ? { tieBetPayout: tieRet.toString() } : { payout: ret.toString() })
  })
}

/** Deal player then dealer from a fresh shoe and compare. */
const play = (s: CasinoWarState, io: OutcomeSource): GameStep<CasinoWarState> => {
  const shoe = FRESH_SHOE.slice()
  const p = io.card(shoe)
  const d = io.card(shoe)
  const dealt = { ...s, player_card: p, dealer_card: d }
  const pr = aceHighRank(p)
  const dr = aceHighRank(d)
  if (pr === dr) {
    const tieRet = tieReturn(s)
    return step({ ...dealt, phase: "war", shoe }, { credit: tieRet, logs: [dealLog(s, p, d, "TIE", 0n, tieRet)] })
  }
  const ret = pr > dr ? 2n * s.ante : 0n
  return step(
    { ...dealt, phase: "done" },
    { credit: ret, complete: true, logs: [dealLog(s, p, d, pr > dr ? "PLAYER_WIN" : "DEALER_WIN", ret, 0n)] }
  )
}

/** The war: the raise (= ante) is charged now; burn three, then player, dealer. */
const war = (s: CasinoWarState, io: OutcomeSource): GameStep<CasinoWarState> => {
  const shoe = [...s.shoe]
  for (let i = 0; i < BURN_CARDS; i++) io.card(shoe)
  const p = io.card(shoe)
  const d = io.card(shoe)
  const pr = aceHighRank(p)
  const dr = aceHighRank(d)
  const tieAgain = pr === dr
  const won = pr >= dr
  const bonus = tieAgain && s.tie_after_tie_bonus ? s.ante : 0n
  // ante pushes (ante back), raise wins 1:1 (2 × raise back), plus the tie-after-tie bonus
  const ret = won ? 3n * s.ante + bonus : 0n
  const tieRet = tieReturn(s)
  const log = JSON.stringify({
    summary: `War: P ${label(p)} D ${label(d)}`,
    netPnl: (ret + tieRet - 2n * s.ante - s.tie_bet).toString(),
    resolvedBets: [
      { label: "MAIN", pnl: (won ? bonus : -s.ante).toString() },
      { label: "WAR", pnl: (won ? s.ante : -s.ante).toString() },
      ...(s.tie_bet > 0n ? [{ label: "TIE", pnl: (tieRet - s.tie_bet).toString() }] : [])
    ],
    stage: "WAR",
    originalPlayerCard: s.player_card,
    originalDealerCard: s.dealer_card,
    warPlayerCard: p,
    warDealerCard: d,
    outcome: won ? (tieAgain ? "TIE_AFTER_TIE" : "PLAYER_WIN") : "DEALER_WIN",
    payout: ret.toString()
  })
  return step(
    { ...s, phase: "done", war_player_card: p, war_dealer_card: d, shoe: [] },
    { charge: s.ante, credit: ret, complete: true, logs: [log] }
  )
}

const surrender = (s: CasinoWarState): GameStep<CasinoWarState> => {
  const refund = s.ante / 2n
  const tieRet = tieReturn(s)
  const log = JSON.stringify({
    summary: `Surrender: P ${label(s.player_card)} D ${label(s.dealer_card)}`,
    netPnl: (refund - s.ante - s.tie_bet + tieRet).toString(),
    resolvedBets: [
      { label: "MAIN", pnl: (refund - s.ante).toString() },
      ...(s.tie_bet > 0n ? [{ label: "TIE", pnl: (tieRet - s.tie_bet).toString() }] : [])
    ],
    stage: "SURRENDER",
    playerCard: s.player_card,
    dealerCard: s.dealer_card,
    outcome: "SURRENDER",
    payout: refund.toString()
  })
  return step({ ...s, phase: "done", shoe: [] }, { credit: refund, complete: true, logs: [log] })
}

/** Replace the tie bet: charge the increase or refund the decrease (declared as a refund: N21). */
const setTie = (s: CasinoWarState, amount: bigint): GameStep<CasinoWarState> =>
  amount >= s.tie_bet
    ? step({ ...s, tie_bet: amount }, { charge: amount - s.tie_bet })
    : { ...step({ ...s, tie_bet: amount }, { credit: s.tie_bet - amount }), refund: s.tie_bet - amount }

export const casinoWar: GameRules<CasinoWarState, typeof CasinoWarState.Encoded, CasinoWarMove, typeof CasinoWarMove.Encoded> = {
  name: "casino_war",
  stateSchema: CasinoWarState,
  moveSchema: CasinoWarMove,
  betByMove: false,
  init: (bet) => {
    if (bet <= 0n || bet > STAKE_MAX) return invalidMove("the ante must be in [1, 2^63 - 1]")
    return step(initialCasinoWarState(bet))
  },
  decodeMove: decodeCasinoWarMove,
  encodeMove: encodeCasinoWarMove,
  move: (s, m, io) => {
    if (s.phase === "done") return invalidMove("the game is over")
    switch (m._tag) {
      case "SetRules":
        if (s.phase !== "betting") return invalidMove("rules can only change before the deal")
        return step({ ...s, tie_pays_11: m.tie_pays_11, tie_after_tie_bonus: m.tie_after_tie_bonus })
      case "SetTieBet":
        if (s.phase !== "betting") return invalidMove("the tie bet can only change before the deal")
        return setTie(s, m.amount)
      case "Play":
        if (s.phase !== "betting") return invalidMove("the cards are already dealt")
        return play(s, io)
      case "TieBetAndPlay": {
        if (s.phase !== "betting") return invalidMove("the cards are already dealt")
        const set = setTie(s, m.amount)
        const dealt = play(set.state, io)
        return { ...dealt, charge: set.charge + dealt.charge, credit: set.credit + dealt.credit, refund: set.credit }
      }
      case "War":
        if (s.phase !== "war") return invalidMove("war is only possible after a tie")
        return war(s, io)
      case "Surrender":
        if (s.phase !== "war") return invalidMove("surrender is only possible after a tie")
        return surrender(s)
    }
  }
}
