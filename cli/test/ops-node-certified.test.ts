/**
 * `ops node freeroll-snapshot` against four in-process consensus validators with the API
 * (services/test/validator-api.ts): with `--trusted-set` (the dealt set) every player row is read
 * against a root certified by a quorum of it; a set the network did not deal is refused as one
 * typed line (NotCertified), exit code 1.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { actorSigner, signTransaction } from "../../engine/tx/sign.ts"
import { encodeSubmission } from "../../services/server.ts"
import { startValidatorApi, type ValidatorApi } from "../../services/test/validator-api.ts"
import { waitUntil } from "../../services/test/helpers.ts"
import { opsNode } from "./ops-node-cli.ts"

const dir = mkdtempSync(join(tmpdir(), "ns-ops-node-certified-"))
let net: ValidatorApi

const ops = opsNode

beforeAll(async () => {
  net = await startValidatorApi({ peer_ports: null, leader_ms: 300, config: { http_rate_limit_per_second: 0, submit_rate_limit_per_minute: 0 } })
}, 60_000)

afterAll(async () => {
  await net?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe("ops node on validators", () => {
  it("reads player rows certified by the trusted set, and refuses a set the network did not deal", async () => {
    const names = ["cert-a", "cert-b"]
    const signers = names.map((n) => actorSigner(`ops-node-certified/${n}`))
    const res = await fetch(`${net.api}/submit`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: new Uint8Array(encodeSubmission(signers.map((s, i) => signTransaction(s, 0n, { _tag: "CasinoRegister", name: names[i] ?? "x" })))) })
    expect(res.status).toBe(200)
    await waitUntil("both players registered", async () => (await Promise.all(signers.map((s) => fetch(`${net.api}/player/${s.public_key}`).then((r) => r.status)))).every((st) => st === 200), 60_000, 100)
    const setFile = join(dir, "set.json")
    writeFileSync(setFile, JSON.stringify(net.trusted))
    const keysFile = join(dir, "players.txt")
    writeFileSync(keysFile, signers.map((s) => s.public_key).join("\n") + "\n")
    const r = await ops(["node", "freeroll-snapshot", "--node", net.api, "--trusted-set", setFile, "--players-file", keysFile])
    expect(r.stderr).toBe("")
    expect(r.status).toBe(0)
    const snap = JSON.parse(r.stdout)
    expect(snap.total_players).toBe(2)
    expect(snap.players.map((p: { name: string }) => p.name).sort()).toEqual(names)
    const other = { ...net.trusted, validators: net.trusted.validators.map((v) => [...v].reverse().join("")) }
    const otherFile = join(dir, "other-set.json")
    writeFileSync(otherFile, JSON.stringify(other))
    const refused = await ops(["node", "freeroll-snapshot", "--node", net.api, "--trusted-set", otherFile, "--players-file", keysFile])
    expect(refused.status).toBe(1)
    expect(refused.stderr.trim()).toMatch(/^NotCertified: player\/[0-9a-f]{64} at height \d+: no execution certificate of the trusted set$/)
  }, 240_000)
})
