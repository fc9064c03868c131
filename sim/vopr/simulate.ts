/**
 * The deterministic consensus simulator ("VOPR"): n validators running the production state
 * machine (engine/consensus/machine.ts) on a simulated network, one event queue ordered by
 * (simulated time, sequence), every chance drawn from seeded streams (prng.ts). A run is a pure
 * function of its seed number (and overrides), so any failing seed replays exactly.
 *
 * Each event delivers one input to one node and carries out the outputs in order: Persist appends
 * to the node's simulated write-ahead log (durable across crashes), Broadcast / Send put deliveries
 * on the queue (loss, duplication, latency + jitter; partitions drop messages between groups),
 * SetTimer schedules a timeout at the node's clock rate, Build / Verify are answered by the
 * simulated block store after a short delay, Finalized blocks are executed (simulated state and
 * events roots) and fed back as Executed. A crash discards the node's memory and its pending
 * events; a torn crash strikes part-way through a step's outputs (persisted records stay, unsent
 * messages are lost); a restart rebuilds the node with `recover` from its log.
 *
 * Checkers (checkers.ts) watch every output; the run ends when every honest validator finalized
 * `heights_after_heal` new heights after healing, or fails when the time or event budget runs out.
 */
import { createHash } from "node:crypto"
import { initialState, recover, step, type ConsensusConfig, type ConsensusState, type Input, type Output, type WalRecord } from "../../engine/consensus/machine.ts"
import type { ConsensusMessage, Proposal } from "../../engine/consensus/messages.ts"
import { transformOutputs, type ByzantineContext } from "./byzantine.ts"
import { Checkers, type RunFacts } from "./checkers.ts"
import { EventHeap } from "./heap.ts"
import { Prng } from "./prng.ts"
import { describeConfig, drawConfig, type ConfigOverrides, type VoprConfig } from "./scenario.ts"
import { productionKeyring } from "./production-keys.ts"
import { simKeyring } from "./sim-crypto.ts"

const hex = (...parts: ReadonlyArray<string>): string => {
  const h = createHash("sha256")
  for (const p of parts) h.update(p)
  return h.digest("hex")
}

export const GENESIS_PAYLOAD = hex("vopr/genesis")
/** simulation timeouts: the reference ones (1 s leader, 2 s advance, 10 s retry, 2 s fetch) */
const TIMEOUTS = { leader_ms: 1_000, advance_ms: 2_000, retry_ms: 10_000, fetch_ms: 2_000 }
const BUILD_MS = 5
const VERIFY_MS = 5

type Event =
  | { readonly at_ms: number; readonly seq: number; readonly k: "deliver"; readonly to: number; readonly from: number; readonly message: ConsensusMessage }
  | { readonly at_ms: number; readonly seq: number; readonly k: "input"; readonly node: number; readonly epoch: number; readonly input: Input }
  | { readonly at_ms: number; readonly seq: number; readonly k: "crash"; readonly node: number; readonly down_ms: number; readonly torn: boolean }
  | { readonly at_ms: number; readonly seq: number; readonly k: "restart"; readonly node: number }
  | { readonly at_ms: number; readonly seq: number; readonly k: "heal" }

type EventBody = Event extends infer E ? (E extends Event ? Omit<E, "seq"> : never) : never

interface Block {
  readonly parent_payload: string
  readonly view: number
}

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

export interface RunResult {
  readonly seed: number
  readonly ok: boolean
  readonly failures: ReadonlyArray<string>
  readonly description: string
  readonly facts: RunFacts
}

export const runVopr = (seed: number, overrides: ConfigOverrides = {}): RunResult => {
  const cfg: VoprConfig = drawConfig(seed, overrides)
  return runConfig(cfg)
}

