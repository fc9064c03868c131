/** The named scenarios a command line can run. */
import type { Scenario } from "../sim/scenario.ts"
import { quickstart } from "./quickstart/scenario.ts"

export const SCENARIOS: ReadonlyMap<string, Scenario> = new Map([[quickstart.name, quickstart]])

export const DEFAULT_SCENARIO = quickstart.name
