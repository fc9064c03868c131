/**
 * Off-chain fingerprints of simulated accounts (what an auth backend would log): the IP, device
 * id and user agent an account was seen with. Sybil farmers share devices and IPs and register
 * in bursts; honest players mostly do not. The sybil scan (sim/ops/sybil-scan.ts) reads them as
 * its metadata file (simulations.md §7.3) and scores itself against the agents' kinds (ground
 * truth: kind "sybil").
 */
import type { Agent } from "./agent.ts"

export interface Fingerprint {
  readonly ip: string
  readonly device_id: string
  readonly user_agent: string
}

export interface FingerprintedAgent extends Agent {
  readonly fingerprint: Fingerprint
}

export const hasFingerprint = (a: Agent): a is FingerprintedAgent => "fingerprint" in a

/** one metadata record per agent (the §7.3 metadata format) plus the ground truth */
export interface AgentRecord {
  readonly public_key_hex: string
  readonly name: string
  readonly kind: string
  readonly ip: string | null
  readonly device_id: string | null
  readonly user_agent: string | null
}

export const agentRecords = (agents: ReadonlyArray<Agent>): AgentRecord[] =>
  agents.map((a) => ({
    public_key_hex: a.signer.public_key,
    name: a.name,
    kind: a.kind,
    ip: hasFingerprint(a) ? a.fingerprint.ip : null,
    device_id: hasFingerprint(a) ? a.fingerprint.device_id : null,
    user_agent: hasFingerprint(a) ? a.fingerprint.user_agent : null
  }))
