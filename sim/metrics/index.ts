/** The default metric families every run collects (one file per family, see collector.ts). */
import { ammCollector } from "./amm.ts"
import type { MetricsCollector } from "./collector.ts"
import { concentrationCollector } from "./concentration.ts"
import { eventCountCollector } from "./event-counts.ts"
import { gameEdgeCollector } from "./game-edge.ts"
import { housePnlCollector } from "./house-pnl.ts"
import { invariantCollector } from "./invariants.ts"
import { retentionCollector, type TrackedAgent } from "./retention.ts"
import { supplyCollector } from "./supply.ts"
import { vaultCollector } from "./vaults.ts"
import { yieldCollector } from "./yields.ts"

export const defaultCollectors = (agents: ReadonlyArray<TrackedAgent>): ReadonlyArray<MetricsCollector> => [
  supplyCollector(),
  housePnlCollector(),
  gameEdgeCollector(),
  ammCollector(),
  vaultCollector(),
  yieldCollector(),
  concentrationCollector(),
  eventCountCollector(),
  retentionCollector(agents),
  invariantCollector()
]
