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
import { AssertionFailed } from "../../engine/assert.ts"
import type { Block } from "../../engine/block.ts"
import { players } from "../../engine/casino/player.ts"
import { house } from "../../engine/casino/house.ts"
import { Chain, type TransactionInvariantCheck } from "../../engine/chain/chain.ts"
import { clockAt } from "../../engine/chain/clock.ts"
import { defaultChainConfig } from "../../engine/chain/config.ts"
import { MAX_TRANSACTIONS_PER_BLOCK, SECONDS_PER_DAY, SECONDS_PER_VIEW } from "../../engine/chain/constants.ts"
import { devSeed } from "../../engine/chain/dev-seed.ts"
import { Mempool } from "../../engine/chain/mempool.ts"
import { buildBlock, produceBlock, type BlockPlan } from "../../engine/chain/produce.ts"
import type { BlockResult } from "../../engine/execute/output.ts"
import { ReadModel } from "../../engine/read/read-model.ts"
import { getSession } from "../../engine/games/session.ts"
import type { RandomStream } from "../../engine/random/stream.ts"
import type { DigestHex, PublicKey } from "../../engine/schema/primitives.ts"
import { nodeSignTransaction } from "../agents/node-signer.ts"
import type { Agent, AgentView } from "../agents/agent.ts"
import { agentDayStream, simSeedBytes } from "../agents/draw.ts"
import { agentRecords, type AgentRecord } from "../agents/fingerprint.ts"
import { InvariantViolated, type ViolationRecord } from "./errors.ts"
import { DEFAULT_INVARIANTS, engineSupplyLaw, supplyLawName, type InvariantSuite } from "./invariants.ts"
import { DayTally, gini, type DailyMetrics, type PlayerSnapshot } from "./metrics.ts"
import { composeCollectors, type MetricsCollector, type RunMetrics } from "../metrics/collector.ts"
import { defaultCollectors } from "../metrics/index.ts"

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
  /**
   * the clock runs at least this many views into every active window even when nothing is pending
   * (default 0: a window ends when the mempool drains). Views without transactions produce no
   * block; agents are asked again at each view, so timed duties (a tournament's start after its
   * registration minute, its end 300 s later) happen inside the window.
   */
  readonly window_views_min?: number
  /** admin keys of the run's chain (operator agents sign admin instructions with them); default none */
  readonly admin_keys?: ReadonlyArray<PublicKey>
  /** metric families fed every executed block and each day's end state (default: sim/metrics/index.ts) */
  readonly collectors?: ReadonlyArray<MetricsCollector>
}

/** Where a run starts: a fresh chain (default) or a chain already at some height (a digital twin). */
export interface SimulationStart {
  /** the chain to continue; its first simulated day is the day after its last block's day */
  readonly chain: Chain
}

export interface SimulateOptions {
  /** the invariants checked (default DEFAULT_INVARIANTS); tests inject failing ones */
  readonly invariants?: InvariantSuite
  /** continue this chain instead of a fresh one (twin.ts builds it from a block log) */
  readonly start?: SimulationStart
  /**
   * direct application: the seed of each block (default: the dev seed of the run's secret at the
   * block's view). Tests feed a full-fidelity run's seeds back through here.
   */
  readonly seeds?: (height: bigint, view: bigint) => string
  /**
   * full fidelity (fidelity.ts): every block is agreed by simulated validators before it is
   * executed, with the consensus seed of its finalizing view (default: direct application)
   */
  readonly finality?: BlockFinality
  /**
   * called once at the end of every simulated day with where the run stands (pure data; the
   * command lines turn it into a progress line with the time left, sim/cli/progress.ts)
   */
  readonly progress?: (p: SimulationProgress) => void
}

/** where a run stands at the end of a day: days done of the days asked for, and the totals so far */
export interface SimulationProgress {
  /** the day just closed (absolute: a twin's first day is the day after its log) */
  readonly day: number
  /** days simulated so far by this run, 1..days_total */
  readonly days_done: number
  readonly days_total: number
  /** blocks and transactions executed by this run so far */
  readonly blocks: bigint
  readonly transactions: bigint
}

