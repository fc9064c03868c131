/**
 * Structured logs: one JSON object per line. A service so tests and embedders can capture or
 * silence records; the default writes to stdout (records) and stderr (warnings).
 */
import { Context, Layer } from "effect"

export type LogLevel = "info" | "warn" | "error"

export interface LogRecord {
  readonly level: LogLevel
  readonly msg: string
  readonly [field: string]: unknown
}

export interface LogSinkShape {
  readonly write: (record: LogRecord) => void
}

export class LogSink extends Context.Tag("nullspace/services/LogSink")<LogSink, LogSinkShape>() {}

const line = (record: LogRecord): string =>
  JSON.stringify({ ts: new Date().toISOString(), ...record }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))

export const consoleLogSink: LogSinkShape = {
  write: (record) => {
    if (record.level === "info") process.stdout.write(line(record) + "\n")
    else process.stderr.write(line(record) + "\n")
  }
}

export const ConsoleLogSinkLive = Layer.succeed(LogSink, consoleLogSink)

/** keeps records in memory (tests, embedders that forward logs elsewhere) */
export const memoryLogSink = (): LogSinkShape & { readonly records: LogRecord[] } => {
  const records: LogRecord[] = []
  return { records, write: (r) => void records.push(r) }
}

export const silentLogSink: LogSinkShape = { write: () => {} }
