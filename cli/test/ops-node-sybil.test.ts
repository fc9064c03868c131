/**
 * `ops node sybil-scan` against a real in-process dev chain with the explorer (services/test/helpers.ts):
 * six players registered through /submit, a metadata file in which three share a device and three
 * (one of them also in the device ring) share an IP; the scan from the node equals the engine's
 * scan over the node's own state and names exactly the sharing players. Metadata keys with no
 * player on the chain are left out (and named on stderr), even where they would complete a
 * cluster; keys the metadata names beyond --players-file are read and scanned. Ground truth gives
 * the run-folder command's precision and recall lines. A metadata file that is not JSON, a missing
 * one, or bad options: one typed line, exit code 1, the node untouched.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { clockAt } from "../../engine/chain/clock.ts"
import type { Signer } from "../../engine/tx/sign.ts"
import { defaultExplorerSettings } from "../../services/explorer/settings.ts"
import type { DevServer } from "../../services/server.ts"
import { get, register, removeTempDirs, signer, startTestServer, submit, tempDir, waitUntil } from "../../services/test/helpers.ts"
import { parseMetadata, sybilScan } from "../../sim/ops/sybil-scan.ts"
import { opsNode, type Ran } from "./ops-node-cli.ts"

let server: DevServer
let dir = ""
let ps: ReadonlyArray<Signer> = []
let metaFile = ""
let metaText = ""
/** keys no player on the chain holds */
const ghosts: ReadonlyArray<string> = [signer("ops-node-sybil/ghost-0").public_key, signer("ops-node-sybil/ghost-1").public_key]

const ops = opsNode

const key = (i: number): string => {
  const p = ps[i]
  if (p === undefined) throw new Error(`player ${i}`)
  return p.public_key
}

interface ScanJson {
  readonly total_players: number
  readonly metadata_records: number
  readonly metadata_matched: number
  readonly clusters: ReadonlyArray<{ readonly kind: string; readonly key: string; readonly players: ReadonlyArray<string> }>
  readonly players: ReadonlyArray<{ readonly public_key_hex: string; readonly flags: ReadonlyArray<string> }>
}

const scanOf = (r: Ran): ScanJson => {
  expect(r.status, r.stderr).toBe(0)
  return JSON.parse(r.stdout)
}

/** a loopback port nothing listens on: an ephemeral one, bound and released */
const closedPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer()
    s.once("error", reject)
    s.listen(0, "127.0.0.1", () => {
      const a = s.address()
      const port = typeof a === "object" && a !== null ? a.port : 0
      s.close(() => (port > 0 ? resolve(port) : reject(new Error("no port"))))
    })
  })

const flagsOf = (scan: ScanJson): Record<string, ReadonlyArray<string>> => Object.fromEntries(scan.players.map((p) => [p.public_key_hex, p.flags]))

beforeAll(async () => {
  dir = tempDir("ops-node-sybil")
  server = await startTestServer({ dataDir: join(dir, "node"), config: { explorer: defaultExplorerSettings } })
  ps = [0, 1, 2, 3, 4, 5].map((i) => signer(`ops-node-sybil/p${i}`))
  // two registration blocks: the explorer walks more than one
  const first = await submit(server, ps.slice(0, 3).map((p, i) => register(p, 0n, `s${i}`)))
  expect(first.status).toBe(200)
  await server.produceNow()
  const second = await submit(server, ps.slice(3).map((p, i) => register(p, 0n, `s${i + 3}`)))
  expect(second.status).toBe(200)
  await server.produceNow()
  await waitUntil("the explorer indexed the head", async () => (await get(server, "/explorer/status")).body["indexed_through"] === server.devChain.head().height.toString(), 30_000)
  // p0, p1, p2 share a device; p2, p3, p4 share an IP (so its /24 too); p5 shares a device only with two keys not on the chain,
  // and one of those also uses the shared IP: counted, they would flag p5 and grow the IP cluster
  const records = [
    { public_key_hex: key(0), ip: "198.51.100.10", device_id: "farm-device", user_agent: "ua-a" },
    { public_key_hex: key(1), ip: "192.0.2.20", device_id: "farm-device", user_agent: "ua-a" },
    { public_key_hex: `0x${key(2).toUpperCase()}`, ip: "203.0.113.9", device_id: "farm-device" },
    { player: key(3), ip_address: "203.0.113.9", device: "dev-3" },
    { public_key_hex: key(4), ip: "203.0.113.9", device_id: "dev-4", last_seen_ts: 1_000 },
    { public_key_hex: key(5), ip: "100.64.0.5", device_id: "ghost-device" },
    { public_key_hex: ghosts[0], ip: "203.0.113.9", device_id: "ghost-device" },
    { public_key_hex: ghosts[1], ip: "172.16.0.1", device_id: "ghost-device" }
  ]
  metaText = records.map((r) => JSON.stringify(r)).join("\n") + "\n"
  metaFile = join(dir, "metadata.jsonl")
  writeFileSync(metaFile, metaText)
}, 60_000)

