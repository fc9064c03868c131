/**
 * Full-fidelity phase simulations: every block the runner builds is agreed by n simulated
 * validators running the production consensus state machine on the simulated network of the
 * consensus simulator (sim/vopr/cluster.ts: latency, loss, partitions, crashes and restarts from
 * the write-ahead log, clock skew, optionally Byzantine actors), then executed after finalization
 * with the consensus seed of the view that finalized it.
 *
 * Payloads are real block digests. The runner offers one block at a time (the next height, built
 * on the last executed block); a leader asked to build on the executed tip proposes it. A leader
 * asked to build on a parent that is not executed yet (the offered block is notarized but not
 * final) waits for it, as a validator waits for its parent's execution: when the runner offers the
 * next block on that parent, the leader proposes it; after `empty_after_ms` without one it
 * proposes an empty payload (no chain block; it only carries consensus forward, so a block
 * notarized but never finalized directly is finalized through a descendant). Empty payloads are
 * never executed, so the chain is exactly the runner's blocks, and a direct run fed the same seeds
 * gives the same state. Validators acknowledge each consensus height with the roots of the chain
 * at that point (with day-checkpoint roots, the block digest stands in for the state root).
 *
 * The consensus simulator's checkers watch the validators throughout; any safety or
 * accountability failure, a finalized payload the store never built, validators finalizing one
 * height with different views or seeds, or a block not finalized within `block_wait_ms_max` of
 * simulated time stops the run with FidelityFailed.
 */
import { Data } from "effect"
import { toHex, utf8 } from "../../engine/codec/bytes.ts"
import { sha256Concat } from "../../engine/crypto/sha256.ts"
import { blockDigest, type Block } from "../../engine/block.ts"
import type { Proposal } from "../../engine/consensus/messages.ts"
import type { DigestHex } from "../../engine/schema/primitives.ts"
import { SimCluster, type BlockSource, type BuildRequest, type FinalizedOutput, type SimNode } from "../vopr/cluster.ts"
import { describeConfig, drawConfig, type ConfigOverrides, type VoprConfig } from "../vopr/scenario.ts"
import type { BlockFinality } from "./simulate.ts"

export const FIDELITY_FAULTS = ["none", "crash-partition", "all"] as const
export type FidelityFaults = (typeof FIDELITY_FAULTS)[number]

export interface FidelityOptions {
  /** validators (n ≥ 4 tolerates f = ⌊(n − 1)/3⌋ faulty) */
  readonly validators: number
  /** the consensus simulator seed: network draws, fault mix, keys */
  readonly seed: number
  /**
   * none: a clean network (latency only); crash-partition: the consensus simulator's drawn mix
   * without Byzantine actors (crashes and torn crashes with restart, partitions, loss,
   * duplication, jitter, clock skew); all: the same with Byzantine actors (≤ f faulty in total)
   */
  readonly faults: FidelityFaults
  /** exact faults instead of drawn ones (tests) */
  readonly overrides?: ConfigOverrides
  /** how long a leader waits for the next block on an unexecuted parent before proposing an empty payload */
  readonly empty_after_ms?: number
  /** simulated time a block may take to be finalized */
  readonly block_wait_ms_max?: number
  /** executed blocks the store remembers (default 4,096; tests lower it to exercise pruning) */
  readonly kept_blocks?: number
}

/** a full-fidelity run could not finalize a block or a checker failed (the runner reports it as SimulationFailed) */
export class FidelityFailed extends Data.TaggedError("FidelityFailed")<{ readonly detail: string }> {
  override get message(): string {
    return this.detail
  }
}

export interface FidelityStats {
  readonly validators: number
  readonly blocks: number
  readonly consensus_heights: number
  readonly empty_payloads: number
  readonly views: number
  readonly sim_ms: number
  readonly events: number
  readonly crashes: number
  readonly evidence: number
  readonly description: string
}

interface Entry {
  /** the chain block this payload leaves the chain at (itself for a real block) */
  readonly tip: string
  readonly real: boolean
  /** real blocks: the chain parent; empty payloads: the consensus parent */
  readonly parent: string
  readonly view: number
}

interface WaitingBuild {
  readonly node: SimNode
  readonly request: BuildRequest
  readonly reply: (payload: string) => void
}

interface WaitingExec {
  readonly node: SimNode
  readonly epoch: number
  readonly height: number
  readonly tip: string
}

/** the largest validator set a full-fidelity run simulates */
export const FIDELITY_VALIDATORS_MAX = 64
const DEFAULT_EMPTY_AFTER_MS = 500
const DEFAULT_BLOCK_WAIT_MS_MAX = 120_000
/** waiting build requests and executions kept at once (n validators × a few views each) */
const WAITING_MAX = 4_096
/** total events of one full-fidelity run */
const EVENTS_MAX = 2_000_000_000
const ZERO_ROOT = "0".repeat(64)
/** executed blocks (and the empty payloads on them) the store remembers: far more than a restarted validator lags by */
const DEFAULT_KEPT_BLOCKS = 4_096

