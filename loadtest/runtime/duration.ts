/**
 * k6 durations: Go duration strings ("500ms", "1m30s", "2.5s", "1h") plus days ("1d"), or a
 * plain number of milliseconds. Returns milliseconds.
 */
const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  "µs": 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000
}

export const parseDuration_ms = (input: unknown): number | Error => {
  if (typeof input === "number") {
    if (!Number.isFinite(input) || input < 0) return new Error(`invalid duration ${input}`)
    return input
  }
  if (typeof input !== "string") return new Error(`invalid duration ${String(input)}`)
  const text = input.trim()
  if (text === "0") return 0
  const part = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/y
  let total = 0
  let pos = 0
  let parts = 0
  while (pos < text.length && parts < 16) {
    part.lastIndex = pos
    const m = part.exec(text)
    if (m === null) return new Error(`invalid duration "${input}"`)
    total += Number(m[1]) * UNIT_MS[m[2]!]!
    pos = part.lastIndex
    parts++
  }
  if (parts === 0 || pos !== text.length) return new Error(`invalid duration "${input}"`)
  return total
}

/** Human form used in summaries: "1m30s", "2.5s", "850ms". */
export const formatDuration = (ms: number): string => {
  if (ms < 1000) return `${Math.round(ms)}ms`
  const s = ms / 1000
  if (s < 60) return `${Number(s.toFixed(1))}s`
  const m = Math.floor(s / 60)
  const rest = Math.round(s - m * 60)
  return rest === 0 ? `${m}m` : `${m}m${rest}s`
}
