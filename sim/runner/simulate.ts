/**
 * The simulation loop: seeded agents, an engine Mempool and produceBlock, exactly as the dev
 * chain builds blocks. Plain functions (no Effect) because this is the hot path.
 *
 * Scheduling. A simulated day is 28,800 views (86,400 chain seconds, 3 s per view), split into
 * `windows_per_day` activity windows. Each agent picks its window for the day (or stays idle).
 * Within a window, blocks are produced at consecutive views; before each block every agent of
 * the window with nothing pending is asked for its next intents, which are signed with its own
 * key and tracked nonces and admitted to the mempool. produceBlock takes one transaction per
 * account per block, so an agent's round (StartGame + GameMove) spans two blocks. A window ends
 * when no agent has anything left to do (or at its block bound); the clock then jumps to the
 * next window. Skipped views are ordinary: the chain clock is 3 × view. Every loop is bounded:
 * blocks per window, transactions per block (≤ 500) and, in the agents, intents per day.
 */
import type { Block } from "../../engine/block.ts"
import { players } from "../../engine/casino/player.ts"
import { house } from "../../engine/casino/house.ts"
import { Chain } from "../../engine/chain/chain.ts"
import { clockAt } from "../../engine/chain/clock.ts"
import { defaultChainConfig } from "../../engine/chain/config.ts"
import { MAX_TRANSACTIONS_PER_BLOCK, SECONDS_PER_DAY, SECONDS_PER_VIEW } from "../../engine/chain/constants.ts"
import { devSeed } from "../../engine/chain/dev-seed.ts"
import { Mempool } from "../../engine/chain/mempool.ts"
import { produceBlock } from "../../engine/chain/produce.ts"
import type { BlockResult } from "../../engine/execute/output.ts"
import { ReadModel } from "../../engine/read/read-model.ts"
import type { PublicKey } from "../../engine/schema/primitives.ts"
import { getSession } from "../../engine/games/session.ts"
import type { RandomStream } from "../../engine/random/stream.ts"
import type { DigestHex } from "../../engine/schema/primitives.ts"
import { nodeSignTransaction } from "../agents/node-signer.ts"
import type { Agent, AgentView } from "../agents/agent.ts"
import { agentDayStream, simSeedBytes } from "../agents/draw.ts"
import { DayTally, gini, type DailyMetrics, type PlayerSnapshot } from "./metrics.ts"

export const VIEWS_PER_DAY = SECONDS_PER_DAY / SECONDS_PER_VIEW

export interface SimulationSpec {
  readonly seed: string
  readonly days: number
  readonly agents: ReadonlyArray<Agent>
  readonly windows_per_day: number
  readonly blocks_per_window_max: number
  readonly transactions_per_block_max: number
  /** keep every block and its result in the returned value (replays, cross-driver checks) */
  readonly keep_blocks: boolean
  /**
   * where state roots are computed: "block" = chain mode, a root per block; "day" = simulation
   * mode, one checkpoint root at the end of each day (execution is identical; the checkpoint
   * equals the chain-mode root at that height). Default: "block" when keep_blocks, else "day".
   */
  readonly roots?: "block" | "day"
  /** keys the chain treats as admins (operator agents sign with them); default none */
  readonly admin_keys?: ReadonlyArray<PublicKey>
}

export interface SimulatedBlock {
  readonly block: Block
  readonly result: BlockResult
}

export interface SimulationTotals {
  readonly blocks: bigint
  readonly transactions: bigint
  readonly applied: bigint
  readonly failed: bigint
  readonly skipped: bigint
}

export interface SimulationResult {
  readonly daily: ReadonlyArray<DailyMetrics>
  readonly snapshots: ReadonlyArray<PlayerSnapshot>
  /** every block with its result, in order (empty unless keep_blocks) */
  readonly blocks: ReadonlyArray<SimulatedBlock>
  /** (digest, state root) in order: of every block with roots "block", of each day's last block with roots "day" */
  readonly block_digests: ReadonlyArray<{ readonly digest: DigestHex; readonly state_root: DigestHex }>
  readonly final_state_root: DigestHex
  readonly totals: SimulationTotals
  /** the chain as the run left it (read-only use: invariants, inspection) */
  readonly chain: Chain
}

/** the block seed secret of a run: the dev chain's seed scheme keyed by the scenario seed */
export const seedSecret = (seed: string): string => `sim:${seed}`

/** A fresh chain as every simulation starts it: no admins, empty genesis at view 0. */
export const simulationChain = (admin_keys: ReadonlyArray<PublicKey> = []): Chain => {
  const chain = new Chain(defaultChainConfig(admin_keys))
  chain.genesis(() => {}, 0n)
  return chain
}

