/**
 * A sybil farmer: one operator running many accounts to farm the faucet and freerolls. Each
 * account plays the minimum (three small sessions unlock the faucet), claims the faucet and
 * enters its daily freeroll. The accounts share the farmer's fingerprint — one device family, one
 * /24 network, one activity window with small timing jitter — recorded as simulation metadata
 * (Agent.fingerprint, farmer = ground truth) for the sybil scan; the chain never sees it.
 */
import type { RandomStream } from "../../engine/random/stream.ts"
import type { Agent, AgentFingerprint } from "./agent.ts"
import { playerAgent, type Profile } from "./player-core.ts"

export const sybilProfile = (window: number): Profile => ({
  kind: "sybil",
  games: { roulette: 1, baccarat: 1, sic_bo: 1 },
  stake_bps: [1, 10],
  stake_min: 1n,
  stake_max: 5n,
  planDay: () => ({ window, sessions: 3, actions: [], freerolls: 1, freeroll_sessions: 10 })
})

/** an IPv4 address from 4 bytes */
const ip = (a: number, b: number, c: number, d: number): string => `${a}.${b}.${c}.${d}`

/** the accounts of farmer `farmer` (indices first_index …), fingerprints drawn from `rng` */
export const sybilFarm = (
  farmer: number,
  accounts: number,
  first_index: number,
  windows_per_day: number,
  freerolls_per_day: number,
  rng: RandomStream
): Agent[] => {
  const net = [10 + rng.bounded(200), rng.bounded(256), rng.bounded(256)] as const
  const window = windows_per_day > 1 ? rng.bounded(windows_per_day) : 0
  const device_family = `farm${farmer}-${rng.bounded(1 << 30).toString(16)}`
  const offset = rng.bounded(600)
  return Array.from({ length: accounts }, (_, i) => {
    const fingerprint: AgentFingerprint = {
      device_id: `${device_family}-${rng.bounded(3)}`,
      ip: ip(net[0], net[1], net[2], 2 + rng.bounded(250)),
      window,
      offset_s: offset + rng.bounded(30),
      farmer: `farmer-${farmer}`
    }
    return playerAgent({ index: first_index + i, profile: sybilProfile(window), fingerprint, label: `sybil-${farmer}-${i}`, freerolls_per_day })
  })
}

/** an independent person's fingerprint (its own device and network) */
export const personFingerprint = (windows_per_day: number, rng: RandomStream): AgentFingerprint => ({
  device_id: `dev-${rng.bounded(1 << 30).toString(16)}-${rng.bounded(1 << 30).toString(16)}`,
  ip: ip(11 + rng.bounded(200), rng.bounded(256), rng.bounded(256), 2 + rng.bounded(250)),
  window: windows_per_day > 1 ? rng.bounded(windows_per_day) : 0,
  offset_s: rng.bounded(21_600),
  farmer: null
})
