/**
 * Market participants of the phase-2 and stress scenarios, each a seeded policy over what a
 * client can read (AgentView.state through the engine's tables and price functions; the engine
 * still decides — a wrong guess is a failed transaction). Day-local memory only (twin-safe).
 *
 *  - player:   registers on its arrival (day, window); then every day joins the current freeroll
 *              while it takes registrations (the scheduler starts it a minute later).
 *  - borrower: day 1 opens a vault, deposits `collateral_bps` of its chips, borrows `ltv_bps` of
 *              their value at the borrow price; saves `save_bps` of the loan in savings. From
 *              `run_day` (bank run) withdraws its savings and buys RNG with every vUSDT it holds.
 *  - whale:    from `dump_day` sells each day as much RNG as the policy's daily caps allow.
 *  - keeper:   day 1 borrows vUSDT like a borrower (no savings); then liquidates any vault the
 *              engine's liquidation price puts above the threshold, one at a time.
 *  - bridger:  from `bridge_day` withdraws `bridge_bps` of its chips (within the per-account cap).
 *  - sybil:    a player whose arrival is the swarm's (same day and window) and whose fingerprint
 *              is shared with its ring.
 */
import { sha256Concat } from "../../engine/crypto/sha256.ts"
import { utf8 } from "../../engine/codec/bytes.ts"
import { ammPool } from "../../engine/economy/amm/pool.ts"
import { oracleState } from "../../engine/economy/oracle/oracle.ts"
import { borrowPrice, collateralValue, liquidationPrice } from "../../engine/economy/oracle/price.ts"
import { policyState } from "../../engine/economy/policy-state.ts"
import { savingsBalances } from "../../engine/economy/savings/savings.ts"
import { accrue } from "../../engine/economy/vault/accrue.ts"
import { vaults } from "../../engine/economy/vault/vault.ts"
import { tournaments } from "../../engine/economy/tournament/tournament.ts"
import type { RandomStream } from "../../engine/random/stream.ts"
import { PublicKey } from "../../engine/schema/primitives.ts"
import type { Instruction } from "../../engine/tx/instruction.ts"
import { actorSigner } from "../../engine/tx/sign.ts"
import type { Agent, AgentFingerprint, AgentView as ClientView } from "../agents/agent.ts"
import { registering, slotAt } from "../agents/operators/tournament-scheduler.ts"

export type Role = "player" | "borrower" | "whale" | "keeper" | "bridger" | "sybil"

export interface MarketPlan {
  readonly arrival_day: number
  readonly arrival_window: number
  /** the window it acts in after arrival */
  readonly window: number
  readonly joins_freerolls: boolean
  /** the freeroll cycle of the day it joins (0 = the day's first; freerolls run in the first hour) */
  readonly join_cycle: number
  /** probability a day that it joins at all (churn) */
  readonly join_bps: number
  readonly collateral_bps: number
  readonly ltv_bps: number
  readonly save_bps: number
  readonly run_day: number | null
  readonly dump_day: number | null
  readonly bridge_day: number | null
  readonly bridge_bps: number
  readonly intents_per_day_max: number
}

/** the client view plus the agent's own key */
type AgentView = ClientView & { readonly signer_key: PublicKey }

const BPS = 10_000n
/** vaults a keeper scans per turn at most */
const KEEPER_SCAN_MAX = 2_000

/** freerolls are scheduled in the first hour of the chain day (the operators' window) */
const FREEROLL_HOUR_S = 3_600n

const joinFreeroll = (view: AgentView, cycle: number): Instruction[] => {
  const p = view.player
  if (p === undefined) return []
  const now_ms = view.clock.now_s * 1_000n
  const into_day_s = view.clock.now_s % 86_400n
  if (into_day_s >= FREEROLL_HOUR_S || into_day_s / 360n !== BigInt(cycle) || !registering(now_ms)) return []
  const slot = slotAt(now_ms)
  const t = tournaments.get(view.state, slot.toString())
  if (t !== undefined && (t.phase !== "registration" || t.players.includes(view.signer_key))) return []
  return [{ _tag: "CasinoJoinTournament", tournament_id: slot }]
}

/** the vUSDT a vault of `collateral` RNG may borrow at `ltv_bps` at the current borrow price */
const loanFor = (view: AgentView, collateral: bigint, ltv_bps: number): bigint => {
  const price = borrowPrice(policyState.get(view.state), ammPool.get(view.state), oracleState.get(view.state), view.clock.now_s)
  return (collateralValue(collateral, price) * BigInt(ltv_bps)) / BPS
}

const openVault = (view: AgentView, plan: MarketPlan, save: boolean): Instruction[] => {
  const p = view.player
  if (p === undefined || vaults.get(view.state, view.signer_key) !== undefined) return []
  const collateral = (p.chips * BigInt(plan.collateral_bps)) / BPS
  const loan = loanFor(view, collateral, plan.ltv_bps)
  if (collateral === 0n || loan === 0n) return []
  const out: Instruction[] = [{ _tag: "CreateVault" }, { _tag: "DepositCollateral", amount: collateral }, { _tag: "BorrowUSDT", amount: loan }]
  const saved = save ? (loan * BigInt(plan.save_bps)) / BPS : 0n
  if (saved > 0n) out.push({ _tag: "DepositSavings", amount: saved })
  return out
}

