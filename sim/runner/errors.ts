/** Why a run could not start or its results could not be written. */
import { Data } from "effect"
import type { SimulationResult } from "./simulate.ts"

export class ScenarioNotFound extends Data.TaggedError("ScenarioNotFound")<{ readonly name: string; readonly known: ReadonlyArray<string> }> {
  override get message(): string {
    return `no scenario "${this.name}" (known: ${this.known.join(", ")})`
  }
}

export class InvalidParameters extends Data.TaggedError("InvalidParameters")<{ readonly scenario: string; readonly detail: string }> {
  override get message(): string {
    return `invalid parameters for ${this.scenario}: ${this.detail}`
  }
}

export class SimulationFailed extends Data.TaggedError("SimulationFailed")<{ readonly detail: string }> {
  override get message(): string {
    return `simulation failed: ${this.detail}`
  }
}

export class ResultWriteError extends Data.TaggedError("ResultWriteError")<{ readonly path: string; readonly detail: string }> {
  override get message(): string {
    return `could not write results to ${this.path}: ${this.detail}`
  }
}

/** Where and how an invariant failed: the run's seed, the block, the transaction (null for a block law) and the law. */
export interface ViolationRecord {
  readonly seed: string
  readonly day: number
  readonly height: bigint
  readonly view: bigint
  /** the transaction whose writes broke a transaction law; null when a block law failed after the block */
  readonly tx_id: string | null
  readonly tx_index: number | null
  readonly signer: string | null
  readonly instruction: string | null
  /** the law's stable name (sim/runner/invariants.ts) */
  readonly invariant: string
  readonly detail: string
}

export const violationSummary = (v: ViolationRecord): string =>
  `invariant ${v.invariant} violated at height ${v.height} (view ${v.view}, day ${v.day}, seed ${JSON.stringify(v.seed)})` +
  (v.tx_id === null ? " after the block" : ` by transaction ${v.tx_id} (#${v.tx_index}, ${v.instruction} from ${v.signer})`) +
  `: ${v.detail}`

/**
 * An invariant failed: the run stopped at that block. `partial` is everything simulated up to the
 * last good block (a transaction law rolls its block back; a block law keeps the block it judged).
 */
export class InvariantViolated extends Data.TaggedError("InvariantViolated")<{
  readonly violation: ViolationRecord
  readonly partial: SimulationResult
}> {
  override get message(): string {
    return violationSummary(this.violation)
  }
}
