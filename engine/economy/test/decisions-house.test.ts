/**
 * House decisions (docs/economy.md): B10 (net_pnl moves with every game refund), B11 (faucet
 * amount bounded; the cap itself is also proven by the vector faucet-sessions-unlock) and
 * "every applied admin instruction emits AdminAudit".
 */
import { describe, expect, it } from "vitest"
import { toHex } from "../../codec/bytes.ts"
import { sha256 } from "../../crypto/sha256.ts"
import type { TxOutput } from "../../execute/output.ts"
import { encodeBlackjackMove } from "../../games/blackjack/blackjack.ts"
import { ScriptedOutcomes, scriptedOutcomeSources } from "../../games/outcomes.ts"
import { roulette } from "../../games/roulette/roulette.ts"
import { encodeInstruction } from "../../tx/instruction-codec.ts"
import type { Instruction } from "../../tx/instruction.ts"
import { DEFAULT_POLICY } from "../policy.ts"
import { EconomyDriver, eventsOf } from "./decisions-driver.ts"

const scripted = (...outcomes: Array<string | number>) => ({ outcomes: scriptedOutcomeSources(new ScriptedOutcomes(outcomes)) })

describe("B10: house.net_pnl moves with every chip a game takes or gives back", () => {
  /** run a game instruction and check Δnet_pnl = Δgame_balance = charged − credited */
  const step = (d: EconomyDriver, ix: Instruction, options = {}): TxOutput => {
    const h0 = d.house()
    const out = d.ok("alice", ix, 1n, options)
    const flow = eventsOf(out, "GameMoved").reduce((a, e) => a + e.charged - e.credited, 0n)
    const h1 = d.house()
    expect(h1.net_pnl - h0.net_pnl).toBe(flow)
    expect(h1.game_balance - h0.game_balance).toBe(flow)
    return out
  }

  it("a blackjack push (both naturals) returns the bet and returns net_pnl to 0", () => {
    const d = new EconomyDriver({ players: { alice: { chips: 1_000n } } })
    step(d, { _tag: "StartGame", game_type: 1, bet: 100n, session_id: 1n })
    expect(d.house().net_pnl).toBe(100n)
    step(d, { _tag: "GameMove", session_id: 1n, payload: encodeBlackjackMove({ _tag: "Deal" }) }, scripted("AS", "KS", "AH"))
    const out = step(d, { _tag: "GameMove", session_id: 1n, payload: encodeBlackjackMove({ _tag: "Reveal" }) }, scripted("KH"))
    expect(eventsOf(out, "GameCompleted")[0]?.payout).toBe(0n)
    expect(d.house().net_pnl).toBe(0n)
    expect(d.player("alice").chips).toBe(1_000n)
  })

  it("a refund of unplayed roulette bets (ClearBets) reduces net_pnl by the refund", () => {
    const d = new EconomyDriver({ players: { alice: { chips: 1_000n } } })
    step(d, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 1n })
    step(d, { _tag: "GameMove", session_id: 1n, payload: roulette.encodeMove({ _tag: "PlaceBet", bet: { type: "RED", number: 0, amount: 40n } }) })
    expect(d.house().net_pnl).toBe(40n)
    step(d, { _tag: "GameMove", session_id: 1n, payload: roulette.encodeMove({ _tag: "ClearBets" }) })
    expect(d.house().net_pnl).toBe(0n)
    expect(d.player("alice").chips).toBe(1_000n)
  })
})

describe("B11: a faucet claim is 1 … 1,000 chips", () => {
  it("refuses 0 and 1,001; accepts 1,000", () => {
    const d = new EconomyDriver({ players: { bob: { chips: 0n, created_ts: 1n } } })
    const before = d.snapshot()
    expect(d.run("bob", { _tag: "CasinoDeposit", amount: 0n }).status).toBe("failed")
    expect(d.run("bob", { _tag: "CasinoDeposit", amount: 1_001n }).status).toBe("failed")
    expect(d.run("bob", { _tag: "CasinoDeposit", amount: (1n << 64n) - 1n }).status).toBe("failed")
    expect(d.snapshot()).toBe(before)
    d.ok("bob", { _tag: "CasinoDeposit", amount: 1_000n })
    expect(d.player("bob").chips).toBe(1_000n)
  })
})

describe("every applied admin instruction emits AdminAudit, a refused one does not", () => {
  it("names the admin, the instruction and the SHA-256 of its canonical bytes", () => {
    const d = new EconomyDriver()
    const ix: Instruction = { _tag: "SetPolicy", policy: { ...DEFAULT_POLICY, stability_fee_apr_bps: 500 } }
    const out = d.ok("admin", ix)
    expect(eventsOf(out, "AdminAudit")).toEqual([
      { _tag: "AdminAudit", admin: d.key("admin"), instruction: "SetPolicy", instruction_digest: toHex(sha256(encodeInstruction(ix))) }
    ])
  })

  it("for the other admin instructions too", () => {
    const d = new EconomyDriver({ players: { ann: {} } })
    const applied: Instruction[] = [
      { _tag: "SeedAmm", rng_amount: 100_000n, usdt_amount: 100_000n, boot_num: 1n, boot_den: 1n },
      { _tag: "FinalizeAmmBootstrap" },
      { _tag: "UpdateOracle", price_vusdt_numerator: 1n, price_rng_denominator: 1n, updated_ts: 0n, source: new Uint8Array([1]) },
      { _tag: "FundRecoveryPool", amount: 10n },
      { _tag: "SetTreasury", allocation: { auction: 0n, liquidity: 0n, bonus: 1_000n, player: 0n, treasury: 0n, team: 0n } },
      { _tag: "ReleaseTreasuryAllocation", bucket: 2, amount: 10n },
      { _tag: "CasinoSetTournamentLimit", player: d.key("ann"), daily_limit: 5 },
      { _tag: "CasinoStartTournament", tournament_id: 3n, start_time_ms: 0n, end_time_ms: 0n },
      { _tag: "CasinoEndTournament", tournament_id: 3n },
      {
        _tag: "SetTreasuryVesting",
        schedules: {
          auction: { start_ts: 0n, duration_secs: 0n, released: 0n },
          liquidity: { start_ts: 0n, duration_secs: 0n, released: 0n },
          bonus: { start_ts: 0n, duration_secs: 0n, released: 10n },
          player: { start_ts: 0n, duration_secs: 0n, released: 0n },
          treasury: { start_ts: 0n, duration_secs: 0n, released: 0n },
          team: { start_ts: 0n, duration_secs: 0n, released: 0n }
        }
      }
    ]
    for (const ix of applied) {
      const audits = eventsOf(d.ok("admin", ix), "AdminAudit")
      expect(audits.map((a) => a.instruction)).toEqual([ix._tag])
    }
  })

  it("not for a refused admin instruction, nor for a non-admin's attempt", () => {
    const d = new EconomyDriver({ players: { ann: {} } })
    const refused = d.run("admin", { _tag: "SetPolicy", policy: { ...DEFAULT_POLICY, liquidation_reward_bps: 500 } })
    expect(refused.status).toBe("failed")
    expect(eventsOf(refused, "AdminAudit")).toEqual([])
    const intruder = d.run("ann", { _tag: "FundRecoveryPool", amount: 10n })
    expect(intruder.error?.tag).toBe("Unauthorized")
    expect(eventsOf(intruder, "AdminAudit")).toEqual([])
  })
})
