/**
 * The island's population: the phase-1 archetypes of simulations.md §2.2 drawn once per agent
 * from a 0..99 roll (grinder 40 %, casual 25 %, whale 10 %, DeFi 12 %, subscriber 8 %, lurker 5 %),
 * a member flag, an arrival day (the initial players on day 0, then `daily_new_players` a day)
 * and a churn day (each day with probability `daily_churn_bps`). Every draw comes from the agent's
 * profile stream, so the population is a pure function of the seed.
 */
import type { RandomStream } from "../../engine/random/stream.ts"
import type { Agent } from "../../sim/agents/agent.ts"
import { casualProfile } from "../../sim/agents/casual.ts"
import { defiProfile } from "../../sim/agents/defi-user.ts"
import { chanceBps } from "../../sim/agents/draw.ts"
import { grinderProfile } from "../../sim/agents/grinder.ts"
import { lurkerProfile } from "../../sim/agents/lurker.ts"
import type { Phase1Options } from "../../sim/agents/phase1-day.ts"
import { playerAgent, type Profile } from "../../sim/agents/player-core.ts"
import { subscriberProfile } from "../../sim/agents/subscriber.ts"
import { personFingerprint } from "../../sim/agents/sybil-farmer.ts"
import { whaleProfile } from "../../sim/agents/whale.ts"

export const PHASE1_KINDS = ["grinder", "casual", "whale", "defi", "subscriber", "lurker"] as const
export type Phase1Kind = (typeof PHASE1_KINDS)[number]

/** §2.2: kind from a 0..99 roll */
export const kindOfRoll = (roll: number): Phase1Kind =>
  roll < 40 ? "grinder" : roll < 65 ? "casual" : roll < 75 ? "whale" : roll < 87 ? "defi" : roll < 95 ? "subscriber" : "lurker"

export const profileOf = (kind: Phase1Kind, o: Phase1Options): Profile => {
  switch (kind) {
    case "grinder":
      return grinderProfile(o)
    case "casual":
      return casualProfile(o)
    case "whale":
      return whaleProfile({ ...o, swap_size: [o.swap_size[0] * 10, o.swap_size[1] * 10] })
    case "defi":
      return defiProfile(o)
    case "subscriber":
      return subscriberProfile(o)
    case "lurker":
      return lurkerProfile(o)
  }
}

export interface PopulationMember {
  readonly agent: Agent
  readonly kind: Phase1Kind
  readonly member: boolean
  readonly arrival_day: number
}

export interface PopulationOptions {
  readonly active_bps: number
  readonly member_share_bps: number
  readonly daily_churn_bps: number
  readonly days: number
  readonly swap_size: readonly [number, number]
  readonly windows_per_day: number
  readonly freerolls_per_day: number
}

export const phase1Member = (index: number, arrival_day: number, rng: RandomStream, o: PopulationOptions): PopulationMember => {
  const kind = kindOfRoll(rng.bounded(100))
  const member = kind === "subscriber" || chanceBps(rng, o.member_share_bps)
  let leave_day: number | null = null
  for (let d = arrival_day + 1; d < o.days && o.daily_churn_bps > 0; d++)
    if (chanceBps(rng, o.daily_churn_bps)) {
      leave_day = d
      break
    }
  const profile = profileOf(kind, { active_bps: o.active_bps, member, swap_size: o.swap_size })
  const fingerprint = personFingerprint(o.windows_per_day, rng)
  return { agent: playerAgent({ index, profile, arrival_day, leave_day, fingerprint, freerolls_per_day: o.freerolls_per_day }), kind, member, arrival_day }
}
