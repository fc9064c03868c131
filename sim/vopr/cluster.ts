/**
 * A simulated validator cluster: n validators running the production state machine
 * (engine/consensus/machine.ts) on a simulated network, one event queue ordered by (simulated
 * time, sequence), every chance drawn from seeded streams (prng.ts). What the blocks are is left
 * to a BlockSource: the consensus simulator (simulate.ts) uses hash-only blocks, a full-fidelity
 * phase simulation (fidelity.ts) the runner's real blocks.
 *
 * Each event delivers one input to one node and carries out the outputs in order: Persist appends
 * to the node's simulated write-ahead log (durable across crashes), Broadcast / Send put deliveries
 * on the queue (loss, duplication, latency + jitter; partitions drop messages between groups),
 * SetTimer schedules a timeout at the node's clock rate, Build / Verify go to the BlockSource
 * (answered after a short delay), Finalized goes to the checkers and then to the BlockSource, which
 * executes and answers with `executed`. A crash discards the node's memory and its pending events;
 * a torn crash strikes part-way through a step's outputs (persisted records stay, unsent messages
 * are lost); a restart rebuilds the node with `recover` from its log.
 */
import { initialState, recover, step, type ConsensusConfig, type ConsensusState, type Input, type Output, type WalRecord } from "../../engine/consensus/machine.ts"
import type { ConsensusMessage, ExecutionItem, Proposal } from "../../engine/consensus/messages.ts"
import { transformOutputs, type ByzantineContext } from "./byzantine.ts"
import { Checkers } from "./checkers.ts"
import { EventHeap } from "./heap.ts"
import { Prng } from "./prng.ts"
import { productionKeyring } from "./production-keys.ts"
import type { VoprConfig } from "./scenario.ts"
import { simKeyring, type SimKeyring } from "./sim-crypto.ts"

/** simulation timeouts: the reference ones (1 s leader, 2 s advance, 10 s retry, 2 s fetch) */
const TIMEOUTS = { leader_ms: 1_000, advance_ms: 2_000, retry_ms: 10_000, fetch_ms: 2_000 }
export const BUILD_MS = 5
export const VERIFY_MS = 5
/** events queued at once (deliveries in flight, timers, pending inputs) */
const QUEUE_EVENTS_MAX = 2_000_000

type Event =
  | { readonly at_ms: number; readonly seq: number; readonly k: "deliver"; readonly to: number; readonly from: number; readonly message: ConsensusMessage }
  | { readonly at_ms: number; readonly seq: number; readonly k: "input"; readonly node: number; readonly epoch: number; readonly input: Input }
  | { readonly at_ms: number; readonly seq: number; readonly k: "crash"; readonly node: number; readonly down_ms: number; readonly torn: boolean }
  | { readonly at_ms: number; readonly seq: number; readonly k: "restart"; readonly node: number }
  | { readonly at_ms: number; readonly seq: number; readonly k: "heal" }
  | { readonly at_ms: number; readonly seq: number; readonly k: "call"; readonly fn: () => void }

type EventBody = Event extends infer E ? (E extends Event ? Omit<E, "seq"> : never) : never

export type BuildRequest = Extract<Output, { _tag: "Build" }>
export type FinalizedOutput = Extract<Output, { _tag: "Finalized" }>

export interface SimNode {
  /** instance id (twins make more instances than keys) */
  readonly id: number
  readonly key: number
  readonly honest: boolean
  readonly config: ConsensusConfig
  state: ConsensusState
  readonly wal: WalRecord[]
  up: boolean
  epoch: number
  readonly rate: number
  readonly salt: string
  readonly byz: ByzantineContext | null
  /** executed roots by height (the node's durable application storage) */
  readonly roots: Map<number, { readonly state_root: string; readonly events_root: string }>
  /** (restart time of) a torn crash waiting for the node's next step: it dies part-way through carrying out the outputs */
  torn_restart_ms: number | null
}

/** what the blocks are: building, verifying and executing them */
export interface BlockSource {
  readonly genesis_payload: string
  /** the leader asks for a block on a parent; `reply` (now or later) answers it BUILD_MS after the call */
  build(node: SimNode, request: BuildRequest, reply: (payload: string) => void): void
  verify(proposal: Proposal, parent_payload: string): boolean
  /** a second valid block on the same parent (an equivocating leader's) */
  variant(view: number, parent_payload: string, key: number, salt: string): string
  parentOf(payload: string): string | null
  /** a node finalized a block (after the checkers saw it): execute it and answer with cluster.executed */
  finalized(node: SimNode, o: FinalizedOutput): void
}

