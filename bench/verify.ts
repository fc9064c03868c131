/**
 * Signature verifications per second, same inputs on every path, ratios against the node:crypto
 * single-thread baseline measured in the same run:
 * - noble (portable, pure JS), single thread;
 * - node:crypto single thread: the engine's nodeVerifier, i.e. after the byte-level pre-checks,
 *   with KeyObjects cached (64 keys, as a busy block from repeat players);
 * - the worker pool (services/node/verify-pool.ts) with N workers for N = 1, 2, … all cores,
 *   one batch of POOL_BATCH signatures per call.
 * The per-core target is ≥ 8,000 verifications/s for node:crypto. On a shared machine wall-clock
 * rates say little, so each path is also measured per CPU-second (process.cpuUsage, which counts
 * every thread of the process, workers included), and the pre-checks' overhead is the ratio to
 * raw node:crypto verify on the same KeyObjects.
 */
import { createPublicKey, verify } from "node:crypto"
import * as os from "node:os"
import { Bench } from "tinybench"
import { fromHex } from "../engine/codec/bytes.ts"
import { actorSigner, signTransaction } from "../engine/tx/sign.ts"
import { signingMessage } from "../engine/tx/transaction.ts"
import { nobleVerifier } from "../engine/tx/verify.ts"
import { nodeVerifier } from "../engine/tx/verify-node.ts"
import { startVerifyPool, type VerifyItem } from "../services/node/verify-pool.ts"
import { preverify } from "../services/node/pool-verify.ts"
import { Chain } from "../engine/chain/chain.ts"
import { defaultChainConfig } from "../engine/chain/config.ts"
import { MAX_TRANSACTIONS_PER_BLOCK } from "../engine/chain/constants.ts"
import { devSeed } from "../engine/chain/dev-seed.ts"
import { parentOf, verifyBlock } from "../engine/chain/verify-block.ts"
import type { Block } from "../engine/block.ts"
import { VerifiedSignatures } from "../engine/tx/verified-cache.ts"
import { meanMs, type BenchReport, type ThroughputTable } from "./report.ts"

const KEYS = 64
const ITEMS = 512
const POOL_BATCH = 4_096

export const benchVerify = async (): Promise<BenchReport> => {
  const signers = Array.from({ length: KEYS }, (_, i) => actorSigner(`verify-${i}`))
  const items: VerifyItem[] = Array.from({ length: ITEMS }, (_, i) => {
    const signer = signers[i % KEYS] ?? actorSigner("verify-0")
    const tx = signTransaction(signer, BigInt(i), { _tag: "CasinoDeposit", amount: 100n })
    return { public_key: fromHex(tx.public_key), message: signingMessage(tx.nonce, tx.instruction), signature: fromHex(tx.signature) }
  })
  const batch = Array.from({ length: POOL_BATCH }, (_, i) => items[i % ITEMS] ?? items[0]!)
  const cores = os.availableParallelism()
  const sizes = [...new Set([1, 2, cores])].sort((a, b) => a - b)
  const pools = await Promise.all(sizes.map((workers) => startVerifyPool({ workers })))

  // per CPU-second: fixed work, CPU time of the whole process
  const cpuRate = async (n: number, work: () => void | Promise<void>): Promise<number> => {
    const c0 = process.cpuUsage()
    await work()
    const c = process.cpuUsage(c0)
    return n / ((c.user + c.system) / 1e6)
  }
  const ROUNDS = 8
  const spki = Buffer.from("302a300506032b6570032100", "hex")
  const keyObjects = items.map((it) => createPublicKey({ key: Buffer.concat([spki, it.public_key]), format: "der", type: "spki" }))
  const cpu_raw = await cpuRate(ROUNDS * ITEMS, () => {
    for (let r = 0; r < ROUNDS; r++)
      items.forEach((it, i) => {
        const key = keyObjects[i]
        if (key === undefined || !verify(null, it.message, key, it.signature)) throw new Error("bad")
      })
  })
  const cpu_node = await cpuRate(ROUNDS * ITEMS, () => {
    for (let r = 0; r < ROUNDS; r++) for (const it of items) if (!nodeVerifier.verify(it.public_key, it.message, it.signature)) throw new Error("bad")
  })
  const cpu_pool = new Map<number, number>()
  for (const pool of pools)
    cpu_pool.set(
      pool.workers,
      await cpuRate(2 * POOL_BATCH, async () => {
        for (let r = 0; r < 2; r++) if ((await pool.verifyBatch(batch)).some((ok) => !ok)) throw new Error("bad")
      })
    )

  const bench = new Bench({ time: 2_000, iterations: 8, warmupIterations: 2, warmupTime: 200 })
  bench.add("noble verify", () => {
    for (const it of items.slice(0, 64)) if (!nobleVerifier.verify(it.public_key, it.message, it.signature)) throw new Error("bad")
  })
  bench.add("node:crypto verify", () => {
    for (const it of items) if (!nodeVerifier.verify(it.public_key, it.message, it.signature)) throw new Error("bad")
  })
  for (const pool of pools)
    bench.add(`pool ${pool.workers}`, async () => {
      const r = await pool.verifyBatch(batch)
      if (r.some((ok) => !ok)) throw new Error("bad")
    })
  try {
    await bench.run()
  } finally {
    await Promise.all(pools.map((p) => p.close()))
  }
  const perSecond = (name: string, n: number) => {
    const task = bench.tasks.find((t) => t.name === name)
    return task === undefined ? Number.NaN : (n / meanMs(task)) * 1000
  }
  const noble = perSecond("noble verify", 64)
  const node = perSecond("node:crypto verify", ITEMS)
  const rows: Array<readonly [string, number]> = [
    ["cores (os.availableParallelism)", cores],
    ["noble verifies/s (1 thread)", noble],
    ["node:crypto verifies/s (1 thread, pre-checks, cached keys)", node],
    ["ratio node:crypto / noble", node / noble],
    ["raw node:crypto verify per CPU-second (no pre-checks)", cpu_raw],
    ["node:crypto verifies per CPU-second (pre-checks, cached keys)", cpu_node],
    ["ratio with pre-checks / raw (per CPU-second)", cpu_node / cpu_raw]
  ]
  for (const pool of pools) {
    const v = perSecond(`pool ${pool.workers}`, POOL_BATCH)
    rows.push([`pool ${pool.workers} worker(s) verifies/s`, v])
    rows.push([`ratio pool ${pool.workers} / node:crypto 1 thread`, v / node])
    const c = cpu_pool.get(pool.workers) ?? Number.NaN
    rows.push([`pool ${pool.workers} verifies per CPU-second (all threads)`, c])
  }
  return { name: "signature verification", rows }
}

