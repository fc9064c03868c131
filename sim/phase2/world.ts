/**
 * The economy world the phase-2 and stress scenarios share: operators (AMM bootstrapper,
 * tournament scheduler, oracle updater, policy admin, treasury admin, recovery operator, bridge
 * relayer — each its own admin key) and a market population (players, borrowers/savers, whales,
 * keepers, bridgers, sybil farmers) with fingerprints. Everything is from the seed:
 * roles are laid out by counts, fingerprints and arrivals are drawn from each agent's profile
 * stream.
 */
import { DEFAULT_POLICY, type Policy } from "../../engine/economy/policy.ts"
import type { PublicKey } from "../../engine/schema/primitives.ts"
import type { Agent, AgentFingerprint, AgentView } from "../agents/agent.ts"
import { agentProfileStream, simSeedBytes } from "../agents/draw.ts"
import { bridgeRelayer } from "../agents/operators/bridge-relayer.ts"
import { duties, operatorAgent, operatorSigner, registered, type OperatorDuty } from "../agents/operators/operator.ts"
import { oracleUpdater, type OraclePlan } from "../agents/operators/oracle-updater.ts"
import { ammBootstrapper, policyAdmin, type PolicyStep } from "../agents/operators/policy-admin.ts"
import { recoveryOperator } from "../agents/operators/recovery-operator.ts"
import { tournamentScheduler } from "../agents/operators/tournament-scheduler.ts"
import { treasuryAdmin } from "../agents/operators/treasury-admin.ts"
import type { SimulationSpec } from "../runner/simulate.ts"
import { marketAgent, type MarketPlan, type Role } from "./market-agents.ts"

export interface WorldParams {
  readonly seed: string
  readonly days: number
  readonly windows_per_day: number
  readonly players: number
  readonly borrowers: number
  readonly whales: number
  readonly keepers: number
  readonly bridgers: number
  readonly sybils: number
  readonly sybil_ring_size: number
  readonly sybil_day: number
  /** days over which honest players arrive (1 = everyone on day 0) */
  readonly arrival_days: number
  readonly amm_rng: bigint
  readonly amm_vusdt: bigint
  readonly collateral_bps: number
  readonly ltv_bps: number
  readonly save_bps: number
  readonly run_day: number | null
  readonly dump_day: number | null
  readonly bridge_day: number | null
  readonly bridge_bps: number
  readonly tournaments_per_day: number
  /** players spread over this many freeroll cycles of the first hour (≤ 10), joining with join_bps a day */
  readonly join_cycles: number
  readonly join_bps: number
  readonly oracle: OraclePlan
  readonly policy_steps: ReadonlyArray<PolicyStep>
  readonly recovery: {
    readonly fund_day: number
    readonly fund_amount: (view: AgentView) => bigint
    readonly retire_amount: bigint
    readonly retires_per_day: number
  } | null
  /** the bridge relayer's duty (default: the modelled one, bridge-relayer.ts; full fidelity: the lockbox's, evm/session.ts) */
  readonly relayer?: OperatorDuty
}

const OPERATORS = ["amm", "scheduler", "oracle", "policy", "treasury", "recovery", "relayer"] as const

export const operatorKeys = (): PublicKey[] => OPERATORS.map((n) => operatorSigner(n).public_key)

/** a stress policy: open sell caps and a high debt ceiling (valid under §4.2) */
export const openMarkets = (p: Policy): Policy => ({ ...p, max_daily_sell_bps_balance: 10_000, max_daily_sell_bps_pool: 2_000, max_daily_buy_bps_balance: 10_000, max_daily_buy_bps_pool: 2_000 })

export const bridgeOpen = (limits: { daily: bigint; per_account: bigint; min: bigint; max: bigint; delay_secs: bigint }) => (p: Policy): Policy => ({
  ...p,
  bridge_paused: false,
  bridge_daily_limit: limits.daily,
  bridge_daily_limit_per_account: limits.per_account,
  bridge_min_withdraw: limits.min,
  bridge_max_withdraw: limits.max,
  bridge_delay_secs: limits.delay_secs
})

export const enableOracle = (p: Policy): Policy => ({ ...p, oracle_enabled: true, oracle_stale_secs: 172_800n })