export type StopReason = "stopped" | "time" | "dry" | "budget"

export class SimCluster {
  readonly nodes: SimNode[] = []
  readonly checkers: Checkers
  readonly keys: SimKeyring
  now = 0
  events = 0
  private readonly net: Prng
  private readonly heap: EventHeap<Event>
  private seq = 0
  private readonly instancesOf: SimNode[][]

  constructor(
    readonly cfg: VoprConfig,
    private readonly source: BlockSource
  ) {
    this.net = new Prng(cfg.seed, "network")
    this.keys = cfg.keys === "production" ? productionKeyring(cfg.n, cfg.quorum, cfg.seed) : simKeyring(cfg.n, cfg.quorum, cfg.seed)
    this.heap = new EventHeap<Event>(Math.min(cfg.events_max, QUEUE_EVENTS_MAX))
    const byzKind = new Map(cfg.byzantine.map((b) => [b.index, b.kind]))
    const makeConfig = (key: number): ConsensusConfig => ({
      n: cfg.n,
      quorum: cfg.quorum,
      timeouts: TIMEOUTS,
      skip_window_views: 32,
      activity_window_views: 256,
      future_window_views: 64,
      fetches_max: 16,
      genesis_payload: source.genesis_payload,
      verifier: this.keys.verifier,
      signer: this.keys.signer(key)
    })
    for (let key = 0; key < cfg.n; key++) {
      const kind = byzKind.get(key)
      const instances = kind === "twins" ? 2 : 1
      for (let twin = 0; twin < instances; twin++) {
        const config = makeConfig(key)
        const id = this.nodes.length
        const rng = new Prng(cfg.seed, `byzantine/${id}`)
        this.nodes.push({
          id,
          key,
          honest: kind === undefined,
          config,
          state: initialState(config),
          wal: [],
          up: true,
          epoch: 0,
          rate: cfg.clock_rate[key] ?? 1,
          salt: `${key}/${twin}`,
          byz:
            kind === undefined || kind === "twins"
              ? null
              : {
                  kind,
                  rng,
                  signer: config.signer,
                  n: cfg.n,
                  variant: (p: Proposal, parent: string | null) => source.variant(p.view, parent ?? source.genesis_payload, key, `variant/${rng.int(0, 1_000_000)}`),
                  parentPayloadOf: (payload) => source.parentOf(payload),
                  seen: [],
                  nullified: new Set()
                },
          roots: new Map(),
          torn_restart_ms: null
        })
      }
    }
    this.instancesOf = Array.from({ length: cfg.n }, (_, key) => this.nodes.filter((x) => x.key === key))
    this.checkers = new Checkers(cfg, this.keys.verifier, this.nodes)
  }

  private schedule(e: EventBody): void {
    this.heap.push({ ...e, seq: this.seq++ })
  }

  /** run `fn` at simulated time `at_ms` (no earlier than now) */
  later(at_ms: number, fn: () => void): void {
    this.schedule({ at_ms: Math.max(this.now, at_ms), k: "call", fn })
  }

  /** the node executed a finalized height: it acknowledges the roots one millisecond later (unless it crashed since) */
  executed(node: SimNode, item: ExecutionItem, epoch: number = node.epoch): void {
    this.schedule({ at_ms: this.now + 1, k: "input", node: node.id, epoch, input: { _tag: "Executed", item } })
  }

  private partitioned(a: number, b: number): boolean {
    for (const p of this.cfg.partitions) {
      if (this.now >= p.start_ms && this.now < p.end_ms && p.group_of[a] !== p.group_of[b]) return true
    }
    return false
  }

  private transmit(from: SimNode, to_key: number, message: ConsensusMessage): void {
    const cfg = this.cfg
    for (const target of this.instancesOf[to_key] ?? []) {
      if (target.id === from.id) continue
      this.checkers.sent++
      if (this.net.chance(cfg.loss) || this.partitioned(from.key, to_key)) continue
      const copies = this.net.chance(cfg.duplication) ? 2 : 1
      for (let c = 0; c < copies; c++) {
        this.schedule({ at_ms: this.now + cfg.latency_ms_min + Math.floor(this.net.unit() * cfg.jitter_ms), k: "deliver", to: target.id, from: from.key, message })
      }
    }
  }

  private crashNode(node: SimNode, restart_ms: number): void {
    node.up = false
    node.epoch++
    node.torn_restart_ms = null
    this.checkers.crashes++
    this.checkers.onCrash(node)
    this.schedule({ at_ms: Math.max(this.now + 1, restart_ms), k: "restart", node: node.id })
  }

