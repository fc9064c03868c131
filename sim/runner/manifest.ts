/**
 * The run manifest and its root. manifest_root = SHA-256 over a canonical encoding of what a run
 * is and what it produced — scenario, parameters, seed, final state root, every daily metrics
 * row and the chain of (block digest, state root) — and nothing about when or from which commit
 * it ran, so the same scenario, parameters and seed always give the same root.
 */
import { ByteWriter, fromHex, toHex, utf8 } from "../../engine/codec/bytes.ts"
import { sha256 } from "../../engine/crypto/sha256.ts"
import type { ParamValue, ScenarioParameters } from "../scenario.ts"
import type { DailyMetrics } from "./metrics.ts"

export interface RunManifest {
  readonly run_id: string
  readonly scenario: string
  readonly parameters: ScenarioParameters
  readonly seed: string
  readonly code_version: string
  readonly final_state_root: string
  readonly manifest_root: string
  readonly days: bigint
  readonly blocks: bigint
  readonly transactions: bigint
  readonly created_at: string
}

export interface ManifestContent {
  readonly scenario: string
  readonly parameters: ScenarioParameters
  readonly seed: string
  readonly final_state_root: string
  readonly daily: ReadonlyArray<DailyMetrics>
  readonly block_digests: ReadonlyArray<{ readonly digest: string; readonly state_root: string }>
}

const MANIFEST_DOMAIN = "nullspace/sim-manifest/v1"

const jsonValue = (v: ParamValue): string => JSON.stringify(v)

/** parameters as JSON with keys in code-unit order: one text per parameter set */
export const canonicalParametersJson = (p: ScenarioParameters): string =>
  `{${Object.keys(p)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${jsonValue(p[k]!)}`)
    .join(",")}}`

const signed = (w: ByteWriter, v: bigint): void => {
  w.bool(v < 0n).varint(v < 0n ? -v : v)
}

const float64 = (v: number): Uint8Array => {
  const b = new Uint8Array(8)
  new DataView(b.buffer).setFloat64(0, v, false)
  return b
}

export const manifestRoot = (c: ManifestContent): string => {
  const w = new ByteWriter(4096)
  w.bytes(utf8(MANIFEST_DOMAIN))
    .bytes(utf8(c.scenario))
    .bytes(utf8(canonicalParametersJson(c.parameters)))
    .bytes(utf8(c.seed))
    .raw(fromHex(c.final_state_root))
  w.varint(c.daily.length)
  for (const d of c.daily) {
    w.varint(d.day).varint(d.issuance_chips)
    signed(w, d.house_pnl_chips)
    w.varint(d.active_players).varint(d.players_total).varint(d.volume_chips).raw(float64(d.gini_chips)).varint(d.blocks).varint(d.transactions)
  }
  w.varint(c.block_digests.length)
  for (const b of c.block_digests) w.raw(fromHex(b.digest)).raw(fromHex(b.state_root))
  return toHex(sha256(w.finish()))
}

export const runIdOf = (scenario: string, manifest_root: string): string => `${scenario}-${manifest_root.slice(0, 8)}`
