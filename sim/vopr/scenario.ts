/**
 * One simulator run's configuration, drawn from its seed number (fault-mix.md in docs/consensus.md):
 * validator count, network (latency, jitter, loss, duplication; reordering comes from jitter),
 * partitions that heal, crashes with restart from the write-ahead log, clock skew (each node's
 * timers run at its own rate), and Byzantine actors. At most f validators are faulty at once:
 * Byzantine actors plus crashed nodes ≤ f. Everything heals by `heal_ms`; after that the liveness
 * checker expects finalization to resume.
 */
import { quorumOf } from "../../engine/consensus/execution-certificate.ts"
import { Prng } from "./prng.ts"

export const BYZANTINE_KINDS = ["equivocator", "conflicter", "nuller", "impersonator", "outdated", "twins"] as const
export type ByzantineKind = (typeof BYZANTINE_KINDS)[number]

export interface Partition {
  readonly start_ms: number
  readonly end_ms: number
  /** group number of each validator index; messages between different groups are lost */
  readonly group_of: ReadonlyArray<number>
}

export interface Crash {
  readonly index: number
  readonly at_ms: number
  readonly down_ms: number
  /** strike part-way through the node's next step (after some of its outputs were carried out) */
  readonly torn?: boolean
}

export interface VoprConfig {
  readonly seed: number
  readonly n: number
  readonly quorum: number
  readonly latency_ms_min: number
  readonly jitter_ms: number
  readonly loss: number
  readonly duplication: number
  /** timers of node i run at rate[i] (1 ± skew) */
  readonly clock_rate: ReadonlyArray<number>
  readonly partitions: ReadonlyArray<Partition>
  readonly crashes: ReadonlyArray<Crash>
  readonly byzantine: ReadonlyArray<{ readonly index: number; readonly kind: ByzantineKind }>
  readonly heal_ms: number
  /** after healing: every honest validator must finalize this many new heights … */
  readonly heights_after_heal: number
  /** … the first of them within this many views of the highest honest view at healing … */
  readonly liveness_views_max: number
  /** … and all of them within this much simulated time */
  readonly settle_ms_max: number
  readonly events_max: number
  /** once liveness is met, keep delivering for this long so late conflicting messages are checked */
  readonly tail_ms: number
  readonly keys: "sim" | "production"
  /** test-only fault in the driver: restarts forget the node's own votes (shows the checkers catch a broken WAL) */
  readonly wal_forgets_votes: boolean
}

export interface ConfigOverrides {
  readonly n?: number
  readonly quorum?: number
  readonly byzantine?: ReadonlyArray<{ readonly index: number; readonly kind: ByzantineKind }>
  readonly crashes?: ReadonlyArray<Crash>
  readonly partitions?: ReadonlyArray<Partition>
  readonly loss?: number
  /** no random faults at all (honest nodes on a clean network), unless listed in the overrides */
  readonly clean?: boolean
  /** "short" (CI): everything heals within 1.5–3.5 s; "long" (default): within 3–8 s */
  readonly profile?: "short" | "long"
  readonly heal_ms?: number
  readonly heights_after_heal?: number
  readonly tail_ms?: number
  /** "sim" (default): fast keyed hashes; "production": ed25519 votes + dealt threshold BLS seed */
  readonly keys?: "sim" | "production"
  readonly wal_forgets_votes?: boolean
}

export const drawConfig = (seed: number, o: ConfigOverrides = {}): VoprConfig => {
  const rng = new Prng(seed, "config")
  const n = o.n ?? rng.pick([4, 4, 4, 5, 7])
  const f = Math.floor((n - 1) / 3)
  const clean = o.clean === true
  const heal_ms = o.heal_ms ?? (o.profile === "short" ? rng.int(1_500, 3_500) : rng.int(3_000, 8_000))
  const indices = Array.from({ length: n }, (_, i) => i)
  const byz_count = clean ? 0 : rng.int(0, f)
  const byzantine = o.byzantine ?? rng.shuffle([...indices]).slice(0, byz_count).map((index) => ({ index, kind: rng.pick(BYZANTINE_KINDS) }))
  const byz_set = new Set(byzantine.map((b) => b.index))
  const crashable = indices.filter((i) => !byz_set.has(i))
  const crash_budget = Math.max(0, f - byzantine.length)
  const crashes =
    o.crashes ??
    (clean
      ? []
      : Array.from({ length: rng.int(0, crash_budget) }, () => {
          const at_ms = rng.int(200, heal_ms - 1_000)
          return { index: rng.pick(crashable), at_ms, down_ms: rng.int(300, heal_ms - at_ms), torn: rng.chance(0.5) }
        }))
  const partitions =
    o.partitions ??
    (clean || !rng.chance(0.5)
      ? []
      : Array.from({ length: rng.int(1, 2) }, () => {
          const start_ms = rng.int(100, heal_ms - 1_000)
          const split = rng.int(1, n - 1)
          const order = rng.shuffle([...indices])
          const group_of = indices.map((i) => (order.indexOf(i) < split ? 0 : 1))
          return { start_ms, end_ms: rng.int(start_ms + 200, heal_ms), group_of }
        }))
  const skew = clean ? 0 : rng.pick([0, 0.05, 0.2])
  return {
    seed,
    n,
    quorum: o.quorum ?? quorumOf(n),
    latency_ms_min: rng.int(5, 40),
    jitter_ms: clean ? 0 : rng.int(0, 150),
    loss: o.loss ?? (clean ? 0 : rng.pick([0, 0, 0.01, 0.05, 0.1])),
    duplication: clean ? 0 : rng.pick([0, 0.02, 0.1]),
    clock_rate: indices.map(() => 1 + (rng.unit() * 2 - 1) * skew),
    partitions,
    crashes,
    byzantine,
    heal_ms,
    heights_after_heal: o.heights_after_heal ?? 3,
    liveness_views_max: 40,
    settle_ms_max: 120_000,
    events_max: 2_000_000,
    tail_ms: o.tail_ms ?? 500,
    keys: o.keys ?? "sim",
    wal_forgets_votes: o.wal_forgets_votes ?? false
  }
}

export const describeConfig = (c: VoprConfig): string => {
  const parts = [`n=${c.n} q=${c.quorum}`, `latency ${c.latency_ms_min}+${c.jitter_ms}ms`, `loss ${c.loss}`, `dup ${c.duplication}`]
  if (c.byzantine.length > 0) parts.push(`byzantine ${c.byzantine.map((b) => `${b.index}:${b.kind}`).join(",")}`)
  if (c.crashes.length > 0) parts.push(`crashes ${c.crashes.map((x) => `${x.index}@${x.at_ms}+${x.down_ms}${x.torn === true ? "(torn)" : ""}`).join(",")}`)
  if (c.partitions.length > 0) parts.push(`partitions ${c.partitions.map((p) => `${p.group_of.join("")}@${p.start_ms}-${p.end_ms}`).join(",")}`)
  parts.push(`heal ${c.heal_ms}ms`)
  return parts.join(" · ")
}
