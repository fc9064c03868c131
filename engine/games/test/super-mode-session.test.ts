/**
 * Super mode and the modifiers through the real instruction path (PlayerAction, StartGame,
 * GameMove in blocks): fees charged with the stakes, fees refunded with unplayed stakes (N21),
 * the completion multiplier lifting played returns, armed flags cleared at completion, shield and
 * double refused in cash play (N15), move numbers (N1), net payouts (N18), and chip conservation
 * over random super and non-super sequences.
 */
import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { assertCovering } from "../../../test/coverage.ts"
import { house } from "../../casino/house.ts"
import { newPlayer, players, type Player } from "../../casino/player.ts"
import type { Event } from "../../events.ts"
import type { TxOutput } from "../../execute/output.ts"
import { ScriptedOutcomes, scriptedOutcomeSources } from "../outcomes.ts"
import { roulette, type RouletteMove } from "../roulette/roulette.ts"
import { GAME_TYPES, type Instruction } from "../../tx/instruction.ts"
import { TestDriver, actor } from "../../test/helpers.ts"
import type { Chain } from "../../chain/chain.ts"

const alice = actor("alice")
const ROULETTE = GAME_TYPES.indexOf("roulette")
const VIDEO_POKER = GAME_TYPES.indexOf("video_poker")
const move = (session_id: bigint, m: RouletteMove): Instruction => ({ _tag: "GameMove", session_id, payload: roulette.encodeMove(m) })
const red = (amount: bigint): RouletteMove => ({ _tag: "PlaceBet", bet: { type: "RED", number: 0, amount } })
const start = (session_id: bigint, game_type = ROULETTE, bet = 0n): Instruction => ({ _tag: "StartGame", game_type, bet, session_id })
const toggleSuper: Instruction = { _tag: "PlayerAction", action: 2 }

/** roulette super table: indices 0..172 → 1x, 185..192 → 2x, 199 → 10x */
const ONE_X = 0
const TWO_X = 190
const TEN_X = 199

const registered = (): TestDriver => {
  const d = new TestDriver()
  expect(d.run(alice, { _tag: "CasinoRegister", name: "alice" }).status).toBe("applied")
  return d
}
const player = (d: TestDriver): Player => {
  const p = players.get(d.chain.store, alice.public_key)
  if (p === undefined) throw new Error("alice is not registered")
  return p
}
const scripted = (...outcomes: Array<string | number>) => ({ outcomes: scriptedOutcomeSources(new ScriptedOutcomes(outcomes)) })
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
const conserved = (chain: Chain): void => {
  let chips = 0n
  for (const p of players.values(chain.store)) chips += p.chips
  const h = house.get(chain.store)
  expect(chips + h.game_balance).toBe(h.chips_minted)
}
const expectRejected = (d: TestDriver, ix: Instruction, tag: string, options = {}): TxOutput => {
  const before = d.chain.store.dumpJson(["account"])
  const out = d.run(alice, ix, options)
  expect(out.status).toBe("failed")
  expect(out.error?.tag).toBe(tag)
  expect(d.chain.store.dumpJson(["account"])).toBe(before)
  return out
}

