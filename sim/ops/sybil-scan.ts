/**
 * Sybil scan (simulations.md §7.3): per-player features from chain state, merged with off-chain
 * metadata (ip, device id, user agent; aliases accepted), clustered by exact match — `ip`,
 * `device`, `created_bucket` (created_ts > 0 in [⌊ts/B⌋·B, +B)) — and, beyond the spec, by IPv4
 * network (`ip_prefix`, the /24 "a.b.c.0/24": a farm renting one subnet); a group of
 * ≥ min_cluster_size distinct players is a cluster; each member gets the flag "<kind>:<key>"
 * (sorted). Players sort by flag count desc then key; clusters by size desc, kind, key.
 * Each player also carries a suspicion `score`: the sum of its flags' weights (SCORE_WEIGHTS: a
 * shared device or exact IP weighs most, a shared /24 less, a sign-up hour least).
 * `scoreScan` (≥ k flags) and `scoreAtThresholds` (score ≥ t) measure it against simulated ground
 * truth (agents.jsonl records with a farmer).
 */
import { players } from "../../engine/casino/player.ts"
import type { StateStore } from "../../engine/state/store.ts"

export interface MetadataRecord {
  readonly public_key_hex: string
  readonly ip?: string | null
  readonly device_id?: string | null
  readonly user_agent?: string | null
  readonly created_ts?: number | null
  readonly last_seen_ts?: number | null
}

const ALIASES: Record<string, ReadonlyArray<string>> = {
  public_key_hex: ["public_key_hex", "public_key", "player", "player_public_key_hex"],
  ip: ["ip", "ip_address"],
  device_id: ["device_id", "device", "device_fingerprint", "fingerprint"],
  user_agent: ["user_agent", "ua"],
  created_ts: ["created_ts", "created_at"],
  last_seen_ts: ["last_seen_ts", "last_seen"]
}

const field = (o: Record<string, unknown>, canonical: string): unknown => {
  for (const k of ALIASES[canonical] ?? []) if (k in o) return o[k]
  return undefined
}
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim() : null)
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null)

export class MetadataUnreadable extends Error {
  readonly _tag = "MetadataUnreadable"
}

/** a JSON array or JSONL (one object per non-blank line; an unparsable line is fatal) */
export const parseMetadata = (text: string): MetadataRecord[] => {
  const trimmed = text.trim()
  let items: unknown[]
  if (trimmed.startsWith("[")) {
    const parsed: unknown = JSON.parse(trimmed)
    if (!Array.isArray(parsed)) throw new MetadataUnreadable("metadata is not an array")
    items = parsed
  } else
    items = trimmed
      .split("\n")
      .map((l, i) => [l.trim(), i] as const)
      .filter(([l]) => l !== "")
      .map(([l, i]) => {
        try {
          return JSON.parse(l)
        } catch {
          throw new MetadataUnreadable(`metadata line ${i + 1} is not JSON`)
        }
      })
  return items.flatMap((o): MetadataRecord[] => {
    if (typeof o !== "object" || o === null) return []
    const r: Record<string, unknown> = { ...o }
    const key = str(field(r, "public_key_hex"))
    if (key === null) return []
    return [{ public_key_hex: key, ip: str(field(r, "ip")), device_id: str(field(r, "device_id")), user_agent: str(field(r, "user_agent")), created_ts: num(field(r, "created_ts")), last_seen_ts: num(field(r, "last_seen_ts")) }]
  })
}

/** strip 0x, must be 32 bytes of hex; lowercase */
export const normaliseKey = (raw: string): string | null => {
  const k = raw.toLowerCase().replace(/^0x/, "")
  return /^[0-9a-f]{64}$/.test(k) ? k : null
}

/**
 * Simulated ground truth: the keys (normalised when they are keys) of the agents.jsonl records with
 * a `farmer` (one object per non-blank line; an unparsable line is fatal).
 */
export const groundTruthSybils = (text: string): Set<string> => {
  const sybils = new Set<string>()
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return
    let o: unknown
    try {
      o = JSON.parse(line)
    } catch {
      throw new MetadataUnreadable(`ground truth line ${i + 1} is not JSON`)
    }
    if (typeof o === "object" && o !== null && "farmer" in o && typeof o.farmer === "string" && "public_key_hex" in o && typeof o.public_key_hex === "string")
      sybils.add(normaliseKey(o.public_key_hex) ?? o.public_key_hex)
  })
  return sybils
}

export interface ScanPlayer {
  public_key_hex: string
  name: string
  created_ts: number
  last_session_ts: number
  sessions_played: number
  play_seconds: number
  last_tournament_ts: number
  ips: string[]
  device_ids: string[]
  user_agents: string[]
  flags: string[]
  /** the suspicion score: sum of SCORE_WEIGHTS over its flags */
  score: number
}

