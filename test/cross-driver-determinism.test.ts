/**
 * One engine, two drivers: the blocks a simulation builds and executes are rebuilt by the dev
 * chain service from the same transactions submitted over HTTP /submit, at the same views with
 * the same seeds, and every block gives the same outputs and state root.
 */
import { Effect, Either, Schema } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { devSeed } from "../engine/chain/dev-seed.ts"
import { BlockResult } from "../engine/execute/output.ts"
import { quickstart } from "../scenarios/quickstart/scenario.ts"
import { seedSecret, simulate } from "../sim/runner/simulate.ts"
import { encodeSubmission, startDevServer, type DevServer } from "../services/server.ts"

const servers: DevServer[] = []
afterAll(async () => {
  for (const s of servers) await s.close()
})

describe("the simulation runner and the dev chain execute identical blocks", () => {
  it("same transactions, views and seeds ⇒ same outputs and state roots, block by block", async () => {
    const resolved = quickstart.resolve({ agents: "12", days: "2", seed: "cross-driver" })
    if (Either.isLeft(resolved)) throw new Error(resolved.left)
    const sim = simulate({ ...resolved.right.spec, keep_blocks: true })
    expect(sim.blocks.length).toBeGreaterThan(10)

    const server = await startDevServer({ port: 0, host: "127.0.0.1", dataDir: null, blockIntervalMs: 0, config: { http_rate_limit_per_second: 0, submit_rate_limit_per_minute: 0 } })
    servers.push(server)
    const encode = Schema.encodeSync(BlockResult)
    for (const { block, result } of sim.blocks) {
      if (block.transactions.length > 0) {
        const reply = await fetch(`${server.url}/submit`, {
          method: "POST",
          headers: { "content-type": "application/octet-stream" },
          body: Buffer.from(encodeSubmission(block.transactions))
        })
        expect(reply.status).toBe(200)
      }
      const proposal = await Effect.runPromise(server.devChain.propose(block.view))
      expect(proposal.transactions).toEqual(block.transactions)
      const served = await Effect.runPromise(server.devChain.finalize({ ...proposal, seed: devSeed(seedSecret("cross-driver"), block.view) }))
      expect(served).not.toBeNull()
      if (served === null) return
      expect(encode(served)).toEqual(encode(result))
    }
    expect(server.devChain.head().state_root).toBe(sim.final_state_root)
  })
})
