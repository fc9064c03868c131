import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { Chain } from "../../engine/chain/chain.ts"
import { defaultChainConfig } from "../../engine/chain/config.ts"
import type { BlockResult } from "../../engine/execute/output.ts"
import { memoryLogSink } from "../log.ts"
import { decodeRecord, scanRecords } from "../node/block-record.ts"
import type { DevServer, FinalizedBlock, StartDevServerOptions } from "../server.ts"
import { register, removeTempDirs, signer, startTestServer, submit, tempDir, tx, waitFor } from "./helpers.ts"

afterAll(removeTempDirs)

const readLog = (dir: string) => {
  const image = fs.readFileSync(path.join(dir, "blocks.log"))
  const scan = scanRecords(image)
  return { image, scan, blocks: scan.records.map((r) => decodeRecord(image, r)) }
}

/** a few blocks of varied traffic: registrations, deposits, a game with moves, failures */
const traffic = async (server: DevServer, tag: string) => {
  const players = [0, 1, 2].map((i) => signer(`${tag}/p${i}`))
  expect((await submit(server, players.map((p, i) => register(p, 0n, `p${i}`)))).status).toBe(200)
  await server.produceNow()
  expect((await submit(server, players.map((p) => tx(p, 1n, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: BigInt(players.indexOf(p) + 1) })))).status).toBe(200)
  await server.produceNow()
  // a roulette bet payload the engine may accept or refuse: either way the outcome is deterministic
  expect((await submit(server, players.map((p, i) => tx(p, 2n, { _tag: "GameMove", session_id: BigInt(i + 1), payload: Uint8Array.from([1, 0, 17, 0, 0, 0, 0, 0, 0, 0, 10]) })))).status).toBe(200)
  await server.produceNow()
  expect((await submit(server, [tx(players[0]!, 3n, { _tag: "CasinoDeposit", amount: 5n })])).status).toBe(200)
  await server.produceNow()
  await server.produceNow()
}