describe("PlayerAction", () => {
  it("toggles super on and off and says so", () => {
    const d = registered()
    const on = applied(d.run(alice, toggleSuper))
    expect(eventOf(on, "ModifierToggled")).toMatchObject({ modifier: "super", armed: true })
    expect(player(d).active_super).toBe(true)
    const off = applied(d.run(alice, toggleSuper))
    expect(eventOf(off, "ModifierToggled").armed).toBe(false)
    expect(player(d).active_super).toBe(false)
  })

  it("shield and double are tournament modifiers: refused in cash play (N15)", () => {
    const d = registered()
    expectRejected(d, { _tag: "PlayerAction", action: 0 }, "NotInTournament")
    expectRejected(d, { _tag: "PlayerAction", action: 1 }, "NotInTournament")
    expect(player(d)).toMatchObject({ active_shield: false, active_double: false, shields: 3, doubles: 3 })
  })

  it("a player in a tournament may arm shield and double; any completion clears every armed flag", () => {
    const d = new TestDriver()
    d.chain.genesis((store) => {
      players.put(store, alice.public_key, { ...newPlayer("alice", 1_000n, 0n), active_tournament: 7n })
      house.update(store, (h) => ({ ...h, chips_minted: h.chips_minted + 1_000n }))
    })
    expect(eventOf(applied(d.run(alice, { _tag: "PlayerAction", action: 0 })), "ModifierToggled")).toMatchObject({ modifier: "shield", armed: true })
    expect(eventOf(applied(d.run(alice, { _tag: "PlayerAction", action: 1 })), "ModifierToggled")).toMatchObject({ modifier: "double", armed: true })
    applied(d.run(alice, toggleSuper))
    expect(player(d)).toMatchObject({ active_shield: true, active_double: true, active_super: true })
    applied(d.run(alice, start(1n)))
    applied(d.run(alice, move(1n, red(100n))))
    applied(d.run(alice, move(1n, { _tag: "Spin" }), scripted(2, ONE_X)))
    expect(player(d)).toMatchObject({ active_shield: false, active_double: false, active_super: false, shields: 3, doubles: 3 })
    conserved(d.chain)
  })

  it("an unregistered key cannot arm anything", () => {
    expectRejected(new TestDriver(), toggleSuper, "PlayerNotFound")
  })
})

describe("a super roulette session", () => {
  it("charges the fee with the stake, lifts the return at completion and clears the arm", () => {
    const d = registered()
    applied(d.run(alice, toggleSuper))
    applied(d.run(alice, start(1n)))
    expect(d.session(1n)?.super_mode).not.toBeNull()
    const placed = applied(d.run(alice, move(1n, red(100n))))
    expect(eventOf(placed, "GameMoved")).toMatchObject({ charged: 120n, credited: 0n })
    expect(player(d).chips).toBe(880n)
    // pocket 1 is red: return 200, multiplier 2x → +200
    const spun = applied(d.run(alice, move(1n, { _tag: "Spin" }), scripted(1, TWO_X)))
    expect(eventOf(spun, "GameMoved")).toMatchObject({ charged: 0n, credited: 400n })
    expect(eventOf(spun, "SuperSettled")).toMatchObject({ multiplier_tenths: 20, lifted: 200n, bonus: 200n, fees: 20n })
    expect(eventOf(spun, "GameCompleted")).toMatchObject({ payout: 280n, total_charged: 120n, total_credited: 400n, final_chips: 1280n })
    expect(player(d)).toMatchObject({ chips: 1280n, active_super: false })
    expect(d.session(1n)?.super_mode).toMatchObject({ fees_paid: 20n, lifted: 200n, multiplier_tenths: 20, bonus: 200n })
    conserved(d.chain)
  })

  it("a losing spin lifts nothing: the fee is the house's", () => {
    const d = registered()
    applied(d.run(alice, toggleSuper))
    applied(d.run(alice, start(1n)))
    applied(d.run(alice, move(1n, red(100n))))
    const spun = applied(d.run(alice, move(1n, { _tag: "Spin" }), scripted(2, TEN_X)))
    expect(eventOf(spun, "SuperSettled")).toMatchObject({ multiplier_tenths: 100, lifted: 0n, bonus: 0n })
    expect(player(d).chips).toBe(880n)
    expect(house.get(d.chain.store).game_balance).toBe(120n)
    conserved(d.chain)
  })

  it("1x leaves the return as the game paid it", () => {
    const d = registered()
    applied(d.run(alice, toggleSuper))
    applied(d.run(alice, start(1n)))
    applied(d.run(alice, move(1n, red(100n))))
    applied(d.run(alice, move(1n, { _tag: "Spin" }), scripted(1, ONE_X)))
    expect(player(d).chips).toBe(1080n)
  })

  it("clearing bets refunds the stake and its fee (N21) and is never lifted", () => {
    const d = registered()
    applied(d.run(alice, toggleSuper))
    applied(d.run(alice, start(1n)))
    applied(d.run(alice, move(1n, red(100n))))
    applied(d.run(alice, move(1n, red(50n))))
    expect(player(d).chips).toBe(820n)
    const cleared = applied(d.run(alice, move(1n, { _tag: "ClearBets" })))
    expect(eventOf(cleared, "GameMoved")).toMatchObject({ charged: 0n, credited: 180n })
    expect(player(d).chips).toBe(1000n)
    expect(d.session(1n)?.super_mode).toMatchObject({ fees_paid: 30n, fees_refunded: 30n, stakes: 0n, lifted: 0n })
    applied(d.run(alice, move(1n, red(10n))))
    applied(d.run(alice, move(1n, { _tag: "Spin" }), scripted(1, TEN_X)))
    // 1000 − 12 + 20 × 10
    expect(player(d).chips).toBe(1188n)
    conserved(d.chain)
  })

  it("a stake that is not a multiple of 5 is refused, changing nothing", () => {
    const d = registered()
    applied(d.run(alice, toggleSuper))
    applied(d.run(alice, start(1n)))
    expectRejected(d, move(1n, red(7n)), "InvalidBet")
  })

  it("the player must cover stake + fee (InsufficientFunds), which a plain session would not need", () => {
    const d = registered()
    applied(d.run(alice, toggleSuper))
    applied(d.run(alice, start(1n)))
    const out = expectRejected(d, move(1n, red(900n)), "InsufficientFunds")
    expect(out.error?.message).toContain("1080")
    applied(d.run(alice, start(2n)))
    applied(d.run(alice, move(2n, red(800n))))
    expect(player(d).chips).toBe(40n)
  })

  it("toggling after the start changes neither this session nor its fee", () => {
    const d = registered()
    applied(d.run(alice, start(1n)))
    applied(d.run(alice, toggleSuper))
    const placed = applied(d.run(alice, move(1n, red(100n))))
    expect(eventOf(placed, "GameMoved").charged).toBe(100n)
    const spun = applied(d.run(alice, move(1n, { _tag: "Spin" }), scripted(1)))
    expect(spun.events.some((e) => e._tag === "SuperSettled")).toBe(false)
    // the arm is cleared by any completion (games-b §7.1)
    expect(player(d)).toMatchObject({ chips: 1100n, active_super: false })
  })
})

