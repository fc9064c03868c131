/**
 * A simulated participant. The runner asks each agent, whenever it has nothing waiting in the
 * mempool, for its next intents (engine instructions it wants signed, in nonce order). An agent
 * reads the chain only through its `AgentView` — the read model (engine/read/), what any client
 * can read, never the store itself — and draws chance only
 * from the seeded stream the runner hands it, so a run is a pure function of the scenario seed.
 */
import type { ChainClock } from "../../engine/execute/context.ts"
import type { ReadModel } from "../../engine/read/read-model.ts"
import type { Player } from "../../engine/casino/player.ts"
import type { GameSession } from "../../engine/games/session.ts"
import type { RandomStream } from "../../engine/random/stream.ts"
import type { StateStore } from "../../engine/state/store.ts"
import type { Instruction } from "../../engine/tx/instruction.ts"
import type { Signer } from "../../engine/tx/sign.ts"

/** What an agent may see of the chain: its own records as of the last executed block. */
export interface AgentView {
  /** simulated day, 0-based */
  readonly day: number
  /** the view of the block the intents will be proposed for, and its chain clock */
  readonly clock: ChainClock
  /** the agent's player record, if registered */
  readonly player: Player | undefined
  /** the agent's next nonce in committed state */
  readonly nonce: bigint
  /** a game session by id (any player's: sessions are public state) */
  readonly session: (session_id: bigint) => GameSession | undefined
  /**
   * the committed chain state, to read public records through the engine's table definitions
   * (`house.get(view.state)`, `tournaments.get(view.state, id)`, …). Read only: an agent never
   * writes it (its only effect on the chain is the instructions it returns).
   */
  readonly state: StateStore
  /** everything else a client can read (AMM, vaults, savings, staking, tournaments, policy, …) */
  readonly read: ReadModel
}

/**
 * Simulation metadata about who runs an agent, for the operator tools' sybil scan (never seen by
 * the chain): the device and network it acts from, its usual activity window, and — the ground
 * truth the scan is scored against — the farmer that controls it (null = an independent person).
 */
export interface AgentFingerprint {
  readonly device_id: string
  /** an IPv4 address as text */
  readonly ip: string
  /** the activity window the agent prefers (its timing signature) */
  readonly window: number
  /** seconds into its window the agent tends to act (timing jitter, simulation metadata only) */
  readonly offset_s: number
  readonly farmer: string | null
}

/** When, if at all, an agent plays on a day. */
export interface DayPlan {
  /** the activity window (0-based, < windows per day) the agent acts in; null = idle today */
  readonly window: number | null
}

export interface Agent {
  readonly index: number
  readonly name: string
  readonly signer: Signer
  /** the agent's archetype, for reports */
  readonly kind: string
  /** device / IP / timing fingerprint and ground truth for the sybil scan (absent = not modelled) */
  readonly fingerprint?: AgentFingerprint
  /** called once at the start of every simulated day, before any block of that day */
  readonly startDay: (day: number, windows_per_day: number, rng: RandomStream) => DayPlan
  /** next intents while nothing of this agent is pending; an empty list = done for now */
  readonly next: (view: AgentView, rng: RandomStream) => ReadonlyArray<Instruction>
}
