/** The named scenarios a command line can run. */
import type { Scenario, ScenarioCatalog } from "../sim/scenario.ts"
import { phase1Island } from "./phase1-island/scenario.ts"
import { phase2Convertibility } from "./phase2-convertibility/scenario.ts"
import { quickstart } from "./quickstart/scenario.ts"
import { stress } from "./stress/scenario.ts"

export const SCENARIOS: ReadonlyMap<string, Scenario> = new Map([
  [quickstart.name, quickstart],
  [phase1Island.name, phase1Island],
  [phase2Convertibility.name, phase2Convertibility],
  [stress.name, stress]
])

export const DEFAULT_SCENARIO = quickstart.name

/** what `npm start` runs: a year of the island economy at its default size */
export const START_SCENARIO = phase1Island.name

/** what the runner is handed (sim never imports scenarios/: no cycle) */
export const CATALOG: ScenarioCatalog = { scenarios: SCENARIOS, default_name: DEFAULT_SCENARIO }