export { DEFAULT_POLICY }

const operators = (w: WorldParams, first_index: number): Agent[] => {
  const list: Array<{ name: (typeof OPERATORS)[number]; duty: OperatorDuty }> = [
    { name: "amm", duty: ammBootstrapper({ seed_day: 0, rng: w.amm_rng, vusdt: w.amm_vusdt, finalize_day: 1 }) },
    { name: "scheduler", duty: tournamentScheduler(w.tournaments_per_day) },
    { name: "oracle", duty: oracleUpdater(w.oracle) },
    { name: "policy", duty: policyAdmin(w.policy_steps) },
    { name: "treasury", duty: treasuryAdmin({ setup_day: 0, vest_secs: 31_536_000n, release_every_days: 7 }) },
    { name: "recovery", duty: w.recovery === null ? duties() : recoveryOperator(w.recovery) },
    { name: "relayer", duty: registered("Relayer", w.relayer ?? bridgeRelayer()) }
  ]
  return list.map((o, i) => operatorAgent({ index: first_index + i, name: o.name, kind: `operator:${o.name}`, intents_per_day_max: 2_000, duty: o.duty }))
}

export const worldAgents = (w: WorldParams): Agent[] => {
  const seed_bytes = simSeedBytes(w.seed)
  const roles: Role[] = [
    ...Array<Role>(w.players).fill("player"),
    ...Array<Role>(w.borrowers).fill("borrower"),
    ...Array<Role>(w.whales).fill("whale"),
    ...Array<Role>(w.keepers).fill("keeper"),
    ...Array<Role>(w.bridgers).fill("bridger"),
    ...Array<Role>(w.sybils).fill("sybil")
  ]
  const ring = Math.max(1, w.sybil_ring_size)
  const market = roles.map((role, i) => {
    const rng = agentProfileStream(seed_bytes, i)
    const sybil_rank = i - (roles.length - w.sybils)
    const arrival_day = role === "sybil" ? w.sybil_day : role === "player" ? rng.bounded(Math.max(1, w.arrival_days)) : 0
    const arrival_window = role === "sybil" ? Math.min(1, w.windows_per_day - 1) : rng.bounded(w.windows_per_day)
    const household = rng.bounded(10_000) < 1_000 ? Math.floor(i / 2) : i // 10 % share an IP with one neighbour
    const fingerprint: AgentFingerprint =
      role === "sybil"
        ? {
            ip: `198.51.100.${Math.floor(sybil_rank / ring) % 250}`,
            device_id: `farm-device-${Math.floor(sybil_rank / ring)}`,
            window: arrival_window,
            offset_s: 0,
            farmer: `farm-${Math.floor(sybil_rank / ring)}`
          }
        : { ip: `10.${(household >> 16) & 255}.${(household >> 8) & 255}.${household & 255}`, device_id: `device-${i}-${rng.bounded(1_000_000)}`, window: arrival_window, offset_s: 0, farmer: null }
    const plan: MarketPlan = {
      arrival_day,
      arrival_window,
      window: 0,
      joins_freerolls: role === "player" || role === "sybil",
      join_cycle: role === "player" ? i % Math.max(1, Math.min(10, w.join_cycles)) : 0,
      join_bps: role === "player" ? w.join_bps : 10_000,
      collateral_bps: w.collateral_bps,
      ltv_bps: w.ltv_bps,
      save_bps: w.save_bps,
      run_day: w.run_day,
      dump_day: w.dump_day,
      bridge_day: w.bridge_day,
      bridge_bps: w.bridge_bps,
      intents_per_day_max: 32
    }
    return marketAgent(i, role, plan, fingerprint)
  })
  return [...operators(w, market.length), ...market]
}

export const worldSpec = (w: WorldParams): SimulationSpec => ({
  seed: w.seed,
  days: w.days,
  agents: worldAgents(w),
  windows_per_day: w.windows_per_day,
  blocks_per_window_max: 2_000,
  transactions_per_block_max: 500,
  keep_blocks: true,
  // one tournament cycle fits in window 0: joins in the registration minute, start at +60 s, end at +360 s
  window_views_min: 125,
  admin_keys: operatorKeys()
})