describe("a super session with a start bet", () => {
  it("charges bet + fee at start; a start bet not a multiple of 5 or not covered is refused", () => {
    const d = registered()
    applied(d.run(alice, toggleSuper))
    expectRejected(d, start(1n, VIDEO_POKER, 101n), "InvalidBet")
    expectRejected(d, start(1n, VIDEO_POKER, 900n), "InsufficientFunds")
    const started = applied(d.run(alice, start(1n, VIDEO_POKER, 100n)))
    expect(eventOf(started, "GameMoved").charged).toBe(120n)
    expect(player(d).chips).toBe(880n)
    expect(d.session(1n)?.super_mode).toMatchObject({ fees_paid: 20n, stakes: 100n })
    conserved(d.chain)
  })
})

describe("executor notes", () => {
  it("N1: the move counter rises by exactly one per accepted move; a rejected move does not count", () => {
    const d = registered()
    applied(d.run(alice, start(1n)))
    const numbers: number[] = []
    numbers.push(eventOf(applied(d.run(alice, move(1n, red(10n)))), "GameMoved").move_number)
    d.run(alice, move(1n, { _tag: "ClearBets" }))
    d.run(alice, move(1n, { _tag: "ClearBets" }))
    numbers.push(eventOf(applied(d.run(alice, move(1n, red(10n)))), "GameMoved").move_number)
    numbers.push(eventOf(applied(d.run(alice, move(1n, { _tag: "Spin" }), scripted(3))), "GameMoved").move_number)
    expect(numbers).toEqual([1, 3, 4])
    expect(d.session(1n)?.move_count).toBe(4)
  })

  it("N18: a return below the stake reports a negative net payout (La Partage half-back)", () => {
    const d = registered()
    applied(d.run(alice, start(1n)))
    applied(d.run(alice, move(1n, { _tag: "SetRule", rule: "la_partage" })))
    applied(d.run(alice, move(1n, red(100n))))
    const spun = applied(d.run(alice, move(1n, { _tag: "Spin" }), scripted(0)))
    expect(eventOf(spun, "GameCompleted")).toMatchObject({ payout: -50n, total_credited: 50n })
  })
})

