/**
 * `ops node …` against a real in-process dev chain with the explorer (services/test/helpers.ts):
 * sessions played through /submit, a tournament the CLI's scheduler starts and ends through
 * /submit with an admin key file, then the freeroll snapshot from the node compared with the
 * engine's snapshot of the node's own state and of its blocks.log replayed (a run folder's state);
 * the session dump of a played session; bad URLs, missing trust or keys as one typed line, exit 1.
 */
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { Effect, Option } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { clockAt } from "../../engine/chain/clock.ts"
import { GAME_TYPES } from "../../engine/tx/instruction.ts"
import { actorSigner } from "../../engine/tx/sign.ts"
import { defaultExplorerSettings } from "../../services/explorer/settings.ts"
import { produceTraffic, type Traffic } from "../../services/explorer/test/fixtures.ts"
import type { DevServer } from "../../services/server.ts"
import { get, removeTempDirs, startTestServer, submit, tempDir, tx, waitUntil } from "../../services/test/helpers.ts"
import { freerollSnapshot, snapshotJson } from "../../sim/ops/freeroll-snapshot.ts"
import { loadRunState } from "../../sim/ops/run-state.ts"
import { adminFromFile, nodeUrl, openNode, type OpsNodeFailure } from "../ops-node.ts"
import { opsNode } from "./ops-node-cli.ts"

const admin = actorSigner("ops-node-test/admin")
const ADMIN_SECRET_HEX = Buffer.from(admin.secret).toString("hex")
let server: DevServer
let dir = ""
let keyFile = ""
let traffic: Traffic

const ops = opsNode

const produceUntilView = async (view: bigint) => {
  for (let i = 0; i < 400 && server.devChain.head().view < view; i++) await server.produceNow()
  expect(server.devChain.head().view).toBeGreaterThanOrEqual(view)
}

const indexed = () => waitUntil("the explorer indexed the head", async () => (await get(server, "/explorer/status")).body["indexed_through"] === server.devChain.head().height.toString(), 30_000)

const phaseOf = async (id: number) => {
  const r = await get(server, `/tournament/${id}`)
  const t = r.body["tournament"]
  return typeof t === "object" && t !== null && "phase" in t ? t.phase : null
}

beforeAll(async () => {
  dir = tempDir("ops-node")
  keyFile = join(dir, "..", `${dir.split("/").pop() ?? "x"}-admin.key`)
  writeFileSync(keyFile, `0x${ADMIN_SECRET_HEX}\n`, { mode: 0o600 })
  server = await startTestServer({ dataDir: join(dir, "node"), adminKeys: [admin.public_key], config: { explorer: defaultExplorerSettings } })
  traffic = await produceTraffic(server, "ops-node")
}, 60_000)

afterAll(async () => {
  await server?.close()
  removeTempDirs()
})

const trust = () => ["--node", server.url, "--allow-uncertified"]