/** how a built block becomes final: consensus agrees on it and hands back its seed; execution is reported back */
export interface BlockFinality {
  /** the run starts from this chain tip (its last block digest and state root) */
  begin(tip: DigestHex, state_root: DigestHex): void
  /** agree on a built block (its seed still empty) that extends the last executed one: the seed it executes with */
  agree(block: Block): string
  /** the agreed block was executed (roots are null when the run roots only at day checkpoints) */
  executed(digest: DigestHex, state_root: DigestHex | null, events_root: DigestHex | null): void
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
  /** what the metric collectors produced (daily_metrics columns and rows, per-run tables) */
  readonly metrics: RunMetrics
  /** every block with its result, in order (empty unless keep_blocks) */
  readonly blocks: ReadonlyArray<SimulatedBlock>
  /** (digest, state root) in order: of every block with roots "block", of each day's last block with roots "day" */
  readonly block_digests: ReadonlyArray<{ readonly digest: DigestHex; readonly state_root: DigestHex }>
  readonly final_state_root: DigestHex
  readonly totals: SimulationTotals
  /** the chain as the run left it (read-only use: invariants, inspection) */
  readonly chain: Chain
  /** the first simulated day (0 for a fresh chain; the day after the log for a twin) */
  readonly first_day: number
  /** transactions still in the mempool when the run ended (a twin cut here cannot see them) */
  readonly pending_at_end: number
  /** every agent's key, name, kind (the ground truth) and off-chain fingerprint, if any */
  readonly agents: ReadonlyArray<AgentRecord>
}

/** the block seed secret of a run: the dev chain's seed scheme keyed by the scenario seed */
export const seedSecret = (seed: string): string => `sim:${seed}`

/** A fresh chain as every simulation starts it: the given admins (default none), empty genesis at view 0. */
export const simulationChain = (admin_keys: ReadonlyArray<PublicKey> = []): Chain => {
  const chain = new Chain(defaultChainConfig(admin_keys))
  chain.genesis(() => {}, 0n)
  return chain
}

/** the first day a run on `chain` simulates: 0 on an empty chain, else the day after its last block */
export const firstDayAfter = (chain: Chain): number => (chain.height === 0n ? 0 : Number(clockAt(chain.view).day) + 1)

/** the failing law the per-transaction checker saw, kept for the report */
interface FailingLaw {
  readonly invariant: string
  readonly detail: string
  readonly tx_id: DigestHex
  readonly index: number
}