  private carryOut(node: SimNode, outputs: ReadonlyArray<Output>): void {
    const list = node.byz === null ? outputs : transformOutputs(node.byz, node.state, outputs)
    const cut = node.torn_restart_ms !== null && list.length > 0 ? this.net.int(0, list.length - 1) : -1
    for (let i = 0; i < list.length; i++) {
      const o = list[i]
      if (o === undefined) break
      if (i === cut) {
        // the process dies here: what was persisted stays, what was not yet sent is lost
        this.crashNode(node, node.torn_restart_ms ?? this.now)
        return
      }
      switch (o._tag) {
        case "Persist":
          node.wal.push(o.record)
          break
        case "Broadcast":
          for (let key = 0; key < this.cfg.n; key++) if (key !== node.key) this.transmit(node, key, o.message)
          break
        case "Send":
          this.transmit(node, o.to, o.message)
          break
        case "SetTimer":
          this.schedule({
            at_ms: this.now + Math.max(0, Math.round(o.after_ms * node.rate)),
            k: "input",
            node: node.id,
            epoch: node.epoch,
            input: { _tag: "Timeout", timer: o.timer, view: o.view }
          })
          break
        case "Build": {
          const epoch = node.epoch
          this.source.build(node, o, (payload) =>
            this.schedule({ at_ms: this.now + BUILD_MS, k: "input", node: node.id, epoch, input: { _tag: "Built", view: o.view, parent_view: o.parent_view, payload } })
          )
          break
        }
        case "Verify": {
          const valid = this.source.verify(o.proposal, o.parent_payload)
          this.schedule({ at_ms: this.now + VERIFY_MS, k: "input", node: node.id, epoch: node.epoch, input: { _tag: "Verified", view: o.proposal.view, payload: o.proposal.payload, valid } })
          break
        }
        case "Finalized":
          this.checkers.onFinalized(node, o, this.now)
          this.source.finalized(node, o)
          break
        default:
          this.checkers.onOutput(node, o, this.now)
      }
    }
  }

  private feed(node: SimNode, input: Input): void {
    const { outputs } = step(node.state, input)
    this.carryOut(node, outputs)
  }

  /** schedule the configured crashes and the heal, and start every node */
  start(): void {
    for (const c of this.cfg.crashes) this.schedule({ at_ms: c.at_ms, k: "crash", node: c.index, down_ms: c.down_ms, torn: c.torn === true })
    this.schedule({ at_ms: this.cfg.heal_ms, k: "heal" })
    for (const node of this.nodes) this.feed(node, { _tag: "Start" })
  }

  /**
   * Process events in order until `stop()` says so (asked after each event), the next event lies
   * beyond `endMs()` (it stays queued), the queue runs dry or the event budget is spent.
   */
  run(endMs: () => number, stop: () => boolean): StopReason {
    for (;;) {
      const e = this.heap.peek()
      if (e === undefined) return "dry"
      if (e.at_ms > endMs()) return "time"
      this.heap.pop()
      this.now = e.at_ms
      this.events++
      if (this.events > this.cfg.events_max) return "budget"
      this.handle(e)
      if (stop()) return "stopped"
    }
  }

  private handle(e: Event): void {
    switch (e.k) {
      case "deliver": {
        const node = this.nodes[e.to]
        if (node === undefined || !node.up) break
        this.checkers.onDeliver(node, e.from, e.message)
        if (node.byz !== null) {
          const seen = node.byz.seen
          if (seen.length < 256) seen.push(e.message)
        }
        this.feed(node, { _tag: "Message", from: e.from, message: e.message })
        break
      }
      case "input": {
        const node = this.nodes[e.node]
        if (node === undefined || !node.up || node.epoch !== e.epoch) break
        this.feed(node, e.input)
        break
      }
      case "crash": {
        const node = this.instancesOf[e.node]?.[0]
        if (node === undefined || !node.up) break
        if (e.torn) node.torn_restart_ms = this.now + e.down_ms
        else this.crashNode(node, this.now + e.down_ms)
        break
      }
      case "restart": {
        const node = this.nodes[e.node]
        if (node === undefined || node.up) break
        node.state = recover(node.config, this.cfg.wal_forgets_votes ? node.wal.filter((r) => r._tag !== "Voted") : node.wal)
        node.up = true
        node.epoch++
        this.checkers.onRestart(node)
        this.feed(node, { _tag: "Start" })
        break
      }
      case "heal":
        this.checkers.onHeal(this.now)
        break
      case "call":
        e.fn()
        break
    }
  }
}
