/**
 * Agents' off-chain fingerprints as the operator tools read them. The fingerprint type is
 * `AgentFingerprint` (agent.ts: device, IP, timing, and the ground-truth farmer); this file turns
 * a run's agents into the §7.3 metadata records (plus name, kind and farmer), written to the run
 * folder as agents.jsonl and scored against by the sybil scan (truth: farmer ≠ null).
 */
import type { Agent } from "./agent.ts"

/** one metadata record per agent (the §7.3 metadata format) plus the ground truth */
export interface AgentRecord {
  readonly public_key_hex: string
  readonly name: string
  readonly kind: string
  readonly ip: string | null
  readonly device_id: string | null
  /** the farm that controls it (ground truth); null = an independent person or not modelled */
  readonly farmer: string | null
}

export const agentRecords = (agents: ReadonlyArray<Agent>): AgentRecord[] =>
  agents.map((a) => ({
    public_key_hex: a.signer.public_key,
    name: a.name,
    kind: a.kind,
    ip: a.fingerprint?.ip ?? null,
    device_id: a.fingerprint?.device_id ?? null,
    farmer: a.fingerprint?.farmer ?? null
  }))

/** the ground-truth sybils of a run */
export const sybilKeys = (records: ReadonlyArray<AgentRecord>): Set<string> => new Set(records.filter((r) => r.farmer !== null).map((r) => r.public_key_hex))