// ------------------------------------------------------------------ conservation

const ACTORS = ["ann", "ben", "cat"].map(actor)
const session = fc.bigInt({ min: 1n, max: 3n })
const amount5 = fc.integer({ min: 1, max: 120 }).map((k) => BigInt(k) * 5n)
const single: fc.Arbitrary<Instruction> = fc.oneof(
  fc.constant(toggleSuper),
  fc.integer({ min: 0, max: 1 }).map((action): Instruction => ({ _tag: "PlayerAction", action })),
  session.map((s) => start(s)),
  fc.tuple(session, fc.constantFrom(5n, 100n, 101n)).map(([s, bet]) => start(s, VIDEO_POKER, bet)),
  fc.tuple(session, fc.constantFrom("RED", "STRAIGHT", "DOZEN" as const), fc.oneof(amount5, fc.bigInt({ min: 1n, max: 600n }))).map(([s, type, amount]) =>
    move(s, { _tag: "PlaceBet", bet: { type, number: type === "STRAIGHT" ? 17 : 0, amount } })
  ),
  session.map((s) => move(s, { _tag: "Spin" })),
  session.map((s) => move(s, { _tag: "ClearBets" })),
  fc.tuple(session, amount5).map(([s, a]) => move(s, { _tag: "Batch", bets: [{ type: "RED", number: 0, amount: a }] })),
  fc.tuple(session, fc.constantFrom("la_partage", "en_prison" as const)).map(([s, rule]) => move(s, { _tag: "SetRule", rule }))
)
/** whole rounds, so that super sessions do complete: [arm?] start, bets (maybe cleared), spin */
const round: fc.Arbitrary<ReadonlyArray<Instruction>> = fc
  .tuple(fc.boolean(), session, fc.array(amount5, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([arm, s, amounts, clear]) => [
    ...(arm ? [toggleSuper] : []),
    start(s),
    ...amounts.map((a) => move(s, red(a))),
    ...(clear ? [move(s, { _tag: "ClearBets" }), move(s, red(amounts[0]!))] : []),
    move(s, { _tag: "Spin" })
  ])
const fragment: fc.Arbitrary<ReadonlyArray<Instruction>> = fc.oneof(
  single.map((ix): ReadonlyArray<Instruction> => [ix]),
  round
)

describe("conservation with super mode", () => {
  it("Σ chips + house.game_balance = house.chips_minted after random super and plain sessions", () => {
    let superCompletions = 0
    assertCovering(
      fc.array(fc.record({ who: fc.nat({ max: ACTORS.length - 1 }), ixs: fragment }), { minLength: 1, maxLength: 10 }),
      (fragments) => {
        const d = new TestDriver()
        for (const who of ACTORS) d.run(who, { _tag: "CasinoRegister", name: "p" })
        for (const s of fragments.flatMap((f) => f.ixs.map((ix) => ({ who: ACTORS[f.who]!, ix })))) {
          const who = s.who
          const before = d.chain.store.dumpJson(["account"])
          const out = d.run(who, s.ix)
          if (out.status === "failed") expect(d.chain.store.dumpJson(["account"])).toBe(before)
          conserved(d.chain)
          for (const e of out.events) {
            if (e._tag === "SuperSettled") superCompletions++
            if (e._tag === "GameCompleted") {
              const p = players.get(d.chain.store, who.public_key)
              expect(p?.active_super).toBe(false)
              expect(e.payout).toBe(e.total_credited - e.total_charged)
            }
          }
        }
      },
      // the sequences did complete super sessions, so the law was checked across lifts and fees
      () => expect(superCompletions).toBeGreaterThan(0),
      { numRuns: 40, seed: 20_261_125 }
    )
  })
})
