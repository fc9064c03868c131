/**
 * Rows per second into the result files, ratios against the SQL INSERT path measured in the
 * same run: N agent-outcome rows (16 columns: bigint, varchar, boolean) into a DuckDB file table
 * by SQL INSERT (500 rows a statement, the reference) and by the appender (the path every writer
 * uses, sim/sinks/duckdb.ts appendRows), then COPY of that table to Parquet, then the catalog's
 * ingest of the Parquet file (INSERT … BY NAME from read_parquet, sim/sinks/catalog.ts).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Bench } from "tinybench"
import { AGENT_OUTCOME_COLUMNS } from "../sim/metrics/retention.ts"
import { appendRows, appendRowsSql, withDuckDb, type Row } from "../sim/sinks/duckdb.ts"
import { copyTableToParquet, sqlString } from "../sim/sinks/parquet.ts"
import { meanMs, type BenchReport } from "./report.ts"

const ROWS = 20_000

const rows: Row[] = Array.from({ length: ROWS }, (_, i) => [
  BigInt(i),
  `Player${String(i).padStart(5, "0")}`,
  ["grinder", "casual", "whale", "defi", "subscriber", "lurker"][i % 6] ?? "grinder",
  i.toString(16).padStart(64, "0"),
  true,
  0n,
  BigInt(i % 365),
  BigInt(i % 200),
  BigInt(i * 3),
  BigInt(i % 7),
  BigInt(i * 2),
  BigInt(1_000 + i),
  0n,
  BigInt(i % 50),
  BigInt(i % 75),
  BigInt(i % 30)
])

export const benchResultsSink = async (): Promise<BenchReport> => {
  const dir = mkdtempSync(join(tmpdir(), "nullspace-bench-results-"))
  let k = 0
  try {
    return await withDuckDb(join(dir, "bench.duckdb"), async (conn) => {
      const bench = new Bench({ time: 0, iterations: 3, warmupIterations: 1 })
      const parquet = join(dir, "outcomes.parquet")
      await appendRows(conn, "source", AGENT_OUTCOME_COLUMNS, rows)
      await copyTableToParquet(conn, "source", parquet)
      bench
        .add("sql insert", async () => appendRowsSql(conn, `sql_${k++}`, AGENT_OUTCOME_COLUMNS, rows))
        .add("appender", async () => appendRows(conn, `app_${k++}`, AGENT_OUTCOME_COLUMNS, rows))
        .add("copy to parquet", async () => copyTableToParquet(conn, "source", join(dir, `copy-${k++}.parquet`)))
        .add("catalog ingest", async () => {
          await conn.run(`CREATE TABLE ing_${k++} AS SELECT 'run' AS run_id, * FROM read_parquet(${sqlString(parquet)})`)
        })
      await bench.run()
      const rate = (name: string): number => {
        const t = bench.getTask(name)
        return t === undefined ? Number.NaN : ROWS / (meanMs(t) / 1000)
      }
      const base = rate("sql insert")
      return {
        name: `results sink (${ROWS.toLocaleString("en-US")} agent-outcome rows, 16 columns)`,
        rows: [
          ["sql insert rows/s (baseline)", base],
          ["appender rows/s", rate("appender")],
          ["appender ÷ sql insert", rate("appender") / base],
          ["copy to parquet rows/s", rate("copy to parquet")],
          ["copy to parquet ÷ sql insert", rate("copy to parquet") / base],
          ["catalog ingest from parquet rows/s", rate("catalog ingest")],
          ["catalog ingest ÷ sql insert", rate("catalog ingest") / base]
        ]
      }
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
