/**
 * The store on both backends over real finalized blocks: idempotent ingestion (twice, in any
 * split, by two writers at once), resume from the contiguous indexed height, conflicts refused
 * without a change, reads and search; restart on a persisted PGlite; the private-host rule.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { Context, Effect, Either, Layer } from "effect"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { DigestHex } from "../../../engine/schema/primitives.ts"
import type { DevServer, FinalizedBlock } from "../../server.ts"
import { removeTempDirs, startTestServer, tempDir } from "../../test/helpers.ts"
import { ExplorerConflict } from "../errors.ts"
import { ExplorerPostgresLive } from "../layer.ts"
import { databaseHostProblem } from "../private-host.ts"
import { pgliteDriver, type SqlDriver } from "../sql.ts"
import { ExplorerStore, makeExplorerStore } from "../store.ts"
import { dropSchema, pg, POSTGRES_URL, produceTraffic, rowCounts, run, uniqueName, type Traffic } from "./fixtures.ts"

let server: DevServer
let traffic: Traffic
let lite: SqlDriver
let postgres: SqlDriver
const schemas: string[] = []

const schema = (label: string) => {
  const s = uniqueName(`explorer_test_${label}`)
  schemas.push(s)
  return s
}

beforeAll(async () => {
  server = await startTestServer()
  traffic = await produceTraffic(server, "store")
  lite = await pgliteDriver(null)
  postgres = pg()
}, 120_000)

afterAll(async () => {
  await server.close()
  await lite.close()
  for (const s of schemas) await postgres.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`)
  await postgres.close()
  removeTempDirs()
})

const byHeight = (hs: ReadonlyArray<number>): FinalizedBlock[] => hs.map((h) => traffic.blocks[h - 1]).filter((b): b is FinalizedBlock => b !== undefined)

describe.each([
  ["pglite", () => lite],
  ["postgres", () => postgres]
] as const)("ExplorerStore on %s", (name, driver) => {
  it("indexes real blocks once, however often they are offered", async () => {
    const s = schema(`${name}_once`)
    const store = await run(makeExplorerStore(driver(), { schema: s }))
    expect(await run(store.indexedThrough)).toBe(0n)
    expect(await run(store.ingest(traffic.blocks))).toEqual({ inserted: 5, skipped: 0, transactions_inserted: 10 })
    const once = await rowCounts(driver(), s)
    expect(await run(store.ingest(traffic.blocks))).toEqual({ inserted: 0, skipped: 5, transactions_inserted: 0 })
    expect(await rowCounts(driver(), s)).toEqual(once)
    expect(once["blocks"]).toBe(5)
    expect(once["transactions"]).toBe(traffic.blocks.reduce((n, fb) => n + fb.block.transactions.length, 0))
    expect(await run(store.indexedThrough)).toBe(5n)
    // a second store over the same schema (a restart) migrates nothing and sees everything
    const again = await run(makeExplorerStore(driver(), { schema: s }))
    expect(await run(again.indexedThrough)).toBe(5n)
  })

  it("resumes after the contiguous run: a gap holds the cursor until it is filled", async () => {
    const store = await run(makeExplorerStore(driver(), { schema: schema(`${name}_gap`) }))
    await run(store.ingest(byHeight([1, 2, 4, 5])))
    expect(await run(store.indexedThrough)).toBe(2n)
    expect(await run(store.latestHeight)).toBe(5n)
    await run(store.ingest(byHeight([3])))
    expect(await run(store.indexedThrough)).toBe(5n)
  })

  it("refuses another digest at an indexed height and changes nothing", async () => {
    const s = schema(`${name}_conflict`)
    const store = await run(makeExplorerStore(driver(), { schema: s }))
    await run(store.ingest(byHeight([1, 2])))
    const before = await rowCounts(driver(), s)
    const original = traffic.blocks[1]
    if (original === undefined) throw new Error("no block 2")
    const forged: FinalizedBlock = { block: original.block, result: { ...original.result, digest: DigestHex.make("ab".repeat(32)) } }
    const out = await Effect.runPromise(Effect.either(store.ingest([...byHeight([3]), forged])))
    expect(Either.isLeft(out) && out.left instanceof ExplorerConflict ? out.left.code : null).toBe(229)
    expect(await rowCounts(driver(), s)).toEqual(before)
  })

  it("keeps only the newest retain_blocks heights when bounded", async () => {
    const s = schema(`${name}_retain`)
    const store = await run(makeExplorerStore(driver(), { schema: s, retain_blocks: 2 }))
    await run(store.ingest(byHeight([1, 2, 3])))
    await run(store.ingest(byHeight([4, 5])))
    expect((await run(store.blocks(null, 10))).blocks.map((b) => b.height)).toEqual(["5", "4"])
    expect(await run(store.indexedThrough)).toBe(5n)
    const left = await driver().query(`SELECT DISTINCT height::text AS h FROM ${s}.account_txs UNION SELECT DISTINCT height::text FROM ${s}.transactions UNION SELECT DISTINCT height::text FROM ${s}.session_txs UNION SELECT height::text FROM ${s}.blocks`)
    // block 5 is empty: rows of every table are from heights 4 and 5 only
    expect(left.map((r) => r["h"]).sort()).toEqual(["4", "5"])
  })

  it("answers blocks, transactions, accounts, sessions, games and search from what it indexed", async () => {
    const store = await run(makeExplorerStore(driver(), { schema: schema(`${name}_reads`) }))
    await run(store.ingest(traffic.blocks))
    const page = await run(store.blocks(null, 2))
    expect(page.blocks.map((b) => b.height)).toEqual(["5", "4"])
    expect(page.next_before).toBe("4")
    const older = await run(store.blocks(4n, 10))
    expect(older.blocks.map((b) => b.height)).toEqual(["3", "2", "1"])
    expect(older.next_before).toBeNull()

    const fb = traffic.blocks[0]
    if (fb === undefined) throw new Error("no block 1")
    const b1 = await run(store.block({ height: 1n }))
    expect(b1?.block_digest).toBe(fb.result.digest)
    expect(b1?.tx_hashes).toEqual(fb.result.outputs.map((o) => o.tx_id))
    expect(await run(store.block({ digest: fb.result.digest }))).toEqual(b1)
    expect(await run(store.block({ height: 99n }))).toBeNull()

    const out = fb.result.outputs[1]
    if (out === undefined) throw new Error("no output")
    const t = await run(store.transaction(out.tx_id))
    expect(t).toMatchObject({ hash: out.tx_id, block_height: "1", position: 1, public_key: out.signer, nonce: "0", status: "applied", instruction_tag: "CasinoRegister" })
    expect(t?.instruction).toMatchObject({ _tag: "CasinoRegister", name: "p1" })
    expect(t?.events.map((e) => (typeof e === "object" && e !== null && "_tag" in e ? e._tag : null))).toEqual(out.events.map((e) => e._tag))
    expect(await run(store.transaction("00".repeat(32)))).toBeNull()

    const p0 = traffic.players[0]
    if (p0 === undefined) throw new Error("no player")
    const acct = await run(store.account(p0.public_key, null, 2))
    expect(acct?.tx_count).toBe(4)
    expect(acct?.last_nonce).toBe("3")
    expect(acct?.txs.map((x) => x.block_height)).toEqual(["4", "3"])
    const rest = acct?.next_before
    if (rest === null || rest === undefined) throw new Error("no cursor")
    const [h, p] = rest.split(".")
    const older_txs = await run(store.account(p0.public_key, { height: BigInt(h ?? "0"), position: Number(p) }, 10))
    expect(older_txs?.txs.map((x) => x.block_height)).toEqual(["2", "1"])
    expect(older_txs?.next_before).toBeNull()
    expect(await run(store.account("11".repeat(32), null, 10))).toBeNull()

    const sid = traffic.sessions[0] ?? 0n
    const session = await run(store.session(sid))
    expect(session).toMatchObject({ session_id: sid.toString(), player: p0.public_key, game_type: "roulette", started_height: "2", completed: true, completed_height: "3" })
    expect(session?.steps.map((x) => x.instruction_tag)).toEqual(["StartGame", "GameMove"])
    const completed = traffic.blocks[2]?.result.outputs[0]?.events.find((e) => e._tag === "GameCompleted")
    expect(completed?._tag === "GameCompleted" ? completed.payout.toString() : "none").toBe(session?.payout)
    expect(await run(store.session(999n))).toBeNull()
    const games = await run(store.games(p0.public_key, null, 10))
    expect(games.games.map((g) => g.session_id)).toEqual([sid.toString()])

    expect((await run(store.search({ _tag: "Decimal", value: 1n })))?.results).toEqual([
      { type: "block", id: "1" },
      { type: "session", id: "1" }
    ])
    expect((await run(store.search({ _tag: "Hex", value: fb.result.digest })))?.results).toEqual([{ type: "block", id: "1" }])
    expect((await run(store.search({ _tag: "Hex", value: out.tx_id })))?.type).toBe("transaction")
    expect((await run(store.search({ _tag: "Hex", value: p0.public_key })))?.type).toBe("account")
    expect(await run(store.search({ _tag: "Hex", value: "22".repeat(32) }))).toBeNull()
  })
})

describe("ExplorerStore ingestion properties", () => {
  it("any order, split and repetition of offers leaves the same rows and the contiguous cursor (seeded)", async () => {
    const reference = schema("prop_ref")
    const ref = await run(makeExplorerStore(lite, { schema: reference }))
    await run(ref.ingest(traffic.blocks))
    const expected = await rowCounts(lite, reference)
    let n = 0
    await fc.assert(
      fc.asyncProperty(fc.array(fc.subarray([1, 2, 3, 4, 5], { minLength: 1 }), { minLength: 1, maxLength: 5 }), async (offers) => {
        const s = schema(`prop_${n++}`)
        const store = await run(makeExplorerStore(lite, { schema: s }))
        for (const offer of offers) await run(store.ingest(byHeight(offer)))
        const seen = new Set(offers.flat())
        let through = 0
        while (seen.has(through + 1)) through++
        expect(await run(store.indexedThrough)).toBe(BigInt(through))
        await run(store.ingest(traffic.blocks))
        expect(await rowCounts(lite, s)).toEqual(expected)
      }),
      { numRuns: 8 }
    )
  })
})

describe("ExplorerStore on a shared Postgres", () => {
  it("two stores migrating and ingesting the same blocks at once leave one row set", async () => {
    const s = schema("pg_two")
    const a = pg()
    const b = pg()
    try {
      const [sa, sb] = await Promise.all([run(makeExplorerStore(a, { schema: s })), run(makeExplorerStore(b, { schema: s }))])
      const reports = await Promise.all([run(sa.ingest(traffic.blocks)), run(sb.ingest([...traffic.blocks].reverse())), run(sa.ingest(byHeight([2, 3])))])
      expect(reports.reduce((n, r) => n + r.inserted, 0)).toBe(5)
      const counts = await rowCounts(postgres, s)
      expect(counts["blocks"]).toBe(5)
      expect(await run(sb.indexedThrough)).toBe(5n)
      const migrations = await postgres.query(`SELECT count(*)::int AS n FROM ${s}.explorer_migrations`)
      expect(migrations[0]?.["n"]).toBe(1)
    } finally {
      await a.close()
      await b.close()
    }
  })

  it("the Postgres layer builds on the private host and its schema is dropped after", async () => {
    const s = uniqueName("explorer_test_layer")
    try {
      const through = await Effect.runPromise(
        Effect.scoped(Effect.flatMap(Layer.build(ExplorerPostgresLive(POSTGRES_URL, { schema: s, allow_public: false, allow_hostname: false })), (ctx) => Context.get(ctx, ExplorerStore).indexedThrough))
      )
      expect(through).toBe(0n)
      const exists = await postgres.query(`SELECT 1 FROM information_schema.schemata WHERE schema_name = $1`, [s])
      expect(exists.length).toBe(1)
    } finally {
      await dropSchema(s)
    }
  })
})

describe("restart on a persisted PGlite", () => {
  it("resumes from what it wrote before closing", async () => {
    const dir = path.join(tempDir("explorer-pglite"), "explorer")
    fs.mkdirSync(dir, { recursive: true })
    const first = await pgliteDriver(dir)
    const a = await run(makeExplorerStore(first))
    await run(a.ingest(byHeight([1, 2, 3])))
    await first.close()
    const second = await pgliteDriver(dir)
    try {
      const b = await run(makeExplorerStore(second))
      expect(await run(b.indexedThrough)).toBe(3n)
      expect(await run(b.ingest(traffic.blocks))).toEqual({ inserted: 2, skipped: 3, transactions_inserted: 1 })
      expect(await run(b.indexedThrough)).toBe(5n)
    } finally {
      await second.close()
    }
  }, 60_000)
})

describe("the private-host rule", () => {
  const none = { allow_public: false, allow_hostname: false }
  it("accepts loopback, private and local addresses", () => {
    for (const url of ["postgres://u@localhost/db", "postgres://127.0.0.1/db", "postgresql://10.1.2.3:5432/db", "postgres://172.16.0.9/db", "postgres://192.168.1.1/db", "postgres://[::1]/db", "postgres://[fd00::1]/db", "postgres://[fe80::1]/db"])
      expect(databaseHostProblem(url, none)).toBeNull()
  })
  it("refuses public addresses, DNS names and other schemes, unless overridden", () => {
    for (const url of ["postgres://8.8.8.8/db", "postgres://172.32.0.1/db", "postgres://[2001:db8::1]/db", "postgres://db.example.com/db", "mysql://127.0.0.1/db", "not a url"])
      expect(databaseHostProblem(url, none)?.code).toBe(227)
    expect(databaseHostProblem("postgres://db.example.com/db", { allow_public: false, allow_hostname: true })).toBeNull()
    expect(databaseHostProblem("postgres://db.example.com/db", { allow_public: true, allow_hostname: false })).toBeNull()
    expect(databaseHostProblem("postgres://8.8.8.8/db", { allow_public: true, allow_hostname: false })).toBeNull()
    expect(databaseHostProblem("postgres://8.8.8.8/db", { allow_public: false, allow_hostname: true })?.code).toBe(227)
  })
  it("the Postgres layer fails with PublicDatabaseHost before connecting", async () => {
    const out = await Effect.runPromise(Effect.either(Effect.scoped(Layer.build(ExplorerPostgresLive("postgres://u:secret@8.8.8.8/db", { ...none, schema: "x" })))))
    expect(Either.isLeft(out) ? out.left._tag : null).toBe("PublicDatabaseHost")
    expect(Either.isLeft(out) ? out.left.message.includes("secret") : true).toBe(false)
  })
})