afterAll(async () => {
  await server?.close()
  removeTempDirs()
})

const trust = () => ["--node", server.url, "--allow-uncertified"]

describe("ops node sybil-scan", () => {
  it("scans the node's players with the metadata: the same scan as the engine's over the node's state, naming exactly the players that share", async () => {
    const r = await ops(["node", "sybil-scan", ...trust(), "--metadata", metaFile])
    const scan = scanOf(r)
    const head = server.devChain.head()
    const at = { view: Number(head.view), height: Number(head.height), generated_at_unix: Number(clockAt(head.view).now_s) }
    const engine = sybilScan(server.devChain.chain.store, at, parseMetadata(metaText), { bucket_seconds: 3_600, min_cluster_size: 3, include_all: false })
    expect(scan).toEqual(JSON.parse(JSON.stringify(engine)))
    expect(scan.total_players).toBe(6)

    // without the sign-up hour (all six registered in the same hour) only the shared device and IP group
    const exact = scanOf(await ops(["node", "sybil-scan", ...trust(), "--metadata", metaFile, "--bucket-seconds", "0"]))
    const sorted = (xs: ReadonlyArray<number>) => xs.map(key).sort()
    expect(exact.clusters.map((c) => ({ kind: c.kind, key: c.key, players: c.players }))).toEqual([
      { kind: "device", key: "farm-device", players: sorted([0, 1, 2]) },
      { kind: "ip", key: "203.0.113.9", players: sorted([2, 3, 4]) },
      { kind: "ip_prefix", key: "203.0.113.0/24", players: sorted([2, 3, 4]) }
    ])
    expect(flagsOf(exact)).toEqual({
      [key(0)]: ["device:farm-device"],
      [key(1)]: ["device:farm-device"],
      [key(2)]: ["device:farm-device", "ip:203.0.113.9", "ip_prefix:203.0.113.0/24"],
      [key(3)]: ["ip:203.0.113.9", "ip_prefix:203.0.113.0/24"],
      [key(4)]: ["ip:203.0.113.9", "ip_prefix:203.0.113.0/24"]
    })
    // a smaller cluster size pairs nothing more among the chain's players: the ghost keys do not pair p5
    const pairs = scanOf(await ops(["node", "sybil-scan", ...trust(), "--metadata", metaFile, "--bucket-seconds", "0", "--min-cluster-size", "2"]))
    expect(pairs.clusters.map((c) => `${c.kind}:${c.key}`)).toEqual(["device:farm-device", "ip:203.0.113.9", "ip_prefix:203.0.113.0/24"])

    // the metadata matters: an empty file leaves only the sign-up hour of the chain's rows
    const empty = join(dir, "empty.jsonl")
    writeFileSync(empty, "")
    const chainOnly = scanOf(await ops(["node", "sybil-scan", ...trust(), "--metadata", empty]))
    expect(chainOnly.total_players).toBe(6)
    expect(chainOnly.clusters.map((c) => ({ kind: c.kind, players: c.players }))).toEqual([{ kind: "created_bucket", players: sorted([0, 1, 2, 3, 4, 5]) }])
  }, 180_000)

  it("leaves metadata keys with no player on the chain out of the scan and names them, and reads keys the metadata names beyond --players-file", async () => {
    const onlyP0 = join(dir, "players.txt")
    writeFileSync(onlyP0, `${key(0)}\n`)
    const out = join(dir, "out", "scan.json")
    for (const source of [[], ["--players-file", onlyP0]]) {
      const r = await ops(["node", "sybil-scan", ...trust(), ...source, "--metadata", metaFile, "--bucket-seconds", "0", "--include-all", "--output", out])
      expect(r.status, r.stderr).toBe(0)
      expect(r.stdout).toBe("")
      expect(r.stderr.trim().split("\n")).toEqual([`wrote ${out}`, `left out of the scan: 2 metadata key(s) with no player on the chain: ${ghosts.join(", ")}`])
      const scan: ScanJson = JSON.parse(readFileSync(out, "utf8"))
      expect(scan.total_players).toBe(6)
      expect(scan.metadata_records).toBe(8)
      expect(scan.metadata_matched).toBe(6)
      expect(scan.players.map((p) => p.public_key_hex).sort()).toEqual([0, 1, 2, 3, 4, 5].map(key).sort())
      expect(flagsOf(scan)[key(5)]).toEqual([])
      const named = JSON.stringify(scan)
      for (const g of ghosts) expect(named).not.toContain(g)
      expect(scan.clusters.find((c) => c.kind === "ip")?.players).toEqual([2, 3, 4].map(key).sort())
    }
  }, 120_000)

  it("scores the scan against ground truth with the run-folder command's lines (the ground truth is the metadata when --metadata is not given)", async () => {
    const truth = join(dir, "agents.jsonl")
    const lines = parseMetadata(metaText)
      .filter((m) => !ghosts.includes(m.public_key_hex))
      .map((m, i) => JSON.stringify({ ...m, name: `s${i}`, farmer: i < 5 ? "farm-0" : null }))
    writeFileSync(truth, lines.join("\n") + "\n")
    const r = await ops(["node", "sybil-scan", ...trust(), "--ground-truth", truth, "--bucket-seconds", "0"])
    const scan = scanOf(r)
    expect(scan.metadata_records).toBe(6)
    expect(scan.clusters.map((c) => `${c.kind}:${c.key}`)).toEqual(["device:farm-device", "ip:203.0.113.9", "ip_prefix:203.0.113.0/24"])
    expect(r.stderr.trim().split("\n")).toEqual(["≥1 flag(s): precision 1.000, recall 1.000 (tp 5, fp 0, fn 0)", "≥2 flag(s): precision 1.000, recall 0.600 (tp 3, fp 0, fn 2)"])
    const none = join(dir, "no-farmers.jsonl")
    writeFileSync(none, JSON.stringify({ public_key_hex: key(0), farmer: null }) + "\n")
    const refused = await ops(["node", "sybil-scan", ...trust(), "--metadata", metaFile, "--ground-truth", none])
    expect(refused.status).toBe(1)
    expect(refused.stderr.trim()).toBe(`NoGroundTruth: ${none} has no records with a farmer (agents.jsonl sybils)`)
  }, 120_000)

  it("answers a metadata file that is not JSON, a missing one or bad options with one typed line and exit code 1", async () => {
    const notJson = join(dir, "not-json.txt")
    writeFileSync(notJson, "ip,device\n10.0.0.1,abc\n")
    const brokenArray = join(dir, "broken.json")
    writeFileSync(brokenArray, `[{"public_key_hex": "${key(0)}", "ip": `)
    const height = server.devChain.head().height
    const absent = join(dir, "absent.jsonl")
    // the output's temporary file is taken by a folder
    const blocked = join(dir, "blocked.json")
    mkdirSync(`${blocked}.tmp`, { recursive: true })
    writeFileSync(join(`${blocked}.tmp`, "x"), "x")
    const cases: Array<[ReadonlyArray<string>, string | RegExp]> = [
      [["--metadata", notJson], `MetadataInvalid: metadata ${notJson}: metadata line 1 is not JSON`],
      [["--metadata", brokenArray], /^MetadataInvalid: metadata \S+broken\.json: /],
      [["--metadata", absent], `FileUnreadable: metadata ${absent} cannot be read`],
      [[], /^MetadataMissing: give --metadata <file>/],
      [["--metadata", metaFile, "--min-cluster-size", "0"], /^UsageError: --min-cluster-size must be ≥ 1/],
      [["--metadata", metaFile, "--output", blocked], new RegExp(`^OutputUnwritable: cannot write ${blocked.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: EISDIR`)],
      // @effect/cli's own check of an option's path (through a regular file) cannot run: one line too
      [["--metadata", metaFile, "--output", join(metaFile, "scan.json")], /^Unexpected: .*ENOTDIR/]
    ]
    for (const [args, expected] of cases) {
      const r = await ops(["node", "sybil-scan", ...trust(), ...args])
      expect(r.status, args.join(" ")).toBe(1)
      expect(r.stdout, args.join(" ")).toBe("")
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1)
      if (typeof expected === "string") expect(r.stderr.trim(), args.join(" ")).toBe(expected)
      else expect(r.stderr.trim(), args.join(" ")).toMatch(expected)
    }
    // the files are checked before the node is asked anything: a bad metadata file fails the same with no node listening
    const closed = `http://127.0.0.1:${await closedPort()}`
    const noNode = await ops(["node", "sybil-scan", "--node", closed, "--allow-uncertified", "--metadata", notJson])
    expect(noNode.status).toBe(1)
    expect(noNode.stderr.trim()).toBe(`MetadataInvalid: metadata ${notJson}: metadata line 1 is not JSON`)
    const unreachable = await ops(["node", "sybil-scan", "--node", closed, "--allow-uncertified", "--metadata", metaFile])
    expect(unreachable.status).toBe(1)
    expect(unreachable.stderr.trim().split("\n")).toHaveLength(1)
    expect(unreachable.stderr.trim().startsWith(`NodeUnavailable: cannot reach ${closed}`)).toBe(true)
    expect(server.devChain.mempool.size).toBe(0)
    expect(server.devChain.head().height).toBe(height)
  }, 300_000)
})
