import { Chunk, Effect, Queue } from "effect"
import { describe, expect, it } from "vitest"
import { TokenBuckets } from "../api/rate-limit.ts"
import { startTestServer } from "./helpers.ts"

describe("finalized-block broadcast", () => {
  it("never waits for a slow subscriber: it skips the oldest blocks instead", async () => {
    const server = await startTestServer({ config: { updates_broadcast_buffer: 2 } })
    try {
      const heights = await Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            const q = yield* server.devChain.subscribe
            // nobody reads while five blocks are produced
            for (let i = 0; i < 5; i++) yield* server.devChain.produceNow
            return Chunk.toReadonlyArray(yield* Queue.takeAll(q)).map((fb) => fb.result.height)
          })
        )
      )
      expect(server.devChain.head().height).toBe(5n)
      expect(heights).toEqual([4n, 5n])
    } finally {
      await server.close()
    }
  })
})

describe("token buckets", () => {
  it("allow a burst, then refill at the configured rate, per client", () => {
    let now = 0
    const b = new TokenBuckets({ rate_per_second: 2, burst: 3 }, () => now)
    expect([b.take("a"), b.take("a"), b.take("a"), b.take("a")]).toEqual([true, true, true, false])
    expect(b.take("b")).toBe(true)
    now = 499
    expect(b.take("a")).toBe(false)
    now = 500
    expect(b.take("a")).toBe(true)
    expect(b.take("a")).toBe(false)
    now = 60_000
    expect([b.take("a"), b.take("a"), b.take("a"), b.take("a")]).toEqual([true, true, true, false])
  })

  it("are disabled by a zero rate", () => {
    const b = new TokenBuckets({ rate_per_second: 0, burst: 0 }, () => 0)
    for (let i = 0; i < 100; i++) expect(b.take("a")).toBe(true)
  })

  it("stay bounded in size by forgetting idle clients", () => {
    let now = 0
    const b = new TokenBuckets({ rate_per_second: 1, burst: 1, clients_max: 10 }, () => now)
    for (let i = 0; i < 10; i++) b.take(`c${i}`)
    expect(b.tracked).toBe(10)
    now = 500
    // nobody is idle yet (a bucket refills in 1 s): the table is cleared rather than grown
    b.take("x")
    expect(b.tracked).toBe(1)
    for (let i = 0; i < 5; i++) b.take(`d${i}`)
    now = 5_000
    for (let i = 0; i < 4; i++) b.take(`e${i}`)
    expect(b.tracked).toBe(10)
    // the idle ones are swept, the fresh ones kept
    b.take("y")
    expect(b.tracked).toBe(5)
  })
})
