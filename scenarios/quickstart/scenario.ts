/**
 * quickstart: the default of `npm start`. A population of roulette players on an empty chain:
 * everyone registers on day 0 (1,000 chips each), then plays roulette on the days they are
 * active with one of three bet mixes, and uses the faucet when low on chips and eligible.
 */
import { Schema } from "effect"
import { defineScenario } from "../../sim/scenario.ts"
import { roulettePlayer, type RouletteKind } from "../../sim/agents/roulette-player.ts"
import { agentProfileStream, simSeedBytes } from "../../sim/agents/draw.ts"
import type { Agent } from "../../sim/agents/agent.ts"

const int = (lo: number, hi: number) => Schema.Int.pipe(Schema.between(lo, hi))
const bps = int(0, 10_000)

export const QuickstartParameters = Schema.Struct({
  seed: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(64)),
  agents: int(1, 20_000),
  days: int(1, 365),
  /** probability of being active on a day (after day 0), basis points */
  active_bps: bps,
  /** roulette rounds on an active day, drawn uniformly in [rounds_min, rounds_max] */
  rounds_min: int(1, 30),
  rounds_max: int(1, 30),
  /** a round's whole stake as a share of chips, drawn in [stake_min_bps, stake_max_bps] */
  stake_min_bps: int(1, 10_000),
  stake_max_bps: int(1, 10_000),
  /** archetype shares: grinder (even money), gambler (straight-up); mixed takes the rest */
  grinder_bps: bps,
  gambler_bps: bps,
  /** below this many chips an agent stops betting and tries the faucet */
  low_chips: int(1, 1_000_000),
  windows_per_day: int(1, 96),
  blocks_per_window_max: int(1, 10_000)
}).pipe(
  Schema.filter((p) => p.rounds_min <= p.rounds_max || "rounds_min must not exceed rounds_max"),
  Schema.filter((p) => p.stake_min_bps <= p.stake_max_bps || "stake_min_bps must not exceed stake_max_bps"),
  Schema.filter((p) => p.grinder_bps + p.gambler_bps <= 10_000 || "grinder_bps + gambler_bps must not exceed 10,000")
)
export type QuickstartParameters = typeof QuickstartParameters.Type

export const QUICKSTART_DEFAULTS: QuickstartParameters = {
  seed: "42",
  agents: 200,
  days: 7,
  active_bps: 6_000,
  rounds_min: 1,
  rounds_max: 8,
  stake_min_bps: 100,
  stake_max_bps: 500,
  grinder_bps: 5_000,
  gambler_bps: 2_000,
  low_chips: 700,
  windows_per_day: 4,
  blocks_per_window_max: 400
}

/** at most this many intents per agent per day (an agent never has more than 2 pending at once) */
const INTENTS_PER_DAY_MAX = 64

const kindOf = (roll: number, p: QuickstartParameters): RouletteKind =>
  roll < p.grinder_bps ? "grinder" : roll < p.grinder_bps + p.gambler_bps ? "gambler" : "mixed"

export const quickstartAgents = (p: QuickstartParameters): Agent[] => {
  const seed_bytes = simSeedBytes(p.seed)
  const policy = {
    active_bps: p.active_bps,
    rounds_min: p.rounds_min,
    rounds_max: p.rounds_max,
    stake_min_bps: p.stake_min_bps,
    stake_max_bps: p.stake_max_bps,
    low_chips: BigInt(p.low_chips),
    intents_per_day_max: INTENTS_PER_DAY_MAX
  }
  return Array.from({ length: p.agents }, (_, i) => roulettePlayer(i, kindOf(agentProfileStream(seed_bytes, i).bounded(10_000), p), policy))
}

export const quickstart = defineScenario({
  name: "quickstart",
  description: "roulette players register, play with seeded bet mixes and use the faucet",
  schema: QuickstartParameters,
  defaults: QUICKSTART_DEFAULTS,
  build: (p) => ({
    seed: p.seed,
    days: p.days,
    agents: quickstartAgents(p),
    windows_per_day: p.windows_per_day,
    blocks_per_window_max: p.blocks_per_window_max,
    transactions_per_block_max: 500,
    keep_blocks: true
  })
})
