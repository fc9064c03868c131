/**
 * phase1-island: a year of the closed economy with capital controls (simulations.md §2, plus the
 * ecosystem agents of §4.2/§5 and sybil farmers). Day 0 the operators set the policy (oracle
 * guard on, sell tax, daily caps, LTV and stability fee as parameters), the treasury allocation and
 * its vesting, and seed the AMM at 1 vUSDT per RNG; the bootstrap is finalized on `finalize_day`.
 * Every day: the oracle takes the AMM price, vested treasury tranches are released, paying
 * members are upgraded (daily freeroll limit 1 → 10), the scheduled freerolls run in window 0
 * (prizes minted under the emission cap, paid as credits that vest and expire), staking epochs
 * close, and the population plays all ten games, trades, provides liquidity, borrows against
 * chips (stability fees accrue into savings), saves, stakes, and gets liquidated when the price
 * falls. Nothing leaves the island: the bridge stays paused.
 */
import { Schema } from "effect"
import { DEFAULT_POLICY, type Policy } from "../../engine/economy/policy.ts"
import type { TreasuryAllocation, TreasuryVesting } from "../../engine/economy/treasury-records.ts"
import type { Agent } from "../../sim/agents/agent.ts"
import { agentProfileStream, simSeedBytes } from "../../sim/agents/draw.ts"
import { defineScenario } from "../../sim/scenario.ts"
import { ADMIN_SIGNER, OPERATOR_ROLES, islandOperators, type OperatorRole } from "./operators.ts"
import { phase1Member, type PopulationMember } from "./population.ts"
import { ecosystemAgents } from "./ecosystem.ts"

const int = (lo: number, hi: number, description: string) => Schema.Int.pipe(Schema.between(lo, hi), Schema.annotations({ description }))
const bps = (description: string) => int(0, 10_000, description)

const Operators = Schema.String.pipe(
  Schema.filter((s) => s.split(",").every((r) => r === "" || OPERATOR_ROLES.some((o) => o === r.trim())) || `operators is a comma-separated list of ${OPERATOR_ROLES.join(", ")}`),
  Schema.annotations({ description: `operator roles run by the scenario's admin: a comma-separated subset of ${OPERATOR_ROLES.join(", ")}` })
)

export const Phase1IslandParameters = Schema.Struct({
  seed: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(64), Schema.annotations({ description: "the run's seed: every draw derives from it" })),
  agents: int(1, 20_000, "phase-1 players present on day 0 (simulations.md §2.1 --initial-players)"),
  days: int(1, 365, "simulated days"),
  daily_new_players: int(0, 1_000, "phase-1 players arriving each day"),
  daily_churn_bps: bps("per-player daily probability of leaving for good"),
  active_bps: bps("per-player daily probability of being active"),
  member_share_bps: bps("probability a new non-subscriber player is also a paying member"),
  swap_size_min: int(1, 1_000_000, "smallest swap amount_in of a phase-1 player"),
  swap_size_max: int(1, 1_000_000, "largest swap amount_in of a phase-1 player"),
  whales: int(0, 100, "ecosystem whales (simulations.md §4.2): big vaults, LP, swings of buying and selling"),
  retail: int(0, 2_000, "ecosystem retail traders: leverage, trade or play"),
  arbitrageurs: int(0, 100, "arbitrageurs trading the AMM toward the oracle price"),
  keepers: int(0, 10, "keepers: close staking epochs and liquidate unhealthy vaults"),
  maximisers: int(0, 10, "PnL maximisers: Banker bets and periodic stakes (§5.1)"),
  tournament_grinders: int(0, 2_000, "tournament grinders: enter every freroll they may"),
  sybil_farmers: int(0, 100, "sybil farmers (ground truth for the sybil scan)"),
  sybils_per_farmer: int(1, 200, "accounts each sybil farmer runs"),
  amm_seed_rng: int(1_001, 1_000_000_000, "RNG created into the AMM by SeedAmm"),
  amm_seed_vusdt: int(1_001, 1_000_000_000, "vUSDT created into the AMM by SeedAmm (counts as system debt)"),
  finalize_day: int(0, 365, "day the admin finalizes the AMM bootstrap"),
  freerolls_per_day: int(0, 50, "freeroll tournaments the organizer runs each day"),
  freeroll_join_turns: int(1, 100, "blocks entrants have to join a freeroll before it starts"),
  members_per_day: int(0, 1_000, "most membership upgrades (daily freeroll limit 1 → 10) granted per day"),
  stability_fee_apr_bps: bps("vault stability fee, APR in bps (accrues into the savings pool)"),
  max_ltv_bps_new: bps("maximum LTV of a new account"),
  liquidation_threshold_bps: bps("LTV above which a vault may be liquidated"),
  credit_vest_days: int(0, 365, "freeroll credit vesting window, days (20 % unlocked at once)"),
  credit_expiry_days: int(0, 365, "freeroll credits expire after this many days without play (0 = never)"),
  operators: Operators,
  windows_per_day: int(2, 96, "activity windows per day (window 0 is the freeroll window)"),
  blocks_per_window_max: int(1, 10_000, "most blocks in one activity window")
}).pipe(
  Schema.filter((p) => p.swap_size_min <= p.swap_size_max || "swap_size_min must not exceed swap_size_max"),
  Schema.filter((p) => BigInt(p.amm_seed_rng) * BigInt(p.amm_seed_vusdt) > 1_000_000n || "the AMM seed must mint more than 1,000 shares"),
  Schema.filter((p) => p.liquidation_threshold_bps > p.max_ltv_bps_new || "liquidation_threshold_bps must exceed max_ltv_bps_new")
)
export type Phase1IslandParameters = typeof Phase1IslandParameters.Type