export const fidelityConfig = (o: FidelityOptions): VoprConfig => {
  const base: ConfigOverrides =
    o.faults === "none" ? { clean: true } : o.faults === "crash-partition" ? { byzantine: [], profile: "short" } : { profile: "short" }
  return { ...drawConfig(o.seed, { ...base, n: o.validators, ...o.overrides }), events_max: EVENTS_MAX }
}

export class FullFidelity implements BlockFinality {
  private c: SimCluster | null = null
  private readonly entries = new Map<string, Entry>()
  private readonly roots = new Map<string, { readonly state_root: string; readonly events_root: string }>()
  private readonly finalized_at = new Map<number, { readonly payload: string; readonly view: number; readonly seed: string }>()
  /** executed chain blocks in order, and the empty payloads left at each (pruned beyond kept_blocks) */
  private readonly executed_order: string[] = []
  private readonly empties_at = new Map<string, string[]>()
  private waiting_builds: WaitingBuild[] = []
  private waiting_execs: WaitingExec[] = []
  private runner_tip = ""
  private pending: { readonly digest: DigestHex; readonly parent: string; seed: string | null } | null = null
  private blocks = 0
  private empty = 0
  private readonly empty_after_ms: number
  private readonly block_wait_ms_max: number
  private readonly kept_blocks: number
  /** the seed each chain height executed with */
  readonly seeds = new Map<bigint, string>()

  constructor(readonly options: FidelityOptions) {
    if (!Number.isInteger(options.validators) || options.validators < 4 || options.validators > FIDELITY_VALIDATORS_MAX)
      throw new RangeError(`validators must be in 4..${FIDELITY_VALIDATORS_MAX}`)
    this.empty_after_ms = options.empty_after_ms ?? DEFAULT_EMPTY_AFTER_MS
    this.block_wait_ms_max = options.block_wait_ms_max ?? DEFAULT_BLOCK_WAIT_MS_MAX
    this.kept_blocks = Math.max(1, options.kept_blocks ?? DEFAULT_KEPT_BLOCKS)
  }

  /** the validators' genesis is the chain the run starts from (its last block) */
  begin(start_digest: DigestHex, start_state_root: DigestHex): void {
    if (this.c !== null) this.fail("begin called twice: one FullFidelity drives one run")
    this.runner_tip = start_digest
    this.entries.set(start_digest, { tip: start_digest, real: false, parent: "", view: 0 })
    this.roots.set(start_digest, { state_root: start_state_root, events_root: ZERO_ROOT })
    const source: BlockSource = {
      genesis_payload: start_digest,
      build: (node, request, reply) => this.build(node, request, reply),
      verify: (p, parent) => this.verify(p, parent),
      variant: (view, parent, key, salt) => this.emptyPayload(view, parent, key, salt),
      parentOf: (payload) => {
        const e = this.entries.get(payload)
        return e === undefined || e.real ? null : e.parent
      },
      finalized: (node, o) => this.finalized(node, o)
    }
    this.c = new SimCluster(fidelityConfig(this.options), source)
    this.c.start()
  }

  get cluster(): SimCluster {
    if (this.c === null) throw new FidelityFailed({ detail: "full fidelity: begin was not called" })
    return this.c
  }

  private fail(text: string): never {
    const o = this.options
    throw new FidelityFailed({
      detail: `full fidelity (validators ${o.validators}, consensus seed ${o.seed}, faults ${o.faults}) at block ${this.blocks + 1}, ${this.cluster.now} ms: ${text}`
    })
  }

  private tipOf(payload: string): string | undefined {
    return this.entries.get(payload)?.tip
  }

  private emptyPayload(view: number, parent: string, key: number, salt: string): string {
    const payload = toHex(sha256Concat(utf8(`nullspace/sim/empty/${view}/${key}/${salt}/`), utf8(parent)))
    const tip = this.tipOf(parent) ?? ""
    if (!this.entries.has(payload)) {
      this.entries.set(payload, { tip, real: false, parent, view })
      const at = this.empties_at.get(tip)
      if (at === undefined) this.empties_at.set(tip, [payload])
      else at.push(payload)
    }
    return payload
  }

