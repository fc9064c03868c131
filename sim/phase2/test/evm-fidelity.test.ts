/**
 * Full-fidelity phase 2 (fidelity "evm"): a small seeded phase2-convertibility run with its EVM
 * side executed by the contracts on Hardhat's in-process network. The TypeScript model on the same
 * bids is the oracle for the contracts' auction run (and vice versa); the lockbox and the engine's
 * bridge reconcile; two runs give the same result hash.
 */
import { describe, expect, it } from "vitest"
import { house } from "../../../engine/casino/house.ts"
import { sha256 } from "../../../engine/crypto/sha256.ts"
import { utf8, toHex } from "../../../engine/codec/bytes.ts"
import { bridgeState, bridgeWithdrawals } from "../../../engine/economy/bridge/bridge.ts"
import { convertibilityParams, PHASE2_DEFAULTS, phase2Convertibility, phase2Spec, type Phase2Parameters } from "../../../scenarios/phase2-convertibility/scenario.ts"
import { simulate, type SimulationResult } from "../../runner/simulate.ts"
import { microOfQ96 } from "../evm/auction-request.ts"
import { EvmSession, type EvmReport } from "../evm/session.ts"

const CHIP = 10n ** 18n
/** the lockbox's player allocation at deployment (evm/src/allocation.ts: 35 % of 10⁹ RNG) */
const PLAYER_ALLOCATION = 350_000_000n * CHIP
const BONUS_POOL = 150_000_000n * CHIP

const P: Phase2Parameters = {
  ...PHASE2_DEFAULTS,
  seed: "evm-7",
  agents: 8,
  days: 5,
  borrowers: 4,
  bridgers: 4,
  open_day: 1,
  pause_day: 4,
  bidders: 10,
  liquidity_rng: 2_000,
  retires_per_day: 2,
  fidelity: "evm"
}

const replacer = (_k: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v)

const runOnce = (): { readonly run: SimulationResult; readonly report: EvmReport; readonly fees: ReturnType<EvmSession["feeClaims"]>; readonly hash: string } => {
  const session = new EvmSession(convertibilityParams(P))
  try {
    const run = simulate(phase2Spec(P, session))
    const report = session.report(run.chain.store)
    // a fee round to the first two bidders: 1 and 2 USDT
    const bidders = report.auction?.fills.slice(0, 2).map((f) => f.bidder) ?? []
    const fees = session.feeClaims(1n, bidders.map((address, i) => ({ address, amount: BigInt(i + 1) * 1_000_000n })))
    return { run, report, fees, hash: toHex(sha256(utf8(JSON.stringify({ root: run.final_state_root, report, fees }, replacer)))) }
  } finally {
    session.close()
  }
}

