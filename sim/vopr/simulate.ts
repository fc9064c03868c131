/**
 * The deterministic consensus simulator ("VOPR"): n validators running the production state
 * machine on a simulated network (cluster.ts) with hash-only blocks: a block is
 * SHA-256(view, parent, proposer, salt), executing it derives simulated state and events roots.
 * A run is a pure function of its seed number (and overrides), so any failing seed replays exactly.
 *
 * Checkers (checkers.ts) watch every output; the run ends when every honest validator finalized
 * `heights_after_heal` new heights after healing, or fails when the time or event budget runs out.
 */
import { createHash } from "node:crypto"
import type { Proposal } from "../../engine/consensus/messages.ts"
import type { RunFacts } from "./checkers.ts"
import { SimCluster, type BlockSource } from "./cluster.ts"
import { describeConfig, drawConfig, type ConfigOverrides, type VoprConfig } from "./scenario.ts"

export type { SimNode } from "./cluster.ts"

const hex = (...parts: ReadonlyArray<string>): string => {
  const h = createHash("sha256")
  for (const p of parts) h.update(p)
  return h.digest("hex")
}

export const GENESIS_PAYLOAD = hex("vopr/genesis")

interface HashBlock {
  readonly parent_payload: string
  readonly view: number
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

/** the simulated block store: hash blocks, valid when known with the proposed view and parent */
const hashBlocks = (): { readonly source: BlockSource; bind(cluster: SimCluster): void } => {
  const blocks = new Map<string, HashBlock>([[GENESIS_PAYLOAD, { parent_payload: "", view: 0 }]])
  const make = (view: number, parent_payload: string, key: number, salt: string): string => {
    const payload = hex("vopr/block", String(view), parent_payload, String(key), salt)
    blocks.set(payload, { parent_payload, view })
    return payload
  }
  let cluster: SimCluster | null = null
  const source: BlockSource = {
    genesis_payload: GENESIS_PAYLOAD,
    build: (node, o, reply) => reply(make(o.view, o.parent_payload, node.key, node.salt)),
    verify: (p: Proposal, parent_payload) => {
      const block = blocks.get(p.payload)
      return block !== undefined && block.view === p.view && block.parent_payload === parent_payload
    },
    variant: make,
    parentOf: (payload) => blocks.get(payload)?.parent_payload ?? null,
    finalized: (node, o) => {
      const prev = node.roots.get(o.height - 1)
      const state_root = hex("vopr/state", prev?.state_root ?? GENESIS_PAYLOAD, o.payload)
      const events_root = hex("vopr/events", o.payload)
      node.roots.set(o.height, { state_root, events_root })
      cluster?.executed(node, { height: o.height, state_root, events_root })
    }
  }
  return {
    source,
    bind: (c) => {
      cluster = c
    }
  }
}

export const runConfig = (cfg: VoprConfig): RunResult => {
  const store = hashBlocks()
  const cluster = new SimCluster(cfg, store.source)
  store.bind(cluster)
  const checkers = cluster.checkers
  cluster.start()
  let end_ms = cfg.heal_ms + cfg.settle_ms_max
  const reason = cluster.run(
    () => end_ms,
    () => {
      if (checkers.failures.length > 0) return true // a safety or accountability failure: the verdict is in
      // once liveness is met, let in-flight deliveries settle briefly so late conflicting messages are still checked
      if (checkers.done()) end_ms = Math.min(end_ms, cluster.now + cfg.tail_ms)
      return false
    }
  )
  if (reason === "dry") checkers.fail(`the event queue ran dry at ${cluster.now} ms`)
  if (reason === "budget") checkers.fail(`event budget of ${cfg.events_max} exceeded at ${cluster.now} ms`)
  checkers.finish(cluster.now)
  return { seed: cfg.seed, ok: checkers.failures.length === 0, failures: checkers.failures, description: describeConfig(cfg), facts: checkers.facts(cluster.events, cluster.now) }
}