  private build(node: SimNode, request: BuildRequest, reply: (payload: string) => void): void {
    const tip = this.tipOf(request.parent_payload)
    // the second instance of a twin proposes something else (it is Byzantine by construction)
    const twin = !node.honest && node.byz === null && node.salt.endsWith("/1")
    if (tip === undefined || twin) {
      reply(this.emptyPayload(request.view, request.parent_payload, node.key, node.salt))
      return
    }
    const pending = this.pending
    if (pending !== null && pending.seed === null && tip === this.runner_tip && pending.parent === tip) {
      reply(pending.digest)
      return
    }
    // the parent is not executed yet: wait for the runner's next block on it, or go empty
    if (this.waiting_builds.length >= WAITING_MAX) this.fail(`more than ${WAITING_MAX} build requests waiting`)
    const waiting: WaitingBuild = { node, request, reply }
    this.waiting_builds.push(waiting)
    this.cluster.later(this.cluster.now + this.empty_after_ms, () => {
      const i = this.waiting_builds.indexOf(waiting)
      if (i < 0) return
      this.waiting_builds.splice(i, 1)
      this.empty++
      reply(this.emptyPayload(request.view, request.parent_payload, node.key, node.salt))
    })
  }

  private verify(p: Proposal, parent: string): boolean {
    const e = this.entries.get(p.payload)
    if (e === undefined) return false
    return e.real ? this.tipOf(parent) === e.parent : e.view === p.view && e.parent === parent
  }

  private finalized(node: SimNode, o: FinalizedOutput): void {
    const e = this.entries.get(o.payload)
    if (e === undefined) this.fail(`node ${node.id} finalized a payload the store never built (${o.payload.slice(0, 12)}, height ${o.height})`)
    const seed = toHex(o.seed)
    if (node.honest) {
      const other = this.finalized_at.get(o.height)
      if (other === undefined) {
        this.finalized_at.set(o.height, { payload: o.payload, view: o.view, seed })
        this.finalized_at.delete(o.height - 2 * this.kept_blocks) // heights arrive in order: keep a window
      }
      else if (other.payload !== o.payload || other.view !== o.view || other.seed !== seed)
        this.fail(`node ${node.id} finalized height ${o.height} at view ${o.view}, another validator at view ${other.view}`)
      const pending = this.pending
      if (pending !== null && pending.seed === null && o.payload === pending.digest) pending.seed = seed
    }
    const roots = this.roots.get(e.tip)
    if (roots !== undefined) this.cluster.executed(node, { height: o.height, ...roots })
    else {
      if (this.waiting_execs.length >= WAITING_MAX) this.fail(`more than ${WAITING_MAX} executions waiting`)
      this.waiting_execs.push({ node, epoch: node.epoch, height: o.height, tip: e.tip })
    }
  }

  agree(block: Block): string {
    if (block.parent !== this.runner_tip) this.fail(`block ${block.height} does not extend the executed tip`)
    const digest = blockDigest(block)
    this.entries.set(digest, { tip: digest, real: true, parent: block.parent, view: 0 })
    this.pending = { digest, parent: block.parent, seed: null }
    // leaders already waiting on this block's parent propose it now
    const ready = this.waiting_builds.filter((w) => this.tipOf(w.request.parent_payload) === block.parent)
    this.waiting_builds = this.waiting_builds.filter((w) => !ready.includes(w))
    for (const w of ready) w.reply(digest)
    const checkers = this.cluster.checkers
    const deadline_ms = this.cluster.now + this.block_wait_ms_max
    const pending = this.pending
    const reason = this.cluster.run(
      () => deadline_ms,
      () => pending.seed !== null || checkers.failures.length > 0
    )
    if (checkers.failures.length > 0) this.fail(checkers.failures.join("; "))
    if (reason !== "stopped" || pending.seed === null) this.fail(`block ${block.height} not finalized (${reason})`)
    this.blocks++
    this.seeds.set(block.height, pending.seed)
    return pending.seed
  }

  executed(digest: DigestHex, state_root: DigestHex | null, events_root: DigestHex | null): void {
    if (this.pending === null || digest !== this.pending.digest) this.fail(`executed ${digest.slice(0, 12)}, which is not the agreed block`)
    const roots = { state_root: state_root ?? digest, events_root: events_root ?? digest }
    this.roots.set(digest, roots)
    this.runner_tip = digest
    this.executed_order.push(digest)
    if (this.executed_order.length > this.kept_blocks) {
      const old = this.executed_order.shift() ?? ""
      this.entries.delete(old)
      this.roots.delete(old)
      for (const e of this.empties_at.get(old) ?? []) this.entries.delete(e)
      this.empties_at.delete(old)
    }
    this.pending = null
    const ready = this.waiting_execs.filter((w) => w.tip === digest)
    this.waiting_execs = this.waiting_execs.filter((w) => w.tip !== digest)
    for (const w of ready) this.cluster.executed(w.node, { height: w.height, ...roots }, w.epoch)
  }

  stats(): FidelityStats {
    const facts = this.cluster.checkers.facts(this.cluster.events, this.cluster.now)
    return {
      validators: this.options.validators,
      blocks: this.blocks,
      consensus_heights: facts.height_max,
      empty_payloads: this.empty,
      views: facts.views_max,
      sim_ms: this.cluster.now,
      events: this.cluster.events,
      crashes: facts.crashes,
      evidence: facts.evidence,
      description: describeConfig(this.cluster.cfg)
    }
  }
}