export type ClusterKind = "ip" | "ip_prefix" | "device" | "created_bucket"

/** a flag's weight in the suspicion score */
export const SCORE_WEIGHTS: Readonly<Record<ClusterKind, number>> = { device: 3, ip: 3, ip_prefix: 2, created_bucket: 1 }

/** the thresholds the operator tools report precision and recall at */
export const SCORE_THRESHOLDS: ReadonlyArray<number> = [1, 2, 3, 4, 5, 6]

/** an IPv4 address's /24 ("a.b.c.0/24"), null for anything else (IPv6 is not grouped) */
export const ipv4Prefix24 = (ip: string): string | null => {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip)
  if (m === null) return null
  const [a, b, c, d] = [m[1], m[2], m[3], m[4]].map(Number)
  if (a === undefined || b === undefined || c === undefined || d === undefined || [a, b, c, d].some((x) => x > 255)) return null
  return `${a}.${b}.${c}.0/24`
}

export interface Cluster {
  readonly kind: ClusterKind
  readonly key: string
  readonly player_count: number
  readonly players: ReadonlyArray<string>
  readonly created_ts_min: number | null
  readonly created_ts_max: number | null
  readonly avg_sessions_played: number
  readonly avg_play_seconds: number
}

export interface SybilScan {
  readonly generated_at_unix: number
  readonly view: number
  readonly height: number
  readonly bucket_seconds: number
  readonly min_cluster_size: number
  readonly metadata_records: number
  readonly metadata_matched: number
  readonly total_players: number
  readonly flagged_players: number
  readonly clusters: ReadonlyArray<Cluster>
  readonly players: ReadonlyArray<ScanPlayer>
}

export interface ScanOptions {
  readonly bucket_seconds: number
  readonly min_cluster_size: number
  readonly include_all: boolean
  /** group players by IPv4 /24 too (default true) */
  readonly ip_prefix?: boolean
}

const pushUnique = (xs: string[], v: string | null | undefined): void => {
  if (v !== null && v !== undefined && !xs.includes(v)) xs.push(v)
}

