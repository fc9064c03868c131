/**
 * Event codec properties: every Event member has a tag; the tags are chain-and-services.md §2.5's
 * where the event exists there, Null/Space's own from 100; every tag round-trips and refuses
 * every truncation and trailing bytes (a seeded property per tag, values drawn from the codecs'
 * domain Schemas: every field of every event, GameCompleted's session record and game state included).
 */
import { describe, expect, it } from "vitest"
import { EVENT_CODEC, EVENT_TABLE, decodeEvent, encodeEvent } from "../codec/events.ts"
import { Event } from "../events.ts"
import { PublicKey } from "../schema/primitives.ts"
import { assertLawsForTag, printSeed, schemaTags } from "./codec-laws.ts"

printSeed("codec-events")

/** chain-and-services.md §2.5, written out by hand (events Null/Space has) */
const SPEC_TAGS: Readonly<Record<string, number>> = {
  PlayerRegistered: 20,
  GameStarted: 21,
  GameMoved: 22,
  GameCompleted: 23,
  LeaderboardUpdated: 24,
  TournamentStarted: 25,
  PlayerJoined: 26,
  TournamentEnded: 28,
  CasinoError: 29,
  VaultCreated: 30,
  CollateralDeposited: 31,
  VusdtBorrowed: 32,
  VusdtRepaid: 33,
  AmmSwapped: 34,
  LiquidityAdded: 35,
  LiquidityRemoved: 36,
  Staked: 37,
  Unstaked: 38,
  EpochProcessed: 39,
  RewardsClaimed: 40,
  Deposited: 41,
  ModifierToggled: 42,
  PolicyUpdated: 43,
  VaultLiquidated: 44,
  RecoveryPoolFunded: 45,
  RecoveryPoolRetired: 46,
  TreasuryUpdated: 47,
  SavingsDeposited: 48,
  SavingsWithdrawn: 49,
  SavingsRewardsClaimed: 50,
  AmmBootstrapped: 51,
  AmmBootstrapFinalized: 52,
  TreasuryVestingUpdated: 53,
  TreasuryAllocationReleased: 54,
  BridgeWithdrawalRequested: 55,
  BridgeWithdrawalFinalized: 56,
  BridgeDepositCredited: 57,
  OracleUpdated: 58
}

describe("event codec: one table, every tag", () => {
  it("every Event member has one tag: the spec's where it has one, 100+ otherwise", () => {
    const tags = schemaTags(Event)
    expect([...EVENT_CODEC.tagDomains.keys()].sort()).toEqual([...tags].sort())
    expect(new Set(EVENT_TABLE.map((v) => v.code)).size).toBe(tags.length)
    for (const v of EVENT_TABLE) {
      const spec = SPEC_TAGS[v.tag]
      if (spec !== undefined) expect(v.code, v.tag).toBe(spec)
      else expect(v.code, v.tag).toBeGreaterThanOrEqual(100)
    }
    expect(EVENT_TABLE.filter((v) => SPEC_TAGS[v.tag] !== undefined).length).toBe(Object.keys(SPEC_TAGS).length)
  })

  for (const tag of EVENT_CODEC.tagDomains.keys())
    it(`${tag}: round trip, every truncation refused, trailing bytes refused`, () => assertLawsForTag(EVENT_CODEC, tag, 12))

  it("a casino error is player, Option<session id>, error code u8, then two strings", () => {
    const player = PublicKey.make("01".repeat(32))
    const bytes = encodeEvent({ _tag: "CasinoError", player, session_id: 7n, error_code: 9, error: "E", message: "m" })
    expect([...bytes]).toEqual([29, ...Array(32).fill(1), 1, 0, 0, 0, 0, 0, 0, 0, 7, 9, 0, 0, 0, 1, 0x45, 0, 0, 0, 1, 0x6d])
    expect(decodeEvent(encodeEvent({ _tag: "CasinoError", player, session_id: null, error_code: 1, error: "", message: "" }))).toEqual({
      _tag: "CasinoError",
      player,
      session_id: null,
      error_code: 1,
      error: "",
      message: ""
    })
  })
})
