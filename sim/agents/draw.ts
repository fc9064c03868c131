/**
 * Seeded draws for agents. Every agent's chance derives from the scenario seed through the
 * engine's domain-separated stream (`deriveStream`), per agent and per day, never Math.random.
 */
import { utf8 } from "../../engine/codec/bytes.ts"
import { sha256Concat } from "../../engine/crypto/sha256.ts"
import { deriveStream, type RandomStream } from "../../engine/random/stream.ts"

/** The 32 seed bytes of a scenario seed string. */
export const simSeedBytes = (seed: string): Uint8Array => sha256Concat(utf8("nullspace/sim-seed/"), utf8(seed))

/** The stream an agent draws from on one simulated day. */
export const agentDayStream = (seed_bytes: Uint8Array, agent_index: number, day: number): RandomStream =>
  deriveStream(seed_bytes, "agent", BigInt(agent_index), day)

/** The stream an agent's lifelong traits (archetype) are drawn from. */
export const agentProfileStream = (seed_bytes: Uint8Array, agent_index: number): RandomStream =>
  deriveStream(seed_bytes, "agent-profile", BigInt(agent_index), 0)

/** true with probability bps / 10,000 */
export const chanceBps = (rng: RandomStream, bps: number): boolean => rng.bounded(10_000) < bps

/** a uniform integer in [lo, hi] (inclusive); lo when hi ≤ lo */
export const between = (rng: RandomStream, lo: number, hi: number): number => (hi <= lo ? lo : lo + rng.bounded(hi - lo + 1))

/** a uniform element of a non-empty list */
export const pick = <A>(rng: RandomStream, list: ReadonlyArray<A>): A => {
  const a = list[rng.bounded(list.length)]
  if (a === undefined) throw new RangeError("pick from an empty list")
  return a
}
