/**
 * Retention by archetype. An agent is active on a day when one of its transactions applied that
 * day (the block outputs' signer). Two tables at the end of the run:
 *   kind_activity   day, kind, agents (registered agents of that kind), active_agents
 *   agent_outcomes  one row per agent: kind, first/last active day, active days, transaction
 *                   statuses, and its day-end holdings read from state
 * Agents are identified by their public key; the kind is the agent's own `kind` label, so the
 * collector works on any scenario's population.
 */
import { players } from "../../engine/casino/player.ts"
import { stakers } from "../../engine/economy/staking/staker.ts"
import { vaults } from "../../engine/economy/vault/vault.ts"
import type { BlockExecution } from "../../engine/execute/output.ts"
import type { Row } from "../sinks/duckdb.ts"
import type { MetricsCollector } from "./collector.ts"

export interface TrackedAgent {
  readonly index: number
  readonly name: string
  readonly kind: string
  readonly public_key: string
}

interface AgentTally {
  first_active_day: number | null
  last_active_day: number | null
  active_days: number
  active_today: boolean
  applied: bigint
  failed: bigint
}

export const KIND_ACTIVITY_COLUMNS = [
  ["day", "BIGINT"],
  ["kind", "VARCHAR"],
  ["agents", "BIGINT"],
  ["active_agents", "BIGINT"]
] as const

export const AGENT_OUTCOME_COLUMNS = [
  ["agent_index", "BIGINT"],
  ["name", "VARCHAR"],
  ["kind", "VARCHAR"],
  ["player", "VARCHAR"],
  ["registered", "BOOLEAN"],
  ["first_active_day", "BIGINT"],
  ["last_active_day", "BIGINT"],
  ["active_days", "BIGINT"],
  ["transactions_applied", "BIGINT"],
  ["transactions_failed", "BIGINT"],
  ["sessions_played", "BIGINT"],
  ["chips_final", "BIGINT"],
  ["vusdt_final", "BIGINT"],
  ["staked_final_chips", "BIGINT"],
  ["collateral_final_chips", "BIGINT"],
  ["debt_final_vusdt", "BIGINT"]
] as const

export const retentionCollector = (agents: ReadonlyArray<TrackedAgent>): MetricsCollector => {
  const by_key = new Map<string, AgentTally>()
  for (const a of agents)
    by_key.set(a.public_key, { first_active_day: null, last_active_day: null, active_days: 0, active_today: false, applied: 0n, failed: 0n })
  const kinds = [...new Set(agents.map((a) => a.kind))].sort()
  const activity: Row[] = []
  return {
    family: "retention",
    daily_columns: [],
    observeBlock: (block: BlockExecution) => {
      for (const out of block.outputs) {
        const t = by_key.get(out.signer)
        if (t === undefined) continue
        if (out.status === "applied") {
          t.applied++
          t.active_today = true
        } else if (out.status === "failed") t.failed++
      }
    },
    endDay: ({ day, store }) => {
      const registered = new Map<string, bigint>()
      const active = new Map<string, bigint>()
      for (const a of agents) {
        const t = by_key.get(a.public_key)
        if (t === undefined) continue
        if (players.get(store, a.public_key) !== undefined) registered.set(a.kind, (registered.get(a.kind) ?? 0n) + 1n)
        if (t.active_today) {
          active.set(a.kind, (active.get(a.kind) ?? 0n) + 1n)
          t.first_active_day ??= day
          t.last_active_day = day
          t.active_days++
          t.active_today = false
        }
      }
      for (const k of kinds) activity.push([BigInt(day), k, registered.get(k) ?? 0n, active.get(k) ?? 0n])
      return []
    },
    finish: ({ store }) => {
      const outcomes: Row[] = agents.map((a) => {
        const t = by_key.get(a.public_key)
        const p = players.get(store, a.public_key)
        const s = stakers.get(store, a.public_key)
        const v = vaults.get(store, a.public_key)
        const day = (d: number | null | undefined): bigint | null => (d === null || d === undefined ? null : BigInt(d))
        return [
          BigInt(a.index),
          a.name,
          a.kind,
          a.public_key,
          p !== undefined,
          day(t?.first_active_day),
          day(t?.last_active_day),
          BigInt(t?.active_days ?? 0),
          t?.applied ?? 0n,
          t?.failed ?? 0n,
          p?.sessions_played ?? 0n,
          p?.chips ?? 0n,
          p?.vusdt_balance ?? 0n,
          s?.balance ?? 0n,
          v?.collateral_rng ?? 0n,
          v?.debt_vusdt ?? 0n
        ]
      })
      return [
        { name: "kind_activity", columns: KIND_ACTIVITY_COLUMNS, rows: activity },
        { name: "agent_outcomes", columns: AGENT_OUTCOME_COLUMNS, rows: outcomes }
      ]
    }
  }
}
