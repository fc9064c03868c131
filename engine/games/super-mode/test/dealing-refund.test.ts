/**
 * N21 inside a dealing move: a side bet lowered by the move that also deals (three card and
 * hold'em AtomicDeal, casino war TieBetAndPlay) hands back an unplayed stake. Through the real
 * instruction path, its fee comes back with it and the multiplier never lifts it; only the
 * returns of played wagers are lifted.
 */
import { describe, expect, it } from "vitest"
import { house } from "../../../casino/house.ts"
import { players } from "../../../casino/player.ts"
import type { Chain } from "../../../chain/chain.ts"
import type { Event } from "../../../events.ts"
import type { TxOutput } from "../../../execute/output.ts"
import { TestDriver, actor } from "../../../test/helpers.ts"
import { GAME_TYPES, type GameType, type Instruction } from "../../../tx/instruction.ts"
import { casinoWar, type CasinoWarMove } from "../../casino-war/casino-war.ts"
import { ScriptedOutcomes, scriptedOutcomeSources } from "../../outcomes.ts"
import { getSession } from "../../session.ts"
import { threeCard, type ThreeCardMove } from "../../three-card/three-card.ts"
import { ultimateHoldem, type UthMove } from "../../ultimate-holdem/ultimate-holdem.ts"

const alice = actor("alice")
const scripted = (...outcomes: Array<string | number>) => ({ outcomes: scriptedOutcomeSources(new ScriptedOutcomes(outcomes)) })
const start = (game: GameType, bet: bigint): Instruction => ({ _tag: "StartGame", game_type: GAME_TYPES.indexOf(game), bet, session_id: 1n })
const gameMove = (payload: Uint8Array): Instruction => ({ _tag: "GameMove", session_id: 1n, payload })

const superDriver = (): TestDriver => {
  const d = new TestDriver()
  applied(d.run(alice, { _tag: "CasinoRegister", name: "alice" }))
  applied(d.run(alice, { _tag: "PlayerAction", action: 2 }))
  return d
}
const applied = (o: TxOutput): TxOutput => {
  expect(o.error).toBeNull()
  expect(o.status).toBe("applied")
  return o
}
const eventOf = <T extends Event["_tag"]>(o: TxOutput, tag: T): Extract<Event, { _tag: T }> => {
  const e = o.events.find((x): x is Extract<Event, { _tag: T }> => x._tag === tag)
  if (e === undefined) throw new Error(`no ${tag} event`)
  return e
}
const chips = (chain: Chain): bigint => {
  const p = players.get(chain.store, alice.public_key)
  if (p === undefined) throw new Error("alice is not registered")
  return p.chips
}
const conserved = (chain: Chain): void => {
  let total = 0n
  for (const p of players.values(chain.store)) total += p.chips
  const h = house.get(chain.store)
  expect(total + h.game_balance).toBe(h.chips_minted)
}

describe("lowering a side bet inside a dealing move (N21)", () => {
  it("three card AtomicDeal: pair plus 50 → 10 credits 40 + its fee 8, nothing lifted", () => {
    const d = superDriver()
    applied(d.run(alice, start("three_card", 100n)))
    const pp = (amount: bigint): ThreeCardMove => ({ _tag: "SetSideBet", bet: "PAIR_PLUS", amount })
    expect(eventOf(applied(d.run(alice, gameMove(threeCard.encodeMove(pp(50n))))), "GameMoved")).toMatchObject({ charged: 60n, credited: 0n })
    const dealt = applied(d.run(alice, gameMove(threeCard.encodeMove({ _tag: "AtomicDeal", pair_plus: 10n, six_card: 0n, progressive: 0n })), scripted("2S", "7H", "9D")))
    expect(eventOf(dealt, "GameMoved")).toMatchObject({ charged: 0n, credited: 48n })
    expect(getSession(d.chain, 1n)?.super_mode).toMatchObject({ fees_paid: 30n, fees_refunded: 8n, stakes: 110n, lifted: 0n })
    expect(chips(d.chain)).toBe(1_000n - 120n - 60n + 48n)
    conserved(d.chain)
  })

  it("hold'em AtomicDeal: trips 50 → 10 credits 40 + its fee 8, nothing lifted", () => {
    const d = superDriver()
    // ante 100 + blind 100 + fee 40
    expect(eventOf(applied(d.run(alice, start("ultimate_holdem", 100n))), "GameMoved")).toMatchObject({ charged: 240n })
    const trips = (amount: bigint): UthMove => ({ _tag: "SetSideBet", bet: "TRIPS", amount })
    applied(d.run(alice, gameMove(ultimateHoldem.encodeMove(trips(50n)))))
    const dealt = applied(d.run(alice, gameMove(ultimateHoldem.encodeMove({ _tag: "AtomicDeal", trips: 10n, six_card: 0n, progressive: 0n })), scripted("2S", "7H")))
    expect(eventOf(dealt, "GameMoved")).toMatchObject({ charged: 0n, credited: 48n })
    expect(getSession(d.chain, 1n)?.super_mode).toMatchObject({ fees_paid: 50n, fees_refunded: 8n, stakes: 210n, lifted: 0n })
    conserved(d.chain)
  })

  it("casino war TieBetAndPlay: tie bet 50 → 10 refunds 40 + fee 8; only the ante's win (200) is lifted by 6x", () => {
    const d = superDriver()
    applied(d.run(alice, start("casino_war", 100n)))
    const tie = (amount: bigint): CasinoWarMove => ({ _tag: "SetTieBet", amount })
    applied(d.run(alice, gameMove(casinoWar.encodeMove(tie(50n)))))
    expect(chips(d.chain)).toBe(820n)
    // player K♠ beats dealer 2♥ (the 10-chip tie bet loses); super index 99 of 100 is 6x
    const played = applied(d.run(alice, gameMove(casinoWar.encodeMove({ _tag: "TieBetAndPlay", amount: 10n })), scripted("KS", "2H", 99)))
    expect(eventOf(played, "SuperSettled")).toMatchObject({ multiplier_tenths: 60, lifted: 200n, bonus: 1_000n, fees: 22n })
    // refund 40 + fee 8, ante return 200, bonus 200 × 5
    expect(eventOf(played, "GameMoved")).toMatchObject({ charged: 0n, credited: 40n + 8n + 200n + 1_000n })
    expect(chips(d.chain)).toBe(820n + 1_248n)
    conserved(d.chain)
  })

  it("raising a side bet inside the dealing move is charged with its fee and refunds nothing", () => {
    const d = superDriver()
    applied(d.run(alice, start("three_card", 100n)))
    const dealt = applied(d.run(alice, gameMove(threeCard.encodeMove({ _tag: "AtomicDeal", pair_plus: 25n, six_card: 0n, progressive: 0n })), scripted("2S", "7H", "9D")))
    expect(eventOf(dealt, "GameMoved")).toMatchObject({ charged: 30n, credited: 0n })
    expect(getSession(d.chain, 1n)?.super_mode).toMatchObject({ fees_paid: 25n, fees_refunded: 0n, lifted: 0n })
  })
})
