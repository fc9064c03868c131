/**
 * The 'k6/execution' module (default export): the parts of k6's execution context a script here
 * uses — vu.idInTest, vu.iterationInInstance, vu.iterationInScenario, scenario.name,
 * scenario.iterationInTest (unique across the scenario's VUs: each iteration claims the next number
 * from a counter the scenario's workers share) and test.abort(reason). Read in the VU stage;
 * scenario values in the init stage throw, as in k6.
 */
import type { VuHost } from "./vu-host.ts"

export const makeExecutionModule = (host: VuHost) => {
  const vuStage = (what: string): void => {
    if (host.phase === "init") throw host.realm.makeError(`getting ${what} in the init context is not supported`)
  }
  const vu = {
    get idInTest(): number {
      return host.vu
    },
    get idInInstance(): number {
      return host.vu
    },
    get iterationInInstance(): number {
      vuStage("vu.iterationInInstance")
      return host.iter
    },
    get iterationInScenario(): number {
      vuStage("vu.iterationInScenario")
      return host.iter
    }
  }
  const scenario = {
    get name(): string {
      vuStage("scenario.name")
      return host.scenario
    },
    get iterationInTest(): number {
      vuStage("scenario.iterationInTest")
      return host.iteration_in_test
    },
    get iterationInInstance(): number {
      vuStage("scenario.iterationInInstance")
      return host.iteration_in_test
    }
  }
  const test = {
    abort: (reason?: unknown): never => {
      throw host.realm.makeError(`test aborted: ${reason === undefined ? "" : String(reason)}`)
    }
  }
  const exec = { vu, scenario, test }
  return { ...exec, default: exec }
}
