/**
 * RefundBridgeWithdrawal (economy.md §2.34): the held RNG goes back to the player exactly once,
 * with a BridgeWithdrawalRefunded event; unknown, finalized, refunded and unauthorised are refused
 * with their codes and change nothing; a refunded withdrawal is never finalized; refunds lower
 * what deposits may bring back. Then a seeded property: any interleaving of withdraw, finalize,
 * refund, deposit and time keeps the supply laws (checked after every transaction) and never
 * pays a withdrawal twice. The property runs with the suite's printed fast-check seed
 * (test/fast-check-seed.ts; FC_SEED=<n> explores others).
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { utf8 } from "../../codec/bytes.ts"
import { decodeInstruction, encodeInstruction } from "../../tx/instruction-codec.ts"
import { readBridge, readBridgeWithdrawal } from "../../read/read-model.ts"
import { bridgeRefunds } from "../bridge/bridge.ts"
import { policyState } from "../policy-state.ts"
import { BRIDGE_REFUND_REASONS } from "../bridge/refund-reason.ts"
import { EconomyDriver, eventsOf } from "./decisions-driver.ts"

const DELAY_S = 30n
const OPEN_BRIDGE = {
  bridge_paused: false,
  bridge_daily_limit: 1_000_000_000n,
  bridge_daily_limit_per_account: 1_000_000_000n,
  bridge_min_withdraw: 0n,
  bridge_max_withdraw: 0n,
  bridge_delay_secs: DELAY_S
}
const DEST = new Uint8Array(20).fill(0x22)
const CHECKED = { check_invariants: true }

const driver = () => new EconomyDriver({ policy: OPEN_BRIDGE, players: { alice: { chips: 10_000n }, bob: { chips: 10_000n } } })

describe("RefundBridgeWithdrawal", () => {
  it("returns the held amount once, emits BridgeWithdrawalRefunded, and the read model shows it refunded", () => {
    const d = driver()
    d.ok("alice", { _tag: "BridgeWithdraw", amount: 700n, destination: DEST }, 1n, CHECKED)
    expect(d.player("alice").chips).toBe(9_300n)
    expect(readBridgeWithdrawal(d.chain.store, 0n)?.status).toBe("pending")
    const h0 = d.house()
    const out = d.ok("admin", { _tag: "RefundBridgeWithdrawal", withdrawal_id: 0n, reason: "blocked_by_relayer" }, 1n, CHECKED)
    expect(d.player("alice").chips).toBe(10_000n)
    expect(d.house().chips_minted - h0.chips_minted).toBe(700n)
    expect(eventsOf(out, "BridgeWithdrawalRefunded")).toEqual([
      { _tag: "BridgeWithdrawalRefunded", id: 0n, admin: d.key("admin"), player: d.key("alice"), amount: 700n, reason: "blocked_by_relayer", refunded_ts: d.now_s }
    ])
    expect(eventsOf(out, "AdminAudit").map((e) => e.instruction)).toEqual(["RefundBridgeWithdrawal"])
    const view = readBridgeWithdrawal(d.chain.store, 0n)
    expect(view?.status).toBe("refunded")
    expect(view?.refund).toEqual({ amount: 700n, reason: "blocked_by_relayer", admin: d.key("admin"), refunded_ts: d.now_s })
    expect(view?.withdrawal.fulfilled).toBe(false)
    expect(readBridge(d.chain.store)).toMatchObject({ refunds: { total_refunded: 700n, refund_count: 1n }, outstanding: 0n })
  })

  it("refuses unknown, already refunded, already finalized and unauthorised with their codes, changing nothing", () => {
    const d = driver()
    d.ok("alice", { _tag: "BridgeWithdraw", amount: 100n, destination: DEST })
    d.ok("alice", { _tag: "BridgeWithdraw", amount: 200n, destination: DEST })
    d.ok("admin", { _tag: "FinalizeBridgeWithdrawal", withdrawal_id: 1n, source: utf8("evm-1") }, DELAY_S / 3n + 1n)
    d.ok("admin", { _tag: "RefundBridgeWithdrawal", withdrawal_id: 0n, reason: "cancelled_on_lockbox" })
    const refused = (who: string, ix: Parameters<EconomyDriver["run"]>[1]) => {
      const before = d.snapshot()
      const out = d.run(who, ix, 1n, CHECKED)
      expect(out.status).toBe("failed")
      expect(d.snapshot()).toBe(before)
      return out.error
    }
    expect(refused("admin", { _tag: "RefundBridgeWithdrawal", withdrawal_id: 9n, reason: "operator" })).toMatchObject({ tag: "BridgeWithdrawalNotFound", code: 20 })
    expect(refused("admin", { _tag: "RefundBridgeWithdrawal", withdrawal_id: 1n, reason: "operator" })).toMatchObject({ tag: "BridgeWithdrawalAlreadyFinalized", code: 21 })
    expect(refused("admin", { _tag: "RefundBridgeWithdrawal", withdrawal_id: 0n, reason: "operator" })).toMatchObject({ tag: "BridgeWithdrawalAlreadyRefunded", code: 22 })
    expect(refused("alice", { _tag: "RefundBridgeWithdrawal", withdrawal_id: 0n, reason: "operator" })).toMatchObject({ tag: "Unauthorized", code: 15 })
    // refunded ⇒ never finalized afterwards
    expect(refused("admin", { _tag: "FinalizeBridgeWithdrawal", withdrawal_id: 0n, source: utf8("evm-0") })).toMatchObject({ tag: "BridgeWithdrawalAlreadyRefunded", code: 22 })
    expect(d.player("alice").chips).toBe(10_000n - 200n)
    expect(readBridgeWithdrawal(d.chain.store, 1n)?.status).toBe("finalized")
  })

  it("a refunded amount can no longer come back as a deposit; a paused bridge still refunds", () => {
    const d = driver()
    d.ok("alice", { _tag: "BridgeWithdraw", amount: 500n, destination: DEST })
    d.ok("alice", { _tag: "BridgeWithdraw", amount: 300n, destination: DEST })
    d.ok("admin", { _tag: "RefundBridgeWithdrawal", withdrawal_id: 0n, reason: "operator" })
    expect(d.run("admin", { _tag: "BridgeDeposit", recipient: d.key("bob"), amount: 301n, source: utf8("evm-a") }).error?.tag).toBe("InvalidMove")
    d.ok("admin", { _tag: "BridgeDeposit", recipient: d.key("bob"), amount: 300n, source: utf8("evm-b") }, 1n, CHECKED)
    expect(readBridge(d.chain.store).outstanding).toBe(0n)
    const p = driver()
    p.ok("alice", { _tag: "BridgeWithdraw", amount: 50n, destination: DEST })
    p.ok("admin", { _tag: "SetPolicy", policy: { ...policyState.get(p.chain.store), bridge_paused: true } })
    p.ok("admin", { _tag: "RefundBridgeWithdrawal", withdrawal_id: 0n, reason: "operator" }, 1n, CHECKED)
    expect(p.player("alice").chips).toBe(10_000n)
  })

  it("its canonical bytes: tag 48, the id, the reason's byte", () => {
    for (const [i, reason] of BRIDGE_REFUND_REASONS.entries()) {
      const bytes = encodeInstruction({ _tag: "RefundBridgeWithdrawal", withdrawal_id: 1n, reason })
      expect([...bytes]).toEqual([48, 0, 0, 0, 0, 0, 0, 0, 1, i])
      expect(decodeInstruction(bytes)).toEqual({ _tag: "RefundBridgeWithdrawal", withdrawal_id: 1n, reason })
    }
    expect(() => decodeInstruction(Uint8Array.of(48, 0, 0, 0, 0, 0, 0, 0, 1, BRIDGE_REFUND_REASONS.length))).toThrow()
  })
})

type Step =
  | { readonly k: "withdraw"; readonly who: 0 | 1; readonly amount: bigint }
  | { readonly k: "finalize"; readonly pick: number; readonly views: bigint }
  | { readonly k: "refund"; readonly pick: number; readonly reason: number }
  | { readonly k: "deposit"; readonly amount: bigint }
  | { readonly k: "wait"; readonly views: bigint }

const STEPS_MAX = 40
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ k: fc.constant("withdraw" as const), who: fc.constantFrom(0 as const, 1 as const), amount: fc.bigInt({ min: 1n, max: 3_000n }) }),
  fc.record({ k: fc.constant("finalize" as const), pick: fc.nat({ max: 12 }), views: fc.bigInt({ min: 0n, max: 15n }) }),
  fc.record({ k: fc.constant("refund" as const), pick: fc.nat({ max: 12 }), reason: fc.nat({ max: BRIDGE_REFUND_REASONS.length - 1 }) }),
  fc.record({ k: fc.constant("deposit" as const), amount: fc.bigInt({ min: 1n, max: 2_000n }) }),
  fc.record({ k: fc.constant("wait" as const), views: fc.bigInt({ min: 1n, max: 20n }) })
)

describe("any interleaving of withdraw, finalize, refund and deposit (seeded property)", () => {
  it("keeps the supply laws after every transaction and never pays a withdrawal twice", () => {
    let refundsApplied = 0
    let finalizesApplied = 0
    let refusedAfterOther = 0
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: STEPS_MAX }), (steps) => {
        const d = driver()
        const names = ["alice", "bob"] as const
        const requested: Array<{ readonly who: 0 | 1; readonly amount: bigint }> = []
        const finalized = new Set<number>()
        const refunded = new Set<number>()
        const chips = [10_000n, 10_000n]
        let deposited = 0n
        let refundedTotal = 0n
        let withdrawnTotal = 0n
        let nth = 0
        for (const step of steps) {
          nth++
          if (step.k === "withdraw") {
            const out = d.run(names[step.who], { _tag: "BridgeWithdraw", amount: step.amount, destination: DEST }, 1n, CHECKED)
            expect(out.status).toBe(step.amount <= (chips[step.who] ?? 0n) ? "applied" : "failed")
            if (out.status === "applied") {
              requested.push({ who: step.who, amount: step.amount })
              chips[step.who] = (chips[step.who] ?? 0n) - step.amount
              withdrawnTotal += step.amount
            }
          } else if (step.k === "finalize" || step.k === "refund") {
            const id = step.pick % (requested.length + 1)
            const known = requested[id]
            const wasDone = finalized.has(id) || refunded.has(id)
            if (step.k === "finalize") {
              const out = d.run("admin", { _tag: "FinalizeBridgeWithdrawal", withdrawal_id: BigInt(id), source: utf8(`evm-${nth}`) }, step.views + 1n, CHECKED)
              if (out.status === "applied") {
                expect(known !== undefined && !wasDone, `finalize ${id} applied only when pending`).toBe(true)
                expect(eventsOf(out, "BridgeWithdrawalFinalized").map((e) => e.id)).toEqual([BigInt(id)])
                finalized.add(id)
                finalizesApplied++
              } else if (refunded.has(id)) {
                expect(out.error?.tag).toBe("BridgeWithdrawalAlreadyRefunded")
                refusedAfterOther++
              }
            } else {
              const reason = BRIDGE_REFUND_REASONS[step.reason] ?? "operator"
              const out = d.run("admin", { _tag: "RefundBridgeWithdrawal", withdrawal_id: BigInt(id), reason }, 1n, CHECKED)
              const expected = known === undefined ? "BridgeWithdrawalNotFound" : refunded.has(id) ? "BridgeWithdrawalAlreadyRefunded" : finalized.has(id) ? "BridgeWithdrawalAlreadyFinalized" : null
              expect(out.error?.tag ?? null).toBe(expected)
              if (out.status === "applied" && known !== undefined) {
                expect(eventsOf(out, "BridgeWithdrawalRefunded").map((e) => [e.id, e.amount, e.reason])).toEqual([[BigInt(id), known.amount, reason]])
                refunded.add(id)
                chips[known.who] = (chips[known.who] ?? 0n) + known.amount
                refundedTotal += known.amount
                refundsApplied++
              } else if (wasDone) refusedAfterOther++
            }
          } else if (step.k === "deposit") {
            const out = d.run("admin", { _tag: "BridgeDeposit", recipient: d.key("bob"), amount: step.amount, source: utf8(`evm-back-${nth}`) }, 1n, CHECKED)
            const room = withdrawnTotal - deposited - refundedTotal
            expect(room >= 0n || step.amount > 0n).toBe(true)
            expect(out.status, "a deposit fits within withdrawn − deposited − refunded").toBe(step.amount <= room ? "applied" : "failed")
            if (out.status === "applied") {
              deposited += step.amount
              chips[1] = (chips[1] ?? 0n) + step.amount
            }
          } else {
            // time passes: a refused zero withdrawal carries the block (only the nonce moves)
            expect(d.run("alice", { _tag: "BridgeWithdraw", amount: 0n, destination: DEST }, step.views).status).toBe("failed")
          }
          // never both, and balances exactly as the model says: nothing paid twice, nothing lost
          for (const id of refunded) expect(finalized.has(id), `withdrawal ${id} refunded and finalized`).toBe(false)
          expect(d.player("alice").chips).toBe(chips[0])
          expect(d.player("bob").chips).toBe(chips[1])
          const h = d.house()
          expect(d.player("alice").chips + d.player("bob").chips + h.game_balance + h.staking_reward_pool + h.penalty_rng).toBe(h.chips_minted - h.chips_burned)
          const view = readBridge(d.chain.store)
          expect(view.refunds.total_refunded).toBe(refundedTotal)
          expect(view.refunds.refund_count).toBe(BigInt(refunded.size))
          // a deposit credited against a withdrawal later refunded leaves nothing outstanding (never below 0)
          const owed = withdrawnTotal - deposited - refundedTotal
          expect(view.outstanding).toBe(owed > 0n ? owed : 0n)
          for (let id = 0; id < requested.length; id++)
            expect(readBridgeWithdrawal(d.chain.store, BigInt(id))?.status).toBe(refunded.has(id) ? "refunded" : finalized.has(id) ? "finalized" : "pending")
          expect(bridgeRefunds.count(d.chain.store)).toBe(refunded.size)
        }
      }),
      { numRuns: 60 }
    )
    // the property is not vacuous: refunds, finalizations and refusals after the other both happened
    expect(refundsApplied).toBeGreaterThanOrEqual(5)
    expect(finalizesApplied).toBeGreaterThanOrEqual(5)
    expect(refusedAfterOther).toBeGreaterThanOrEqual(3)
  })
})