export const runConfig = (cfg: VoprConfig): RunResult => {
  const net = new Prng(cfg.seed, "network")
  const keys = cfg.keys === "production" ? productionKeyring(cfg.n, cfg.quorum, cfg.seed) : simKeyring(cfg.n, cfg.quorum, cfg.seed)
  const blocks = new Map<string, Block>([[GENESIS_PAYLOAD, { parent_payload: "", view: 0 }]])
  const heap = new EventHeap<Event>(cfg.events_max)
  let seq = 0
  let now = 0
  const schedule = (e: EventBody): void => {
    heap.push({ ...e, seq: seq++ })
  }

  const byzKind = new Map(cfg.byzantine.map((b) => [b.index, b.kind]))
  const nodes: SimNode[] = []
  const makeConfig = (key: number): ConsensusConfig => ({
    n: cfg.n,
    quorum: cfg.quorum,
    timeouts: TIMEOUTS,
    skip_window_views: 32,
    activity_window_views: 256,
    future_window_views: 64,
    fetches_max: 16,
    genesis_payload: GENESIS_PAYLOAD,
    verifier: keys.verifier,
    signer: keys.signer(key)
  })
  for (let key = 0; key < cfg.n; key++) {
    const kind = byzKind.get(key)
    const instances = kind === "twins" ? 2 : 1
    for (let twin = 0; twin < instances; twin++) {
      const config = makeConfig(key)
      const id = nodes.length
      const rng = new Prng(cfg.seed, `byzantine/${id}`)
      nodes.push({
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
                variant: (p: Proposal, parent: string | null) => buildPayload(p.view, parent ?? GENESIS_PAYLOAD, key, `variant/${rng.int(0, 1_000_000)}`),
                parentPayloadOf: (payload) => blocks.get(payload)?.parent_payload ?? null,
                seen: [],
                nullified: new Set()
              },
        roots: new Map(),
        torn_restart_ms: null
      })
    }
  }
  const instancesOf: SimNode[][] = Array.from({ length: cfg.n }, (_, key) => nodes.filter((x) => x.key === key))
  const checkers = new Checkers(cfg, keys.verifier, nodes)

  const buildPayload = (view: number, parent_payload: string, key: number, salt: string): string => {
    const payload = hex("vopr/block", String(view), parent_payload, String(key), salt)
    blocks.set(payload, { parent_payload, view })
    return payload
  }

  const partitioned = (a: number, b: number): boolean => {
    for (const p of cfg.partitions) {
      if (now >= p.start_ms && now < p.end_ms && p.group_of[a] !== p.group_of[b]) return true
    }
    return false
  }

  const transmit = (from: SimNode, to_key: number, message: ConsensusMessage): void => {
    for (const target of instancesOf[to_key] ?? []) {
      if (target.id === from.id) continue
      checkers.sent++
      if (net.chance(cfg.loss) || partitioned(from.key, to_key)) continue
      const copies = net.chance(cfg.duplication) ? 2 : 1
      for (let c = 0; c < copies; c++) {
        schedule({ at_ms: now + cfg.latency_ms_min + Math.floor(net.unit() * cfg.jitter_ms), k: "deliver", to: target.id, from: from.key, message })
      }
    }
  }

  const crashNode = (node: SimNode, restart_ms: number): void => {
    node.up = false
    node.epoch++
    node.torn_restart_ms = null
    checkers.crashes++
    schedule({ at_ms: Math.max(now + 1, restart_ms), k: "restart", node: node.id })
  }

  const carryOut = (node: SimNode, outputs: ReadonlyArray<Output>): void => {
    const list = node.byz === null ? outputs : transformOutputs(node.byz, node.state, outputs)
    const cut = node.torn_restart_ms !== null && list.length > 0 ? net.int(0, list.length - 1) : -1
    for (let i = 0; i < list.length; i++) {
      const o = list[i]
      if (o === undefined) break
      if (i === cut) {
        // the process dies here: what was persisted stays, what was not yet sent is lost
        crashNode(node, node.torn_restart_ms ?? now)
        return
      }
      switch (o._tag) {
        case "Persist":
          node.wal.push(o.record)
          break
        case "Broadcast":
          for (let key = 0; key < cfg.n; key++) if (key !== node.key) transmit(node, key, o.message)
          break
        case "Send":
          transmit(node, o.to, o.message)
          break
        case "SetTimer":
          schedule({ at_ms: now + Math.max(0, Math.round(o.after_ms * node.rate)), k: "input", node: node.id, epoch: node.epoch, input: { _tag: "Timeout", timer: o.timer, view: o.view } })
          break
        case "Build": {
          const payload = buildPayload(o.view, o.parent_payload, node.key, node.salt)
          schedule({ at_ms: now + BUILD_MS, k: "input", node: node.id, epoch: node.epoch, input: { _tag: "Built", view: o.view, parent_view: o.parent_view, payload } })
          break
        }
        case "Verify": {
          const block = blocks.get(o.proposal.payload)
          const valid = block !== undefined && block.view === o.proposal.view && block.parent_payload === o.parent_payload
          schedule({ at_ms: now + VERIFY_MS, k: "input", node: node.id, epoch: node.epoch, input: { _tag: "Verified", view: o.proposal.view, payload: o.proposal.payload, valid } })
          break
        }
        case "Finalized": {
          checkers.onFinalized(node, o, now)
          const prev = node.roots.get(o.height - 1)
          const state_root = hex("vopr/state", prev?.state_root ?? GENESIS_PAYLOAD, o.payload)
          const events_root = hex("vopr/events", o.payload)
          node.roots.set(o.height, { state_root, events_root })
          schedule({ at_ms: now + 1, k: "input", node: node.id, epoch: node.epoch, input: { _tag: "Executed", item: { height: o.height, state_root, events_root } } })
          break
        }
        default:
          checkers.onOutput(node, o, now)
      }
    }
  }

  const feed = (node: SimNode, input: Input): void => {
    const { outputs } = step(node.state, input)
    carryOut(node, outputs)
  }

  for (const c of cfg.crashes) schedule({ at_ms: c.at_ms, k: "crash", node: c.index, down_ms: c.down_ms, torn: c.torn === true })
  schedule({ at_ms: cfg.heal_ms, k: "heal" })
  for (const node of nodes) feed(node, { _tag: "Start" })

  let events = 0
  let end_ms = cfg.heal_ms + cfg.settle_ms_max
  for (;;) {
    const e = heap.pop()
    if (e === undefined) {
      checkers.fail(`the event queue ran dry at ${now} ms`)
      break
    }
    if (e.at_ms > end_ms) break
    now = e.at_ms
    events++
    if (events > cfg.events_max) {
      checkers.fail(`event budget of ${cfg.events_max} exceeded at ${now} ms`)
      break
    }
    switch (e.k) {
      case "deliver": {
        const node = nodes[e.to]
        if (node === undefined || !node.up) break
        checkers.onDeliver(node, e.from, e.message)
        if (node.byz !== null) {
          const seen = node.byz.seen
          if (seen.length < 256) seen.push(e.message)
        }
        feed(node, { _tag: "Message", from: e.from, message: e.message })
        break
      }
      case "input": {
        const node = nodes[e.node]
        if (node === undefined || !node.up || node.epoch !== e.epoch) break
        feed(node, e.input)
        break
      }
      case "crash": {
        const node = instancesOf[e.node]?.[0]
        if (node === undefined || !node.up) break
        if (e.torn) node.torn_restart_ms = now + e.down_ms
        else crashNode(node, now + e.down_ms)
        break
      }
      case "restart": {
        const node = nodes[e.node]
        if (node === undefined || node.up) break
        node.state = recover(node.config, cfg.wal_forgets_votes ? node.wal.filter((r) => r._tag !== "Voted") : node.wal)
        node.up = true
        node.epoch++
        checkers.onRestart(node)
        feed(node, { _tag: "Start" })
        break
      }
      case "heal":
        checkers.onHeal(now)
        break
    }
    if (checkers.failures.length > 0) break // a safety or accountability failure: the verdict is in
    if (checkers.done()) {
      // let in-flight deliveries settle briefly so late conflicting messages are still checked
      end_ms = Math.min(end_ms, now + cfg.tail_ms)
    }
  }
  checkers.finish(now)
  return { seed: cfg.seed, ok: checkers.failures.length === 0, failures: checkers.failures, description: describeConfig(cfg), facts: checkers.facts(events, now) }
}