export const simulate = (spec: SimulationSpec): SimulationResult => {
  if (spec.windows_per_day < 1 || BigInt(spec.windows_per_day) > VIEWS_PER_DAY / 2n)
    throw new RangeError(`windows_per_day must be in [1, ${VIEWS_PER_DAY / 2n}]`)
  const window_views = VIEWS_PER_DAY / BigInt(spec.windows_per_day)
  const blocks_per_window_max = Math.min(spec.blocks_per_window_max, Number(window_views - 1n))
  const txs_max = Math.min(spec.transactions_per_block_max, MAX_TRANSACTIONS_PER_BLOCK)
  const chain = simulationChain(spec.admin_keys)
  const mempool = new Mempool()
  const seed_bytes = simSeedBytes(spec.seed)
  const secret = seedSecret(spec.seed)
  const agents = spec.agents
  /** nonce tracker: the next nonce each agent signs with */
  const next_nonce = agents.map((a) => chain.nonceOf(a.signer.public_key))
  const blocks: SimulatedBlock[] = []
  const block_digests: Array<{ digest: DigestHex; state_root: DigestHex }> = []
  const roots = spec.roots ?? (spec.keep_blocks ? "block" : "day")
  if (spec.keep_blocks && roots !== "block") throw new RangeError("keep_blocks keeps every block's result, which needs roots: \"block\"")
  const daily: DailyMetrics[] = []
  const snapshots: PlayerSnapshot[] = []
  let applied = 0n
  let failed = 0n
  let skipped = 0n
  let transactions = 0n
  let block_count = 0n

  for (let day = 0; day < spec.days; day++) {
    const tally = new DayTally()
    const streams: RandomStream[] = []
    const by_window: number[][] = Array.from({ length: spec.windows_per_day }, () => [])
    agents.forEach((agent, i) => {
      const rng = agentDayStream(seed_bytes, agent.index, day)
      streams.push(rng)
      const plan = agent.startDay(day, spec.windows_per_day, rng)
      if (plan.window !== null) {
        if (!Number.isInteger(plan.window) || plan.window < 0 || plan.window >= spec.windows_per_day)
          throw new RangeError(`agent ${agent.name} chose window ${plan.window}`)
        by_window[plan.window]!.push(i)
      }
    })
    const day_view = BigInt(day) * VIEWS_PER_DAY
    for (let w = 0; w < spec.windows_per_day; w++) {
      const members = by_window[w]!
      if (members.length === 0) continue
      let view = day_view + BigInt(w) * window_views + 1n
      for (let b = 0; b < blocks_per_window_max; b++) {
        const clock = clockAt(view)
        const read = new ReadModel(chain.store, clock)
        for (const i of members) {
          const agent = agents[i]!
          const pk = agent.signer.public_key
          const committed = chain.nonceOf(pk)
          if (committed < next_nonce[i]!) continue // still pending in the mempool
          const agentView: AgentView = {
            day,
            clock,
            player: players.get(chain.store, pk),
            nonce: committed,
            session: (id) => getSession(chain, id),
            read
          }
          for (const ix of agent.next(agentView, streams[i]!)) {
            const tx = nodeSignTransaction(agent.signer, next_nonce[i]!, ix)
            const admission = mempool.add(tx, committed, chain.height)
            if (admission !== "added") throw new Error(`mempool refused ${agent.name}'s transaction: ${String(admission)}`)
            next_nonce[i]!++
          }
        }
        if (mempool.size === 0) break
        const plan = { view, seed: devSeed(secret, view), transactions_max: txs_max }
        if (roots === "block") {
          const { block, result } = produceBlock(chain, mempool, plan)
          tally.add(result)
          if (spec.keep_blocks) blocks.push({ block, result })
          block_digests.push({ digest: result.digest, state_root: result.state_root })
        } else tally.add(produceBlock(chain, mempool, plan, { root: "skip" }).result)
        view++
      }
      // a window cut short by its block bound leaves transactions in the mempool: they stay
      // pending (their agents are not asked again) and go into the next window's blocks
    }
    // the day's checkpoint: the root at its last block (a day with no block adds none)
    if (roots === "day" && chain.height > 0n && block_digests.at(-1)?.digest !== chain.last_digest)
      block_digests.push({ digest: chain.last_digest, state_root: chain.checkpointRoot() })
    const h = house.get(chain.store)
    const rows = players.entries(chain.store)
    daily.push({
      day: BigInt(day),
      issuance_chips: h.chips_minted,
      house_pnl_chips: h.game_balance,
      active_players: BigInt(tally.active.size),
      players_total: BigInt(rows.length),
      volume_chips: tally.volume_chips,
      gini_chips: gini(rows.map(([, p]) => p.chips)),
      blocks: tally.blocks,
      transactions: tally.transactions
    })
    for (const [pk, p] of rows)
      snapshots.push({ day: BigInt(day), player: pk, name: p.name, chips: p.chips, sessions_played: p.sessions_played })
    applied += tally.applied
    failed += tally.failed
    skipped += tally.skipped
    transactions += tally.transactions
    block_count += tally.blocks
  }
  return {
    daily,
    snapshots,
    blocks,
    block_digests,
    final_state_root: chain.checkpointRoot(),
    totals: { blocks: block_count, transactions, applied, failed, skipped },
    chain
  }
}