const bankRun = (view: AgentView): Instruction[] => {
  const p = view.player
  if (p === undefined) return []
  const saved = savingsBalances.get(view.state, view.signer_key)?.deposit_balance ?? 0n
  if (saved > 0n) return [{ _tag: "WithdrawSavings", amount: saved }]
  if (p.vusdt_balance > 0n) return [{ _tag: "Swap", amount_in: p.vusdt_balance, min_amount_out: 0n, is_buying_rng: true }]
  return []
}

/** the RNG the policy lets this account sell today: min(balance·b, reserve·q) less what it sold */
const sellAllowance = (view: AgentView): bigint => {
  const p = view.player
  if (p === undefined) return 0n
  const policy = policyState.get(view.state)
  const pool = ammPool.get(view.state)
  const byBalance = (p.chips * BigInt(policy.max_daily_sell_bps_balance)) / BPS
  const byPool = (pool.reserve_rng * BigInt(policy.max_daily_sell_bps_pool)) / BPS
  const cap = byBalance < byPool ? byBalance : byPool
  const sold = p.daily_flow_day === view.clock.day ? p.daily_net_sell : 0n
  return cap > sold ? cap - sold : 0n
}

/** the first vault over the threshold at the engine's liquidation price not yet tried today */
const liquidatable = (view: AgentView, tried: ReadonlySet<string>): string | null => {
  const policy = policyState.get(view.state)
  const price = liquidationPrice(policy, ammPool.get(view.state), oracleState.get(view.state), view.clock.now_s)
  let n = 0
  for (const [key, stored] of vaults.unorderedEntries(view.state)) {
    if (++n > KEEPER_SCAN_MAX) break
    if (key === view.signer_key || stored.debt_vusdt === 0n || tried.has(key)) continue
    const v = accrue(stored, view.clock.now_s, policy.stability_fee_apr_bps).vault
    const cv = collateralValue(v.collateral_rng, price)
    if (cv * BPS < BPS + BigInt(policy.liquidation_penalty_bps)) continue // dust: for the recovery pool
    if ((v.debt_vusdt * BPS) / cv > BigInt(policy.liquidation_threshold_bps)) return key
  }
  return null
}

export const marketAgent = (index: number, role: Role, plan: MarketPlan, fingerprint: AgentFingerprint): Agent => {
  const name = `${role === "sybil" ? "Farm" : "Player"}${String(index).padStart(5, "0")}`
  const signer = actorSigner(`market-${index}`)
  let intents = 0
  let joined_day = -1
  let joins_today = true
  let did_today = new Set<string>()
  const once = (tag: string, f: () => Instruction[]): Instruction[] => {
    if (did_today.has(tag)) return []
    const out = f()
    if (out.length > 0) did_today.add(tag)
    return out
  }

  const decide = (view: AgentView): Instruction[] => {
    if (view.player === undefined) return view.day >= plan.arrival_day ? [{ _tag: "CasinoRegister", name }] : []
    if (plan.joins_freerolls && joins_today && joined_day !== view.day) {
      const j = joinFreeroll(view, plan.join_cycle)
      if (j.length > 0) {
        joined_day = view.day
        return j
      }
    }
    if (view.day < plan.arrival_day + 1) return []
    switch (role) {
      case "borrower":
        if (plan.run_day !== null && view.day >= plan.run_day) return once("run", () => bankRun(view))
        return once("vault", () => openVault(view, plan, true))
      case "keeper": {
        const opened = once("vault", () => openVault(view, plan, false))
        if (opened.length > 0) return opened
        if (view.player.vusdt_balance === 0n) return []
        const target = liquidatable(view, did_today)
        if (target === null) return []
        did_today.add(target)
        return [{ _tag: "LiquidateVault", target: PublicKey.make(target) }]
      }
      case "whale": {
        if (plan.dump_day === null || view.day < plan.dump_day) return []
        const amount = sellAllowance(view)
        return amount > 0n ? once("dump", () => [{ _tag: "Swap", amount_in: amount, min_amount_out: 0n, is_buying_rng: false }]) : []
      }
      case "bridger": {
        if (plan.bridge_day === null || view.day < plan.bridge_day) return []
        const policy = policyState.get(view.state)
        let amount = (view.player.chips * BigInt(plan.bridge_bps)) / BPS
        if (policy.bridge_daily_limit_per_account > 0n && amount > policy.bridge_daily_limit_per_account) amount = policy.bridge_daily_limit_per_account
        if (policy.bridge_max_withdraw > 0n && amount > policy.bridge_max_withdraw) amount = policy.bridge_max_withdraw
        if (amount === 0n) return []
        const destination = sha256Concat(utf8("evm-address/"), utf8(view.signer_key)).subarray(0, 20)
        return once("bridge", () => [{ _tag: "BridgeWithdraw", amount, destination }])
      }
      case "player":
      case "sybil":
        return []
    }
  }

  return {
    index,
    name,
    signer,
    kind: role,
    fingerprint,
    startDay: (day, windows, rng) => {
      intents = 0
      joins_today = rng.bounded(10_000) < plan.join_bps
      did_today = new Set()
      if (day < plan.arrival_day) return { window: null }
      if (day === plan.arrival_day) return { window: Math.min(plan.arrival_window, windows - 1) }
      return { window: Math.min(plan.window, windows - 1) }
    },
    next: (client: ClientView, _rng: RandomStream) => {
      if (intents >= plan.intents_per_day_max) return []
      const out = decide({ ...client, signer_key: signer.public_key }).slice(0, plan.intents_per_day_max - intents)
      intents += out.length
      return out
    }
  }
}