describe("phase 2 at full fidelity (contracts on Hardhat's in-process network)", () => {
  console.log(`phase2 evm seed ${P.seed}`)
  const first = runOnce()
  const { run, report } = first
  const rows = run.blocks.flatMap(({ result }) => result.outputs)

  it("the scenario takes fidelity=evm and refuses other values", () => {
    expect(phase2Convertibility.validate?.({ fidelity: "evm" })._tag).toBe("Right")
    expect(phase2Convertibility.validate?.({ fidelity: "chain" })._tag).toBe("Left")
    expect(PHASE2_DEFAULTS.fidelity).toBe("model")
  })

  it("the contracts' auction clears at the model's price and seeds the pool as the model's waterfall does", () => {
    const model = report.model
    const evm = report.auction
    if (model === null || evm === null) throw new Error("the opening day did not run")
    expect(microOfQ96(evm.clearing_q96)).toBe(model.auction.clearing_price)
    // the pool pairs the whole liquidity reserve at the clearing price (both sides: raised covers it)
    expect(model.waterfall.liquidity).toBe(BigInt(P.liquidity_rng) * model.auction.clearing_price)
    expect(evm.pool_tokens).toBe(BigInt(P.liquidity_rng) * CHIP)
    expect(evm.pool_rng_balance).toBe(evm.pool_tokens)
    expect(evm.pool_usdt_balance).toBe(evm.pool_currency)
    // Q96 of a micro price is rounded down once: the pool's USDT is the model's or one base unit less
    expect(model.waterfall.liquidity - evm.pool_currency).toBeGreaterThanOrEqual(0n)
    expect(model.waterfall.liquidity - evm.pool_currency).toBeLessThanOrEqual(1n)
    // fills are floored in different token units (10⁻⁶ vs 10⁻¹⁸ RNG): at most one USDT base unit per bid and block
    const slack = BigInt(P.bidders) * convertibilityParams(P).duration_blocks
    const d = evm.raised - model.auction.raised
    expect(d <= slack && -d <= slack).toBe(true)
    const byBidder = new Map(model.auction.bids.map((b) => [b.bidder.toLowerCase(), b]))
    for (const f of evm.fills) {
      const m = byBidder.get(f.bidder.toLowerCase())
      expect(m).toBeDefined()
      expect(f.tokens > 0n).toBe((m?.tokens ?? 0n) > 0n)
      expect(f.rng_balance).toBe(f.tokens)
      // a round's computed price is rounded up to a whole micro-USDT by the model, to 2⁻⁹⁶ by the
      // contracts' run: a fill may differ by its tokens × 1 micro / floor, plus a unit per block
      const dm = f.tokens / 10n ** 12n - (m?.tokens ?? 0n)
      const bound = (m?.tokens ?? 0n) / BigInt(P.floor_micro) + slack
      expect(dm <= bound && -dm <= bound).toBe(true)
    }
    // the recovery tranche the contracts funded is what the engine's pool was funded with
    expect(report.ledger.recovery_funded).toBe(evm.recovery_funded)
    const funded = rows.filter((o) => o.instruction === "FundRecoveryPool" && o.status === "applied")
    expect(funded.length).toBe(1)
    expect(funded[0]?.events.some((e) => e._tag === "RecoveryPoolFunded" && e.amount === evm.recovery_funded / 1_000_000n)).toBe(true)
    expect(evm.recovery_funded > 0n).toBe(true)
  })

  it("BOGO claims from the freeroll snapshot are paid by the distributor", () => {
    expect(report.bonus.length).toBeGreaterThan(0)
    const paid = report.bonus.reduce((a, c) => a + c.paid, 0n)
    expect(paid).toBeGreaterThan(0n)
    expect(report.ledger.bogo_rng).toBe(BONUS_POOL - paid)
    // each claim is capped by its linked player's credits (bidder i ↔ snapshot player i)
    const model = report.model
    if (model === null) throw new Error("no model")
    for (const c of report.bonus) {
      const i = model.bids.findIndex((b) => b.bidder.toLowerCase() === c.address.toLowerCase())
      expect(c.paid).toBeLessThanOrEqual((model.snapshot.players[i]?.freeroll_credits_total ?? 0n) * CHIP)
    }
  })

  it("the lockbox and the engine reconcile: RNG released on the EVM less deposits == chips bridged out", () => {
    const state = run.chain.store
    const b = bridgeState.get(state)
    let fulfilled = 0n
    let open = 0n
    for (let id = 0n; id < b.next_withdrawal_id; id++) {
      const w = bridgeWithdrawals.get(state, id.toString())
      if (w?.fulfilled === true) fulfilled += w.amount
      else if (w !== undefined && report.relayed.some((r) => r.withdrawal_id === id)) open += w.amount
    }
    expect(fulfilled).toBeGreaterThan(0n)
    expect(b.total_deposited).toBeGreaterThan(0n)
    const l = report.ledger
    expect(l.lockbox_released - l.lockbox_deposited).toBe((fulfilled - b.total_deposited) * CHIP)
    expect(l.lockbox_rng).toBe(PLAYER_ALLOCATION - (fulfilled - b.total_deposited) * CHIP)
    // sent to the lockbox, not released yet (its own delay, then the pause) == relayed but unfinalized
    expect(l.lockbox_queued).toBe(open * CHIP)
    // every finalization names the EVM transaction that released it; every deposit the lockbox's key
    const releaseOf = new Map(report.releases.map((r) => [r.withdrawal_id, r.evm_tx.slice(2)]))
    const finals = rows.flatMap((o) => (o.status === "applied" ? o.events : [])).flatMap((e) => (e._tag === "BridgeWithdrawalFinalized" ? [e] : []))
    expect(finals.length).toBe(report.releases.length)
    expect(finals.length).toBeGreaterThan(0)
    for (const e of finals) expect(toHex(e.source)).toBe(releaseOf.get(e.id))
    const keys = new Set(report.deposits.map((d) => d.deposit_key.slice(2)))
    const credited = rows.flatMap((o) => (o.status === "applied" ? o.events : [])).flatMap((e) => (e._tag === "BridgeDepositCredited" ? [toHex(e.source)] : []))
    expect(keys.size).toBe(report.deposits.length)
    expect(new Set(credited)).toEqual(keys)
    expect(credited.length).toBe(keys.size)
    // the recovery pool on the EVM repaid exactly what the engine retired
    expect(l.recovery_repaid).toBe(house.get(state).recovery_pool_retired * 1_000_000n)
  })

  it("a FeeDistributor round pays each claim in full and leaves the distributor empty", () => {
    expect(first.fees.paid.map((c) => c.paid)).toEqual([1_000_000n, 2_000_000n])
    expect(first.fees.ledger.fee_usdt).toBe(0n)
  })

  it("is deterministic: a second run gives the same result hash", () => {
    const second = runOnce()
    expect(second.run.final_state_root).toBe(run.final_state_root)
    expect(second.hash).toBe(first.hash)
  })
})
