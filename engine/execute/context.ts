/**
 * What an instruction handler sees: the state, who signed, the chain clock of the block, the
 * block's randomness and outcome sources, the chain configuration and an event sink.
 * Handlers are plain functions (the hot path); they return a tagged error or nothing.
 */
import type { Event } from "../events.ts"
import type { InstructionError } from "../errors.ts"
import type { OutcomeSourcesShape } from "../games/outcomes.ts"
import type { RandomnessShape } from "../random/randomness.ts"
import type { PublicKey } from "../schema/primitives.ts"
import type { StateStore } from "../state/store.ts"
import type { Instruction, InstructionOf, InstructionTag } from "../tx/instruction.ts"
import type { ChainConfig } from "../chain/config.ts"

export interface ChainClock {
  readonly view: bigint
  /** chain seconds: 3 × view */
  readonly now_s: bigint
  /** floor(now_s / 86,400) */
  readonly day: bigint
}

export interface TxContext {
  readonly store: StateStore
  readonly signer: PublicKey
  readonly isAdmin: boolean
  readonly clock: ChainClock
  readonly randomness: RandomnessShape
  readonly outcomes: OutcomeSourcesShape
  readonly config: ChainConfig
  readonly emit: (event: Event) => void
}

export type HandlerResult = InstructionError | undefined

export type Handler<T extends InstructionTag> = (ctx: TxContext, ix: InstructionOf<T>) => HandlerResult

export type HandlerTable = { readonly [T in InstructionTag]: Handler<T> }

export type { Instruction }
