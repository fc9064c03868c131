import { describe, expect, it } from "vitest"
import { duration, progressPrinter } from "../cli/progress.ts"

describe("command-line progress", () => {
  it("prints plain lines with the time left when piped, and a final line without it", () => {
    const out: string[] = []
    const show = progressPrinter("mc", { tty: false, write: (s) => out.push(s), plain_every_ms: 0 })
    show({ done: 1, total: 4, unit: "cells", elapsed_ms: 10_000, left_ms: 30_000 })
    show({ done: 4, total: 4, unit: "cells", elapsed_ms: 40_000, left_ms: 0, note: "1 resumed" })
    expect(out).toEqual(["mc: 1/4 cells (25 %), 0m10s elapsed, ~0m30s left\n", "mc: 4/4 cells (100 %), 1 resumed, 0m40s elapsed\n"])
  })

  it("rewrites one line in a terminal and throttles updates, never the last", () => {
    const out: string[] = []
    const show = progressPrinter("sweep", { tty: true, write: (s) => out.push(s) })
    show({ done: 0, total: 2, unit: "cells", elapsed_ms: 0, left_ms: Number.NaN })
    show({ done: 1, total: 2, unit: "cells", elapsed_ms: 1, left_ms: 1 })
    show({ done: 2, total: 2, unit: "cells", elapsed_ms: 2, left_ms: 0 })
    expect(out).toHaveLength(2)
    expect(out[0]).toBe("\rsweep: 0/2 cells (0 %), 0m00s elapsed, ~? left\x1b[K")
    expect(out[1]?.endsWith("\n")).toBe(true)
    expect(duration(3_725_000)).toBe("1h02m")
  })
})
