/**
 * Event counts by type, per day (long table `event_counts`: day, event_type, events), plus the
 * day's transaction statuses as daily columns.
 */
import type { BlockExecution } from "../../engine/execute/output.ts"
import type { Row } from "../sinks/duckdb.ts"
import type { MetricsCollector } from "./collector.ts"

export const EVENT_COUNT_COLUMNS = [
  ["day", "BIGINT"],
  ["event_type", "VARCHAR"],
  ["events", "BIGINT"]
] as const

export const eventCountCollector = (): MetricsCollector => {
  let today = new Map<string, bigint>()
  let applied = 0n
  let failed = 0n
  let skipped = 0n
  const rows: Row[] = []
  return {
    family: "events",
    daily_columns: [
      ["transactions_applied", "BIGINT"],
      ["transactions_failed", "BIGINT"],
      ["transactions_skipped", "BIGINT"],
      ["events_total", "BIGINT"]
    ],
    observeBlock: (block: BlockExecution) => {
      for (const out of block.outputs) {
        if (out.status === "applied") applied++
        else if (out.status === "failed") failed++
        else skipped++
        for (const e of out.events) today.set(e._tag, (today.get(e._tag) ?? 0n) + 1n)
      }
    },
    endDay: ({ day }) => {
      let total = 0n
      for (const [tag, n] of [...today.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        rows.push([BigInt(day), tag, n])
        total += n
      }
      const row = [applied, failed, skipped, total]
      today = new Map()
      applied = failed = skipped = 0n
      return row
    },
    finish: () => [{ name: "event_counts", columns: EVENT_COUNT_COLUMNS, rows }]
  }
}