export const sybilScan = (
  store: StateStore,
  at: { readonly view: number; readonly height: number; readonly generated_at_unix: number },
  metadata: ReadonlyArray<MetadataRecord>,
  o: ScanOptions
): SybilScan => {
  const all = new Map<string, ScanPlayer>()
  for (const [key, p] of players.entries(store))
    all.set(key, {
      public_key_hex: key,
      name: p.name,
      created_ts: Number(p.created_ts),
      last_session_ts: Number(p.last_session_ts),
      sessions_played: Number(p.sessions_played),
      play_seconds: Number(p.play_seconds),
      last_tournament_ts: Number(p.last_tournament_ts),
      ips: [],
      device_ids: [],
      user_agents: [],
      flags: [],
      score: 0
    })
  let matched = 0
  for (const m of metadata) {
    const key = normaliseKey(m.public_key_hex)
    const p = key === null ? undefined : all.get(key)
    if (p === undefined) continue
    matched++
    pushUnique(p.ips, m.ip)
    pushUnique(p.device_ids, m.device_id)
    pushUnique(p.user_agents, m.user_agent)
    if (p.created_ts === 0 && m.created_ts !== null && m.created_ts !== undefined) p.created_ts = m.created_ts
    if (m.last_seen_ts !== null && m.last_seen_ts !== undefined && m.last_seen_ts > p.last_session_ts) p.last_session_ts = m.last_seen_ts
  }
  const groups = new Map<string, { kind: ClusterKind; key: string; members: Set<string> }>()
  const add = (kind: ClusterKind, key: string, member: string): void => {
    const id = `${kind}:${key}`
    const g = groups.get(id) ?? { kind, key, members: new Set<string>() }
    g.members.add(member)
    groups.set(id, g)
  }
  for (const p of all.values()) {
    for (const ip of p.ips) add("ip", ip, p.public_key_hex)
    if (o.ip_prefix ?? true)
      for (const prefix of new Set(p.ips.map(ipv4Prefix24))) if (prefix !== null) add("ip_prefix", prefix, p.public_key_hex)
    for (const d of p.device_ids) add("device", d, p.public_key_hex)
    if (o.bucket_seconds > 0 && p.created_ts > 0) {
      const start = Math.floor(p.created_ts / o.bucket_seconds) * o.bucket_seconds
      add("created_bucket", `${start}-${start + o.bucket_seconds}`, p.public_key_hex)
    }
  }
  const clusters: Cluster[] = []
  for (const g of groups.values()) {
    if (g.members.size < o.min_cluster_size) continue
    const members = [...g.members].sort()
    const ps = members.map((k) => all.get(k)!)
    const created = ps.map((p) => p.created_ts).filter((t) => t > 0)
    clusters.push({
      kind: g.kind,
      key: g.key,
      player_count: members.length,
      players: members,
      created_ts_min: created.length > 0 ? Math.min(...created) : null,
      created_ts_max: created.length > 0 ? Math.max(...created) : null,
      avg_sessions_played: ps.reduce((a, p) => a + p.sessions_played, 0) / ps.length,
      avg_play_seconds: ps.reduce((a, p) => a + p.play_seconds, 0) / ps.length
    })
    for (const p of ps) {
      p.flags.push(`${g.kind}:${g.key}`)
      p.score += SCORE_WEIGHTS[g.kind]
    }
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
  clusters.sort((a, b) => b.player_count - a.player_count || cmp(a.kind, b.kind) || cmp(a.key, b.key))
  for (const p of all.values()) p.flags.sort()
  const out = [...all.values()].filter((p) => o.include_all || p.flags.length > 0)
  out.sort((a, b) => b.flags.length - a.flags.length || cmp(a.public_key_hex, b.public_key_hex))
  return {
    ...at,
    bucket_seconds: o.bucket_seconds,
    min_cluster_size: o.min_cluster_size,
    metadata_records: metadata.length,
    metadata_matched: matched,
    total_players: all.size,
    flagged_players: out.length,
    clusters,
    players: out
  }
}

export interface ScanScore {
  readonly min_flags: number
  readonly true_positives: number
  readonly false_positives: number
  readonly false_negatives: number
  readonly precision: number
  readonly recall: number
}

/** precision and recall of "≥ min_flags flags ⇒ sybil" against the ground-truth sybil keys */
export const scoreScan = (scan: SybilScan, sybils: ReadonlySet<string>, min_flags: number): ScanScore => {
  const flagged = new Set(scan.players.filter((p) => p.flags.length >= min_flags).map((p) => p.public_key_hex))
  let tp = 0
  for (const k of flagged) if (sybils.has(k)) tp++
  const fp = flagged.size - tp
  const fn = [...sybils].filter((k) => !flagged.has(k)).length
  return { min_flags, true_positives: tp, false_positives: fp, false_negatives: fn, precision: flagged.size === 0 ? 0 : tp / flagged.size, recall: sybils.size === 0 ? 0 : tp / sybils.size }
}

export interface ThresholdScore {
  readonly score_min: number
  readonly flagged: number
  readonly true_positives: number
  readonly false_positives: number
  readonly false_negatives: number
  readonly precision: number
  readonly recall: number
}

/** precision and recall of "score ≥ t ⇒ sybil" at each threshold, against the ground-truth sybil keys */
export const scoreAtThresholds = (scan: SybilScan, sybils: ReadonlySet<string>, thresholds: ReadonlyArray<number> = SCORE_THRESHOLDS): ThresholdScore[] =>
  thresholds.map((t) => {
    const flagged = scan.players.filter((p) => p.score >= t).map((p) => p.public_key_hex)
    const tp = flagged.filter((k) => sybils.has(k)).length
    const hit = new Set(flagged)
    const fn = [...sybils].filter((k) => !hit.has(k)).length
    return {
      score_min: t,
      flagged: flagged.length,
      true_positives: tp,
      false_positives: flagged.length - tp,
      false_negatives: fn,
      precision: flagged.length === 0 ? 0 : tp / flagged.length,
      recall: sybils.size === 0 ? 0 : tp / sybils.size
    }
  })

/** the ops commands' precision and recall lines: "≥k flag(s)" for k = 1, 2 (none without ground truth) */
export const scoreLines = (scan: SybilScan, sybils: ReadonlySet<string>): string[] =>
  sybils.size === 0
    ? []
    : [1, 2].map((k) => {
        const sc = scoreScan(scan, sybils, k)
        return `≥${k} flag(s): precision ${sc.precision.toFixed(3)}, recall ${sc.recall.toFixed(3)} (tp ${sc.true_positives}, fp ${sc.false_positives}, fn ${sc.false_negatives})`
      })

/** a Markdown table of threshold scores (docs and the ops command's report) */
export const thresholdTable = (rows: ReadonlyArray<ThresholdScore>): string =>
  ["| score ≥ | flagged | tp | fp | fn | precision | recall |", "|---:|---:|---:|---:|---:|---:|---:|"]
    .concat(rows.map((r) => `| ${r.score_min} | ${r.flagged} | ${r.true_positives} | ${r.false_positives} | ${r.false_negatives} | ${r.precision.toFixed(3)} | ${r.recall.toFixed(3)} |`))
    .join("\n")
