/** Why a run could not start or its results could not be written. */
import { Data } from "effect"

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
