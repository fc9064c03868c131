/**
 * The signature worker pool on the node's paths (services/node/pool-verify.ts): /submit batches,
 * finalized blocks and block-log replay. A forged signature is refused through the pool path
 * exactly as through the single-thread path (same status, error, code and index; nothing changes),
 * the node verifies its own proposals on both paths,
 * and the pool really does the work of honest batches.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { Effect, Exit } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import type { Block } from "../../engine/block.ts"
import { devSeed } from "../../engine/chain/dev-seed.ts"
import { SignatureHex, type DigestHex } from "../../engine/schema/primitives.ts"
import type { Transaction } from "../../engine/tx/transaction.ts"
import { VerifiedSignatures } from "../../engine/tx/verified-cache.ts"
import { TRANSACTION_NAMESPACE } from "../../engine/chain/constants.ts"
import { encodeRecord } from "../node/block-record.ts"
import { POOL_BATCH_MIN, preverify } from "../node/pool-verify.ts"
import { startVerifyPool } from "../node/verify-pool.ts"
import type { DevServer } from "../server.ts"
import { register, removeTempDirs, signer, snapshot, startTestServer, submit, tempDir, tx } from "./helpers.ts"

afterAll(removeTempDirs)

const BATCH = 24
const players = Array.from({ length: BATCH }, (_, i) => signer(`pool-verify/${i}`))
const flip = (s: string): SignatureHex => SignatureHex.make((s[0] === "0" ? "1" : "0") + s.slice(1))
const FORGED_AT = 17

const registrations = (): Transaction[] => players.map((p, i) => register(p, 0n, `p${i}`))
const deposits = (): Transaction[] => players.map((p) => tx(p, 1n, { _tag: "CasinoDeposit", amount: 10n }))
const forgedAt = (txs: Transaction[], i: number): Transaction[] => txs.map((t, k) => (k === i ? { ...t, signature: flip(t.signature) } : t))

const withServers = async (run: (single: DevServer, pooled: DevServer) => Promise<void>, dataDirs?: readonly [string, string]): Promise<void> => {
  const single = await startTestServer(dataDirs === undefined ? {} : { dataDir: dataDirs[0] })
  const pooled = await startTestServer({ ...(dataDirs === undefined ? {} : { dataDir: dataDirs[1] }), config: { verify_pool_workers: 2 } })
  try {
    expect(single.devChain.pool).toBeNull()
    expect(pooled.devChain.pool?.workers).toBe(2)
    await run(single, pooled)
  } finally {
    await Promise.all([single.close(), pooled.close()])
  }
}

describe("the verify pool on the node's paths", () => {
  it("preverify remembers exactly the valid signatures of a batch and never a forgery", async () => {
    const pool = await startVerifyPool({ workers: 2 })
    try {
      const txs = forgedAt(registrations(), FORGED_AT)
      const verified = new VerifiedSignatures()
      expect(await preverify(pool, txs, TRANSACTION_NAMESPACE, verified)).toBe(BATCH - 1)
      txs.forEach((t, i) => expect(verified.has(VerifiedSignatures.key(t, TRANSACTION_NAMESPACE)), `tx ${i}`).toBe(i !== FORGED_AT))
      // a second pass finds them all remembered: no pool work
      expect(await preverify(pool, txs, TRANSACTION_NAMESPACE, verified)).toBe(0)
      // another namespace's signatures are not ours
      expect(await preverify(pool, registrations(), "_OTHER_TX", new VerifiedSignatures())).toBe(0)
      // small batches stay on the calling thread
      expect(await preverify(pool, registrations().slice(0, POOL_BATCH_MIN - 1), TRANSACTION_NAMESPACE, new VerifiedSignatures())).toBe(0)
    } finally {
      await pool.close()
    }
  }, 60_000)

  it("/submit: a forged signature in a batch is refused through the pool as without it; the honest batch is accepted", async () => {
    await withServers(async (single, pooled) => {
      for (const server of [single, pooled]) {
        const before = snapshot(server)
        const r = await submit(server, forgedAt(registrations(), FORGED_AT))
        expect(r.status).toBe(400)
        expect(r.body).toMatchObject({ error: "BadSignature", code: 102, index: FORGED_AT })
        expect(snapshot(server)).toEqual(before)
      }
      for (const server of [single, pooled]) {
        expect((await submit(server, registrations())).status).toBe(200)
        await server.produceNow()
      }
      expect(pooled.devChain.head().state_root).toBe(single.devChain.head().state_root)
    })
  }, 60_000)

  it("finalize: a block with a forged signature is BlockBadSignature at the same index through the pool; the honest block executes", async () => {
    await withServers(async (single, pooled) => {
      const blockOf = (server: DevServer, txs: ReadonlyArray<Transaction>): Block => {
        const h = server.devChain.head()
        const view = h.view + 1n
        return { parent: h.last_digest, view, height: h.height + 1n, seed: devSeed("pool-verify", view), transactions: [...txs] }
      }
      for (const server of [single, pooled]) {
        expect((await submit(server, registrations())).status).toBe(200)
        await server.produceNow()
      }
      const errors: string[] = []
      for (const server of [single, pooled]) {
        const c = server.devChain
        const before = snapshot(server)
        const exit = await Effect.runPromiseExit(c.finalize(blockOf(server, forgedAt(deposits(), FORGED_AT))))
        expect(Exit.isFailure(exit)).toBe(true)
        if (Exit.isFailure(exit)) errors.push(JSON.stringify(exit.cause))
        expect(snapshot(server)).toEqual(before)
      }
      expect(errors[0]).toContain('"BlockBadSignature"')
      expect(errors[0]).toContain(`"index":${FORGED_AT}`)
      expect(errors[1]).toBe(errors[0])
      for (const server of [single, pooled]) {
        const result = await Effect.runPromise(server.devChain.finalize(blockOf(server, deposits())))
        expect(result?.outputs.map((o) => o.status === "skipped")).toEqual(deposits().map(() => false))
      }
      expect(pooled.devChain.head().state_root).toBe(single.devChain.head().state_root)
    })
  }, 60_000)

  it("propose: the node verifies its own proposal; a forgery slipped past admission is refused, evicted, and no block is made", async () => {
    await withServers(async (single, pooled) => {
      for (const server of [single, pooled]) {
        expect((await submit(server, registrations())).status).toBe(200)
        await server.produceNow()
        const c = server.devChain
        // admit skips signature work (the caller verified): a bug there must still not reach state
        await Effect.runPromise(c.admit(forgedAt(deposits(), FORGED_AT)))
        const before = { head: c.head(), nonces: players.map((p) => c.chain.nonceOf(p.public_key)) }
        const exit = await Effect.runPromiseExit(c.produceNow)
        expect(Exit.isFailure(exit)).toBe(true)
        expect({ head: c.head(), nonces: players.map((p) => c.chain.nonceOf(p.public_key)) }).toEqual(before)
        expect(c.mempool.size).toBe(BATCH - 1)
        // the rest of the batch is honest: it is in the next block
        const fb = await server.produceNow()
        expect(fb.block.transactions).toHaveLength(BATCH - 1)
        expect(fb.block.transactions.some((t) => t.public_key === players[FORGED_AT]?.public_key)).toBe(false)
      }
      expect(pooled.devChain.head().state_root).toBe(single.devChain.head().state_root)
    })
  }, 60_000)

  it("replay: the log replays through the pool to the same head, and a forged record stops the start as without it", async () => {
    const dirs = [tempDir("pool-replay-single"), tempDir("pool-replay-pooled")] as const
    let forged: Block | undefined
    let root: DigestHex | undefined
    await withServers(async (single, pooled) => {
      for (const server of [single, pooled]) {
        expect((await submit(server, registrations())).status).toBe(200)
        const fb = await server.produceNow()
        forged = {
          parent: fb.result.digest,
          view: fb.block.view + 1n,
          height: fb.block.height + 1n,
          seed: devSeed("pool-verify", fb.block.view + 1n),
          transactions: forgedAt(deposits(), FORGED_AT)
        }
        root = fb.result.state_root
      }
    }, dirs)
    // clean restart: same head with and without the pool
    await withServers(async (single, pooled) => {
      expect(pooled.devChain.head()).toEqual(single.devChain.head())
      expect(pooled.devChain.stats().blocks_replayed).toBe(1)
    }, dirs)
    if (forged === undefined || root === undefined) throw new Error("no block was produced")
    for (const dir of dirs) fs.appendFileSync(path.join(dir, "blocks.log"), encodeRecord(forged, root))
    await expect(startTestServer({ dataDir: dirs[0] })).rejects.toThrow(/BlockBadSignature/)
    await expect(startTestServer({ dataDir: dirs[1], config: { verify_pool_workers: 2 } })).rejects.toThrow(/BlockBadSignature/)
  }, 90_000)
})