export const simulate = (spec: SimulationSpec, options: SimulateOptions = {}): SimulationResult => {
  if (spec.windows_per_day < 1 || BigInt(spec.windows_per_day) > VIEWS_PER_DAY / 2n)
    throw new RangeError(`windows_per_day must be in [1, ${VIEWS_PER_DAY / 2n}]`)
  const window_views = VIEWS_PER_DAY / BigInt(spec.windows_per_day)
  const blocks_per_window_max = Math.min(spec.blocks_per_window_max, Number(window_views - 1n))
  const txs_max = Math.min(spec.transactions_per_block_max, MAX_TRANSACTIONS_PER_BLOCK)
  const chain = options.start?.chain ?? simulationChain(spec.admin_keys ?? [])
  const first_day = firstDayAfter(chain)
  const suite = options.invariants ?? DEFAULT_INVARIANTS
  const window_views_min = Math.min(spec.window_views_min ?? 0, blocks_per_window_max)
  const mempool = new Mempool()
  const seed_bytes = simSeedBytes(spec.seed)
  const secret = seedSecret(spec.seed)
  const finality = options.finality
  const seedOf = options.seeds ?? ((_height: bigint, view: bigint) => devSeed(secret, view))
  finality?.begin(chain.last_digest, chain.checkpointRoot())
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
  const collectors = composeCollectors(
    spec.collectors ?? defaultCollectors(agents.map((a) => ({ index: a.index, name: a.name, kind: a.kind, public_key: a.signer.public_key })))
  )

  // the collectors' baseline: the state the run starts from (empty, or a twin's replayed chain)
  collectors.start({ day: first_day, store: chain.store, height: chain.height, now_s: clockAt(chain.view).now_s })

  const seen: { failing: FailingLaw | null } = { failing: null }
  /** read through a call: the checker sets it inside applyBlock, out of the compiler's sight */
  const failingLaw = (): FailingLaw | null => seen.failing
  const txCheck: TransactionInvariantCheck = (store, tx_id, index) => {
    const height = chain.height + 1n
    for (const law of suite.transaction) {
      const detail = law.check(store, { tx_id, index, height })
      if (detail !== null) {
        const invariant = law.name === engineSupplyLaw.name ? supplyLawName(detail) : law.name
        seen.failing = { invariant, detail, tx_id, index }
        throw new AssertionFailed({ message: `invariant ${invariant}: ${detail}` })
      }
    }
  }

  /** chain seconds at the last view of `day` (what the collectors read the day's end state at) */
  const dayEndSeconds = (day: number): bigint => clockAt(BigInt(day + 1) * VIEWS_PER_DAY - 1n).now_s

  const closeDay = (day: number, tally: DayTally): void => {
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
    collectors.endDay({ day, store: chain.store, now_s: dayEndSeconds(day) })
    applied += tally.applied
    failed += tally.failed
    skipped += tally.skipped
    transactions += tally.transactions
    block_count += tally.blocks
  }

  const resultSoFar = (): SimulationResult => ({
    daily,
    snapshots,
    metrics: collectors.finish({ day: first_day + spec.days - 1, store: chain.store, now_s: dayEndSeconds(first_day + spec.days - 1) }),
    blocks,
    block_digests,
    final_state_root: chain.checkpointRoot(),
    totals: { blocks: block_count, transactions, applied, failed, skipped },
    chain,
    first_day,
    pending_at_end: mempool.size,
    agents: agentRecords(agents)
  })

  const violation = (day: number, tally: DayTally, record: ViolationRecord): InvariantViolated => {
    closeDay(day, tally)
    return new InvariantViolated({ violation: record, partial: resultSoFar() })
  }

  /** one block through produceBlock, its laws checked; a violation stops the run */
  const runBlock = (day: number, tally: DayTally, plan: BlockPlan): void => {
    const height = chain.height + 1n
    seen.failing = null
    let result
    try {
      if (finality !== undefined) {
        // full fidelity: build, agree on the block's digest, then execute it with the consensus seed
        const built = buildBlock(chain, mempool, { ...plan, seed: "" })
        const seed = finality.agree(built)
        if (roots === "block") {
          const produced = produceBlock(chain, mempool, { ...plan, seed }, { check_invariants: txCheck })
          result = produced.result
          if (spec.keep_blocks) blocks.push(produced)
          block_digests.push({ digest: produced.result.digest, state_root: produced.result.state_root })
          finality.executed(produced.result.digest, produced.result.state_root, produced.result.events_root)
        } else {
          result = produceBlock(chain, mempool, { ...plan, seed }, { root: "skip", check_invariants: txCheck }).result
          finality.executed(result.digest, null, null)
        }
      } else if (roots === "block") {
        const produced = produceBlock(chain, mempool, plan, { check_invariants: txCheck })
        result = produced.result
        if (spec.keep_blocks) blocks.push(produced)
        block_digests.push({ digest: produced.result.digest, state_root: produced.result.state_root })
      } else result = produceBlock(chain, mempool, plan, { root: "skip", check_invariants: txCheck }).result
    } catch (e) {
      const f = failingLaw()
      if (f === null) throw e
      // the block was rolled back and the mempool is untouched: the same selection rebuilds it
      const tx = buildBlock(chain, mempool, plan).transactions[f.index]
      throw violation(day, tally, {
        seed: spec.seed,
        day,
        height,
        view: plan.view,
        tx_id: f.tx_id,
        tx_index: f.index,
        signer: tx?.public_key ?? null,
        instruction: tx?.instruction._tag ?? null,
        invariant: f.invariant,
        detail: f.detail
      })
    }
    tally.add(result)
    collectors.observeBlock(result)
    for (const law of suite.block) {
      const detail = law.check(chain.store, chain.height)
      if (detail !== null)
        throw violation(day, tally, {
          seed: spec.seed,
          day,
          height: chain.height,
          view: chain.view,
          tx_id: null,
          tx_index: null,
          signer: null,
          instruction: null,
          invariant: law.name,
          detail
        })
    }
  }

  for (let day = first_day; day < first_day + spec.days; day++) {
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
      if (view <= chain.view) view = chain.view + 1n
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
            read,
            state: chain.store
          }
          for (const ix of agent.next(agentView, streams[i]!)) {
            const tx = nodeSignTransaction(agent.signer, next_nonce[i]!, ix)
            const admission = mempool.add(tx, committed, chain.height)
            if (admission !== "added") throw new Error(`mempool refused ${agent.name}'s transaction: ${String(admission)}`)
            next_nonce[i]!++
          }
        }
        if (mempool.size === 0) {
          if (b + 1 >= window_views_min) break
          view++ // a quiet view: the clock moves, no block
          continue
        }
        runBlock(day, tally, { view, seed: finality !== undefined ? "" : seedOf(chain.height + 1n, view), transactions_max: txs_max })
        view++
      }
      // a window cut short by its block bound leaves transactions in the mempool: they stay
      // pending (their agents are not asked again) and go into the next window's blocks
    }
    closeDay(day, tally)
    options.progress?.({ day, days_done: day - first_day + 1, days_total: spec.days, blocks: block_count, transactions })
  }
  return resultSoFar()
}
