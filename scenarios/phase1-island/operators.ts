/**
 * The island's operators: one admin key acting in the freeroll window every day, with the roles
 * the scenario's `operators` parameter lists (the seam where the operator agents of
 * sim/agents/operators/ plug in; these are the minimal admin steps phase 1 needs):
 *
 *  - bootstrap:  day 0 SetPolicy (oracle guard on), SetTreasury + SetTreasuryVesting, SeedAmm at
 *                the bootstrap price; FinalizeAmmBootstrap on `finalize_day`;
 *  - treasury:   daily, ReleaseTreasuryAllocation of what has vested in each bucket;
 *  - oracle:     daily, UpdateOracle with the AMM's spot price (the island's only price source);
 *  - membership: CasinoSetTournamentLimit 1 → 10 for every paying member not yet upgraded, at
 *                most `members_per_day` a day (membership grows a few a day);
 *  - freerolls:  the tournament organizer: each of the day's scheduled freerolls is started once
 *                entrants had `join_turns` turns to register, and ended when its 300 s are over;
 *                while waiting it closes due staking epochs or posts the oracle's heartbeat, so
 *                the window's clock keeps running.
 * Every step reads the read model first and sends nothing the engine would refuse.
 */
import { TREASURY_BUCKETS, type TreasuryAllocation, type TreasuryVesting } from "../../engine/economy/treasury-records.ts"
import { vested } from "../../engine/economy/treasury/vesting.ts"
import type { Policy } from "../../engine/economy/policy.ts"
import type { RandomStream } from "../../engine/random/stream.ts"
import type { PublicKey } from "../../engine/schema/primitives.ts"
import type { Instruction } from "../../engine/tx/instruction.ts"
import { actorSigner } from "../../engine/tx/sign.ts"
import type { Agent, AgentView, DayPlan } from "../../sim/agents/agent.ts"
import { FREEROLL_WINDOW, FREEROLLS_PER_DAY_MAX, freerollId } from "../../sim/agents/player-core.ts"

export const OPERATOR_ROLES = ["bootstrap", "treasury", "oracle", "membership", "freerolls"] as const
export type OperatorRole = (typeof OPERATOR_ROLES)[number]

export const ADMIN_SIGNER = actorSigner("phase1-island-admin")

export interface IslandOperatorsConfig {
  readonly roles: ReadonlySet<OperatorRole>
  readonly policy: Policy
  readonly treasury: TreasuryAllocation
  readonly vesting: TreasuryVesting
  readonly amm_rng: bigint
  readonly amm_vusdt: bigint
  readonly finalize_day: number
  readonly freerolls_per_day: number
  readonly join_turns: number
  readonly members_per_day: number
  /** the paying members (off-chain billing) and the day each one subscribes */
  readonly members: ReadonlyArray<{ readonly key: PublicKey; readonly from_day: number }>
}

const TURNS_PER_DAY_MAX = 2_000
const ORACLE_SOURCE = new TextEncoder().encode("island-amm")

const oracleUpdate = (num: bigint, den: bigint): Instruction => ({
  _tag: "UpdateOracle",
  price_vusdt_numerator: num,
  price_rng_denominator: den,
  updated_ts: 0n,
  source: ORACLE_SOURCE
})
const TOURNAMENT_TURNS_MAX = 400

export const islandOperators = (index: number, c: IslandOperatorsConfig): Agent => {
  const signer = ADMIN_SIGNER
  const has = (r: OperatorRole) => c.roles.has(r)
  let queue: Instruction[] = []
  let k = 0
  let waited = 0
  let turns = 0

  const startDay = (): DayPlan => {
    turns = 0
    k = 0
    waited = 0
    queue = []
    return { window: FREEROLL_WINDOW }
  }

  const dailyQueue = (view: AgentView): Instruction[] => {
    const day = Number(view.clock.day)
    const q: Instruction[] = []
    const amm = view.read.amm()
    if (has("bootstrap")) {
      if (amm.pool.total_shares === 0n) {
        q.push({ _tag: "SetPolicy", policy: c.policy })
        q.push({ _tag: "SetTreasury", allocation: c.treasury })
        q.push({ _tag: "SetTreasuryVesting", schedules: c.vesting })
        q.push({ _tag: "SeedAmm", rng_amount: c.amm_rng, usdt_amount: c.amm_vusdt, boot_num: 1n, boot_den: 1n })
      } else if (day >= c.finalize_day && !amm.pool.bootstrap_finalized) q.push({ _tag: "FinalizeAmmBootstrap" })
    }
    if (has("oracle") && amm.tradable)
      q.push(oracleUpdate(amm.spot.num, amm.spot.den))
    if (has("treasury")) {
      const t = view.read.treasury()
      TREASURY_BUCKETS.forEach((bucket, i) => {
        const s = t.vesting[bucket]
        const v = vested(t.allocation[bucket], s, view.clock.now_s)
        if (v > s.released) q.push({ _tag: "ReleaseTreasuryAllocation", bucket: i, amount: v - s.released })
      })
    }
    if (has("membership")) {
      let granted = 0
      for (const m of c.members) {
        if (granted >= c.members_per_day) break
        if (m.from_day > day) continue
        const ms = view.read.membership(m.key)
        if (ms === undefined || ms.daily_limit >= 10) continue
        q.push({ _tag: "CasinoSetTournamentLimit", player: m.key, daily_limit: 10 })
        granted++
      }
    }
    return q
  }

  /**
   * while a freeroll registers or runs the window's clock must keep going: close the staking
   * epoch when it is due, else post the oracle's heartbeat (the AMM price again)
   */
  const keepAlive = (view: AgentView): Instruction[] => {
    if (view.clock.view >= view.read.house().epoch_start_view + 100n) return [{ _tag: "ProcessEpoch" }]
    const amm = view.read.amm()
    return amm.tradable ? [oracleUpdate(amm.spot.num, amm.spot.den)] : []
  }

  const organizer = (view: AgentView): Instruction[] => {
    const day = Number(view.clock.day)
    const now_ms = view.clock.now_s * 1_000n
    while (k < Math.min(c.freerolls_per_day, FREEROLLS_PER_DAY_MAX)) {
      const id = freerollId(day, k)
      const t = view.read.tournament(id)
      if (t === undefined || t.phase === "registration") {
        if (waited++ < c.join_turns) return keepAlive(view)
        waited = 0
        return [{ _tag: "CasinoStartTournament", tournament_id: id, start_time_ms: now_ms, end_time_ms: now_ms + 300_000n }]
      }
      if (t.phase === "active") {
        if (now_ms >= t.end_time_ms) return [{ _tag: "CasinoEndTournament", tournament_id: id }]
        if (waited++ > TOURNAMENT_TURNS_MAX) return []
        return keepAlive(view)
      }
      k++
      waited = 0
    }
    return []
  }

  let queued_today = -1
  const next = (view: AgentView, _rng: RandomStream): ReadonlyArray<Instruction> => {
    if (turns++ >= TURNS_PER_DAY_MAX) return []
    const day = Number(view.clock.day)
    if (queued_today !== day) {
      queued_today = day
      queue = dailyQueue(view)
    }
    const ix = queue.shift()
    if (ix !== undefined) return [ix]
    return has("freerolls") ? organizer(view) : []
  }

  return { index, name: "IslandAdmin", signer, kind: "operator", startDay, next }
}
