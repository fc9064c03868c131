import { Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"
import { devSeed } from "../../engine/chain/dev-seed.ts"
import { register, signer, startTestServer, submit, get } from "./helpers.ts"

describe("the BlockProposer seam (what consensus will drive)", () => {
  it("proposes without consuming the mempool, finalizes at least once, refuses gaps without halting", async () => {
    const server = await startTestServer()
    try {
      const c = server.devChain
      const alice = signer("proposer/alice")
      expect((await submit(server, [register(alice, 0n)])).status).toBe(200)

      const p1 = await Effect.runPromise(c.propose(5n))
      const p2 = await Effect.runPromise(c.propose(5n))
      expect(p1).toEqual(p2)
      expect(p1.transactions).toHaveLength(1)
      expect(p1.height).toBe(1n)
      expect(c.mempool.size).toBe(1)

      const block = { ...p1, seed: devSeed("proposer-test", 5n) }
      const result = await Effect.runPromise(c.finalize(block))
      expect(result?.height).toBe(1n)
      expect(result?.outputs[0]?.status).toBe("applied")
      expect(c.mempool.size).toBe(0)
      expect(c.head().view).toBe(5n)

      // duplicate delivery is a no-op
      expect(await Effect.runPromise(c.finalize(block))).toBeNull()
      expect(c.head().height).toBe(1n)

      // a gap is refused with a typed block error; nothing changes and the chain keeps running
      const before = c.head()
      const gap = await Effect.runPromiseExit(c.finalize({ ...block, height: 3n, view: 9n }))
      expect(Exit.isFailure(gap)).toBe(true)
      if (Exit.isFailure(gap)) expect(JSON.stringify(gap.cause)).toContain("BlockWrongParent")
      expect(c.halted()).toBeNull()
      expect(c.head()).toEqual(before)
      expect(c.stats().blocks_refused).toBe(1)
      const health = await get(server, "/healthz")
      expect(health.status).toBe(200)
      const accepted = await submit(server, [register(signer("proposer/bob"), 0n)])
      expect(accepted.status).toBe(200)
    } finally {
      await server.close()
    }
  })
})