describe("ops node", () => {
  it("schedules a tournament through the node: the scheduler's start and end land on chain", async () => {
    const [p0, p1, p2] = traffic.players
    if (p0 === undefined || p1 === undefined || p2 === undefined) throw new Error("three players")
    // slot 0: registration until view 20 (60 s), play until view 120
    expect(server.devChain.head().view).toBeLessThan(20n)
    const joined = await submit(server, [tx(p0, 4n, { _tag: "CasinoJoinTournament", tournament_id: 0n }), tx(p1, 3n, { _tag: "CasinoJoinTournament", tournament_id: 0n }), tx(p2, 3n, { _tag: "CasinoJoinTournament", tournament_id: 0n })])
    expect(joined.status).toBe(200)
    await server.produceNow()
    await produceUntilView(20n)
    const dry = await ops(["node", "tournaments", ...trust()])
    expect(dry.stderr).toBe("")
    expect(dry.status).toBe(0)
    const plan = JSON.parse(dry.stdout)
    expect(plan.dry_run).toBe(true)
    expect(plan.planned).toEqual([{ _tag: "CasinoStartTournament", tournament_id: 0, start_time_ms: 60_000, end_time_ms: 360_000 }])
    expect(await phaseOf(0)).toBe("registration")

    const start = await ops(["node", "tournaments", ...trust(), "--submit", "--admin-key-file", keyFile])
    expect(start.status).toBe(0)
    expect(JSON.parse(start.stdout).submitted).toEqual([{ nonce: "0", instruction: "CasinoStartTournament" }])
    await server.produceNow()
    expect(await phaseOf(0)).toBe("active")

    await produceUntilView(120n)
    const end = await ops(["node", "tournaments", ...trust(), "--submit", "--admin-key-file", keyFile])
    expect(end.status).toBe(0)
    expect(JSON.parse(end.stdout).submitted).toEqual([{ nonce: "1", instruction: "CasinoEndTournament" }])
    await server.produceNow()
    expect(await phaseOf(0)).toBe("complete")
  }, 180_000)

  it("snapshots freeroll credits from the node exactly as the engine does from the same state and from its block log", async () => {
    await indexed()
    const r = await ops(["node", "freeroll-snapshot", ...trust()])
    expect(r.stderr).toBe("")
    expect(r.status).toBe(0)
    const head = server.devChain.head()
    const at = { view: head.view, height: head.height, generated_at_unix: Number(clockAt(head.view).now_s) }
    const options = { unlocked_only: false, min_credits: 0n }
    const engine = freerollSnapshot(server.devChain.chain.store, at, options)
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(snapshotJson(engine)))
    // the tournament paid credits to its three players (the admin registered none)
    expect(engine.total_players).toBe(3)
    expect(BigInt(engine.total_credits)).toBeGreaterThan(0n)
    const replayed = loadRunState(join(dir, "node"))
    expect(replayed.chain.height).toBe(head.height)
    expect(snapshotJson(freerollSnapshot(replayed.chain.store, at, options))).toBe(snapshotJson(engine))
  }, 120_000)

  it("dumps sessions played through /submit: an open one proven from state, a settled one from the explorer", async () => {
    const [p0, p1] = traffic.players
    const settled = traffic.sessions[0]
    if (p0 === undefined || p1 === undefined || settled === undefined) throw new Error("a session")
    const open = 100n
    expect((await submit(server, [tx(p1, 4n, { _tag: "StartGame", game_type: GAME_TYPES.indexOf("roulette"), bet: 0n, session_id: open })])).status).toBe(200)
    await server.produceNow()
    await indexed()
    const r = await ops(["node", "session-dump", ...trust(), "--session-id", open.toString()])
    expect(r.stderr).toBe("")
    expect(r.status).toBe(0)
    const d = JSON.parse(r.stdout)
    expect(d.player_public_key).toBe(p1.public_key)
    expect(d.session).toMatchObject({ id: Number(open), player: p1.public_key, game_type: "roulette", is_complete: false, is_tournament: false, move_count: 0 })
    expect(d.session.state_blob_len).toBeGreaterThan(0)
    expect(d.player_debug.name).toBe("p1")
    expect(d.certified).toBe(false)
    const done = JSON.parse((await ops(["node", "session-dump", ...trust(), "--session-id", settled.toString()])).stdout)
    expect(done.session).toBe(null)
    expect(done.player_public_key).toBe(p0.public_key)
    expect(done.explorer_session).toMatchObject({ session_id: settled.toString(), player: p0.public_key, game_type: "roulette", completed: true })
    expect(done.game_history.games.map((g: { session_id: string }) => g.session_id)).toContain(settled.toString())
  }, 120_000)

  it("plans the recovery operator's instructions and refuses to submit without a key", async () => {
    const dry = await ops(["node", "recovery", ...trust(), "--fund", "500", "--retire-amount", "100", "--retires-max", "2"])
    expect(dry.status).toBe(0)
    const plan = JSON.parse(dry.stdout)
    // the pool is empty and no vault owes: the operator funds and retires nothing more
    expect(plan.planned).toEqual([{ _tag: "FundRecoveryPool", amount: 500 }])
    expect(plan.dry_run).toBe(true)
    const nokey = await ops(["node", "recovery", ...trust(), "--fund", "500", "--submit"])
    expect(nokey.status).toBe(1)
    expect(nokey.stderr.trim()).toBe("AdminKeyMissing: --submit needs --admin-key-file (there is no default key)")
  }, 60_000)

  it("answers a bad URL, a remote URL, missing trust or a bad key with one typed line and exit code 1", async () => {
    const failure = async (e: Effect.Effect<unknown, OpsNodeFailure>) => (await Effect.runPromise(Effect.flip(e))).message
    expect(await failure(nodeUrl("not a url", false))).toMatch(/^BadNodeUrl: /)
    expect(await failure(nodeUrl("ftp://127.0.0.1/", false))).toMatch(/^BadNodeUrl: ftp: is not http or https/)
    expect(await failure(nodeUrl("http://198.51.100.7:8080", false))).toMatch(/^RemoteNodeRefused: 198\.51\.100\.7 is not loopback/)
    expect(await Effect.runPromise(nodeUrl("http://198.51.100.7:8080/", true))).toBe("http://198.51.100.7:8080")
    expect(await failure(openNode({ node: server.url, allow_remote: false, trusted_set: Option.none(), allow_uncertified: false }))).toMatch(/^TrustMissing: /)
    expect(await failure(openNode({ node: server.url, allow_remote: false, trusted_set: Option.some(keyFile), allow_uncertified: false }))).toMatch(/^TrustedSetInvalid: /)
    expect(await failure(adminFromFile(Option.none()))).toMatch(/^AdminKeyMissing: /)
    const height = server.devChain.head().height
    const cases: Array<[ReadonlyArray<string>, RegExp]> = [
      [["node", "freeroll-snapshot", "--node", "http://127.0.0.1:1", "--allow-uncertified"], /^NodeUnavailable: cannot reach http:\/\/127\.0\.0\.1:1/],
      [["node", "tournaments", ...trust(), "--submit", "--admin-key-file", join(dir, "node", "genesis.json")], /^AdminKeyInvalid: /]
    ]
    for (const [args, expected] of cases) {
      const r = await ops(args)
      expect(r.status, args.join(" ")).toBe(1)
      expect(r.stderr.trim().split("\n")).toHaveLength(1)
      expect(r.stderr.trim()).toMatch(expected)
    }
    expect(server.devChain.mempool.size).toBe(0)
    expect(server.devChain.head().height).toBe(height)
  }, 120_000)
})