export const VERIFY_BLOCK_ONE = "verifyBlock, node:crypto, 1 thread (500-tx block)"
export const VERIFY_BLOCK_POOL = (workers: number): string =>
  `verifyBlock, signatures on the pool, ${workers} worker${workers === 1 ? "" : "s"} (500-tx block)`

/**
 * Rows of the one throughput table: block verification (every check of verifyBlock, signatures
 * included, nothing cached) of a full block of 500 distinct accounts' transactions, on one thread
 * with node:crypto, and with the signatures done first on the node's worker pool
 * (services/node/pool-verify.ts) for 1 and 2 workers. Unit: one signature. Returns the scaling
 * note (2 workers ÷ 1 worker).
 */
export const verifyBlockRows = async (table: ThroughputTable): Promise<string> => {
  const config = defaultChainConfig()
  const chain = new Chain(config)
  chain.genesis(() => {}, 0n)
  const txs = Array.from({ length: MAX_TRANSACTIONS_PER_BLOCK }, (_, i) =>
    signTransaction(actorSigner(`bench-verify-block-${i}`), 0n, { _tag: "CasinoRegister", name: `v${i}` })
  )
  const block: Block = { parent: chain.last_digest, view: 1n, height: 1n, seed: devSeed("bench", 1n), transactions: txs }
  const parent = parentOf(chain)
  const n = txs.length
  const workers = [1, 2] as const
  const pools = await Promise.all(workers.map((w) => startVerifyPool({ workers: w })))
  const bench = new Bench({ time: 2_000, iterations: 8, warmupIterations: 2, warmupTime: 200 })
  bench.add(VERIFY_BLOCK_ONE, () => {
    if (verifyBlock(block, parent, config, nodeVerifier) !== null) throw new Error("the bench block must verify")
  })
  for (const pool of pools)
    bench.add(VERIFY_BLOCK_POOL(pool.workers), async () => {
      const verified = new VerifiedSignatures()
      if ((await preverify(pool, txs, config.transaction_namespace, verified)) !== n) throw new Error("the pool must verify every signature")
      if (verifyBlock(block, parent, config, nodeVerifier, { verified }) !== null) throw new Error("the bench block must verify")
    })
  try {
    await bench.run()
  } finally {
    await Promise.all(pools.map((p) => p.close()))
  }
  const rate = (name: string): number => {
    const t = bench.getTask(name)
    if (t === undefined) throw new Error(`no task ${name}`)
    table.addTask(name, "signature", n, t)
    return (n / meanMs(t)) * 1000
  }
  const one = rate(VERIFY_BLOCK_ONE)
  const [p1, p2] = workers.map((w) => rate(VERIFY_BLOCK_POOL(w)))
  return (
    `verify scaling: pool 2 workers / 1 worker = ${((p2 ?? Number.NaN) / (p1 ?? Number.NaN)).toFixed(2)} (2.00 = linear), ` +
    `pool 2 workers / 1 thread = ${((p2 ?? Number.NaN) / one).toFixed(2)}; the pool's workers and the main thread share ${os.availableParallelism()} cores with everything else`
  )
}
