/** The island's ecosystem agents (simulations.md §4.2, §5) and sybil farmers: none yet in this slice. */
import type { PublicKey } from "../../engine/schema/primitives.ts"
import type { Agent } from "../../sim/agents/agent.ts"
import type { Phase1IslandParameters } from "./scenario.ts"

export interface Ecosystem {
  readonly agents: ReadonlyArray<Agent>
  /** keys the membership operator upgrades */
  readonly members: ReadonlyArray<{ readonly key: PublicKey; readonly from_day: number }>
}

export const ecosystemAgents = (_p: Phase1IslandParameters, _first_index: number, _seed_bytes: Uint8Array): Ecosystem => ({ agents: [], members: [] })