export const PHASE1_ISLAND_DEFAULTS: Phase1IslandParameters = {
  seed: "42",
  agents: 16,
  days: 365,
  daily_new_players: 0,
  daily_churn_bps: 0,
  active_bps: 2_500,
  member_share_bps: 500,
  swap_size_min: 10,
  swap_size_max: 150,
  whales: 1,
  retail: 2,
  arbitrageurs: 1,
  keepers: 1,
  maximisers: 1,
  tournament_grinders: 2,
  sybil_farmers: 2,
  sybils_per_farmer: 2,
  amm_seed_rng: 200_000,
  amm_seed_vusdt: 200_000,
  finalize_day: 7,
  freerolls_per_day: 2,
  freeroll_join_turns: 6,
  members_per_day: 10,
  stability_fee_apr_bps: DEFAULT_POLICY.stability_fee_apr_bps,
  max_ltv_bps_new: DEFAULT_POLICY.max_ltv_bps_new,
  liquidation_threshold_bps: DEFAULT_POLICY.liquidation_threshold_bps,
  credit_vest_days: 180,
  credit_expiry_days: 180,
  operators: OPERATOR_ROLES.join(","),
  windows_per_day: 4,
  blocks_per_window_max: 600
}

const DAY_S = 86_400n

export const islandPolicy = (p: Phase1IslandParameters): Policy => ({
  ...DEFAULT_POLICY,
  stability_fee_apr_bps: p.stability_fee_apr_bps,
  max_ltv_bps_new: p.max_ltv_bps_new,
  max_ltv_bps_mature: Math.max(p.max_ltv_bps_new, DEFAULT_POLICY.max_ltv_bps_mature),
  liquidation_threshold_bps: p.liquidation_threshold_bps,
  credit_vest_secs: BigInt(p.credit_vest_days) * DAY_S,
  credit_expiry_secs: BigInt(p.credit_expiry_days) * DAY_S,
  oracle_enabled: true,
  oracle_stale_secs: 2n * DAY_S
})

/** the plan's split of the 1,000,000,000 supply (simulations.md §4) */
export const ISLAND_TREASURY: TreasuryAllocation = {
  auction: 200_000_000n,
  liquidity: 100_000_000n,
  bonus: 150_000_000n,
  player: 350_000_000n,
  treasury: 150_000_000n,
  team: 50_000_000n
}

const schedule = (days: number) => ({ start_ts: 0n, duration_secs: BigInt(days) * DAY_S, released: 0n })
export const ISLAND_VESTING: TreasuryVesting = {
  auction: schedule(0),
  liquidity: schedule(180),
  bonus: schedule(180),
  player: schedule(365),
  treasury: schedule(730),
  team: schedule(1_460)
}

export interface IslandPopulation {
  readonly agents: ReadonlyArray<Agent>
  readonly players: ReadonlyArray<PopulationMember>
}

export const islandPopulation = (p: Phase1IslandParameters): IslandPopulation => {
  const seed_bytes = simSeedBytes(p.seed)
  const players: PopulationMember[] = []
  let index = 1
  const opts = {
    active_bps: p.active_bps,
    member_share_bps: p.member_share_bps,
    daily_churn_bps: p.daily_churn_bps,
    days: p.days,
    swap_size: [p.swap_size_min, p.swap_size_max] as const,
    windows_per_day: p.windows_per_day,
    freerolls_per_day: p.freerolls_per_day
  }
  for (let i = 0; i < p.agents; i++, index++) players.push(phase1Member(index, 0, agentProfileStream(seed_bytes, index), opts))
  for (let d = 1; d < p.days; d++)
    for (let i = 0; i < p.daily_new_players; i++, index++) players.push(phase1Member(index, d, agentProfileStream(seed_bytes, index), opts))
  const eco = ecosystemAgents(p, index, seed_bytes)
  const roles = new Set<OperatorRole>(OPERATOR_ROLES.filter((r) => p.operators.split(",").some((x) => x.trim() === r)))
  const members = [
    ...players.filter((m) => m.member).map((m) => ({ key: m.agent.signer.public_key, from_day: m.arrival_day })),
    ...eco.members
  ]
  const admin = islandOperators(0, {
    roles,
    policy: islandPolicy(p),
    treasury: ISLAND_TREASURY,
    vesting: ISLAND_VESTING,
    amm_rng: BigInt(p.amm_seed_rng),
    amm_vusdt: BigInt(p.amm_seed_vusdt),
    finalize_day: p.finalize_day,
    freerolls_per_day: p.freerolls_per_day,
    join_turns: p.freeroll_join_turns,
    members_per_day: p.members_per_day,
    members
  })
  return { agents: [admin, ...players.map((m) => m.agent), ...eco.agents], players }
}

export const phase1Island = defineScenario({
  name: "phase1-island",
  description: "a year of the closed economy: the phase-1 population, ecosystem agents and sybil farmers on every game and module",
  schema: Phase1IslandParameters,
  defaults: PHASE1_ISLAND_DEFAULTS,
  build: (p) => ({
    seed: p.seed,
    days: p.days,
    agents: islandPopulation(p).agents,
    windows_per_day: p.windows_per_day,
    blocks_per_window_max: p.blocks_per_window_max,
    transactions_per_block_max: 500,
    keep_blocks: false,
    admin_keys: [ADMIN_SIGNER.public_key]
  })
})