describe("blocks.log persistence", () => {
  it("restarts from the data dir at the same height and state root, losing nothing finalized", async () => {
    const dir = tempDir("persist")
    const opts: StartDevServerOptions = { dataDir: dir }
    const first = await startTestServer(opts)
    const published: FinalizedBlock[] = []
    const logged_when_published: number[] = []
    first.onBlock((fb) => {
      published.push(fb)
      logged_when_published.push(readLog(dir).blocks.length)
    })
    await traffic(first, "persist")
    await waitFor(() => published.length === 5)
    const head = first.devChain.head()
    await first.close()

    // every block was on disk before anyone saw it
    expect(published.map((fb) => fb.result.height)).toEqual([1n, 2n, 3n, 4n, 5n])
    published.forEach((fb, i) => expect(logged_when_published[i]).toBeGreaterThanOrEqual(Number(fb.result.height)))

    const second = await startTestServer(opts)
    try {
      expect(second.devChain.head()).toEqual(head)
      expect(second.devChain.stats().blocks_replayed).toBe(5)
      const { blocks } = readLog(dir)
      expect(blocks.map((b) => b.block.height)).toEqual([1n, 2n, 3n, 4n, 5n])
      blocks.forEach((b, i) => {
        expect(b.state_root).toBe(published[i]!.result.state_root)
        expect(b.block).toEqual(published[i]!.block)
      })
      // the restarted chain keeps going from there
      const next = await second.produceNow()
      expect(next.result.height).toBe(6n)
      expect(next.block.view).toBe(head.view + 1n)
    } finally {
      await second.close()
    }
  })

  it("truncates a torn tail with a warning and carries on", async () => {
    const dir = tempDir("torn")
    const a = await startTestServer({ dataDir: dir })
    await traffic(a, "torn")
    const head = a.devChain.head()
    await a.close()
    const file = path.join(dir, "blocks.log")
    const intact = fs.statSync(file).size
    // a crash mid-append: half of a copy of the last record
    const { image, scan } = readLog(dir)
    const last = scan.records[scan.records.length - 1]!
    fs.appendFileSync(file, image.subarray(last.start, last.start + Math.floor((last.end - last.start) / 2)))

    const log = memoryLogSink()
    const b = await startTestServer({ dataDir: dir, log })
    try {
      expect(b.devChain.head()).toEqual(head)
      expect(fs.statSync(file).size).toBe(intact)
      expect(log.records.some((r) => r.level === "warn" && r.msg.includes("torn"))).toBe(true)
      await b.produceNow()
    } finally {
      await b.close()
    }
    const c = await startTestServer({ dataDir: dir })
    try {
      expect(c.devChain.head().height).toBe(head.height + 1n)
    } finally {
      await c.close()
    }
  })

  it("treats a damaged last record as torn, but refuses damage with intact records after it", async () => {
    const dir = tempDir("corrupt")
    const a = await startTestServer({ dataDir: dir })
    await traffic(a, "corrupt")
    await a.close()
    const file = path.join(dir, "blocks.log")
    const { image, scan } = readLog(dir)

    const damagedTail = Buffer.from(image)
    damagedTail[scan.records[4]!.start + 20]! ^= 0xff
    fs.writeFileSync(file, damagedTail)
    const b = await startTestServer({ dataDir: dir })
    expect(b.devChain.head().height).toBe(4n)
    await b.close()

    const damagedMiddle = Buffer.from(image.subarray(0, scan.records[3]!.end))
    damagedMiddle[scan.records[1]!.start + 20]! ^= 0xff
    fs.writeFileSync(file, damagedMiddle)
    await expect(startTestServer({ dataDir: dir })).rejects.toThrow(/corrupt/)

    // review F3: one flipped length bit used to make the scanner drop every block after it as a "torn tail"
    const flippedLength = Buffer.from(image)
    flippedLength[scan.records[2]!.start + 6]! ^= 0x01
    fs.writeFileSync(file, flippedLength)
    await expect(startTestServer({ dataDir: dir })).rejects.toThrow(/damaged length/)
    expect(fs.readFileSync(file).equals(flippedLength)).toBe(true)
  })

  it("pins the admin keys at genesis and refuses different ones", async () => {
    const dir = tempDir("genesis")
    const admin = signer("genesis/admin").public_key
    const a = await startTestServer({ dataDir: dir, adminKeys: [admin] })
    await a.close()
    const b = await startTestServer({ dataDir: dir })
    expect(b.devChain.chain.config.admin_keys).toEqual([admin])
    await b.close()
    await expect(startTestServer({ dataDir: dir, adminKeys: [signer("genesis/other").public_key] })).rejects.toThrow(/admin keys differ/)
    const fresh = await startTestServer({ dataDir: dir, adminKeys: [signer("genesis/other").public_key], fresh: true })
    expect(fresh.devChain.head().height).toBe(0n)
    await fresh.close()
  })

  it("refuses a data dir another server holds", async () => {
    const dir = tempDir("lock")
    const a = await startTestServer({ dataDir: dir })
    try {
      await expect(startTestServer({ dataDir: dir })).rejects.toThrow(/already open/)
    } finally {
      await a.close()
    }
  })
})

describe("determinism", () => {
  it("the logged blocks replayed into a fresh engine Chain give identical roots and outputs", async () => {
    const dir = tempDir("determinism")
    const server = await startTestServer({ dataDir: dir })
    const results: BlockResult[] = []
    server.onBlock((fb) => results.push(fb.result))
    await traffic(server, "determinism")
    await waitFor(() => results.length === 5)
    await server.close()

    const chain = new Chain(defaultChainConfig([]))
    chain.genesis(() => {}, 0n)
    const { blocks } = readLog(dir)
    expect(blocks).toHaveLength(results.length)
    blocks.forEach((b, i) => {
      const replayed = chain.applyBlock(b.block)
      expect(replayed).toEqual(results[i])
      expect(replayed.state_root).toBe(b.state_root)
    })
    expect(results.some((r) => r.outputs.some((o) => o.events.some((e) => e._tag === "GameStarted")))).toBe(true)
  })
})
