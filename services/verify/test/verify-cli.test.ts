/**
 * `npx nullspace verify` against `npm run chain` (four validator processes, ports 17210–17213, API
 * on 17220): a roulette session submitted over HTTP is finalized, and the command, pinned to the
 * group key the chain prints, passes every check and says the session settled (exit 0); an unknown
 * session exits 2 with the API's SessionNotFound; another group key fails the identity check
 * (exit 1). The single-process dev chain answers the route with NotCertified (501).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Effect, Schema } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { encodeRouletteMove } from "../../../engine/games/roulette/roulette.ts"
import { GAME_TYPES } from "../../../engine/tx/instruction.ts"
import { actorSigner, signTransaction } from "../../../engine/tx/sign.ts"
import { encodeSubmission } from "../../api/submission.ts"
import { startDevServer } from "../../server.ts"
import { SessionVerification } from "../bundle.ts"
import { NullspaceClient } from "../client.ts"
import { decodeBlock } from "../../../engine/block.ts"
import { waitUntil } from "../../test/helpers.ts"

const API = "http://127.0.0.1:17220"
const root = fs.mkdtempSync(path.join(os.tmpdir(), "verify-cli-"))
let chain: ChildProcess | null = null
const printed: string[] = []
afterAll(async () => {
  chain?.kill("SIGTERM")
  await new Promise((r) => setTimeout(r, 1_000))
  fs.rmSync(root, { recursive: true, force: true })
})

const decodeBundle = Schema.decodeUnknownSync(SessionVerification)
const verify = (...args: string[]) => spawnSync(process.execPath, [path.resolve("bin/nullspace.mjs"), "verify", ...args], { encoding: "utf8", timeout: 60_000 })
const status = async (url: string): Promise<number> => {
  try {
    return (await fetch(url)).status
  } catch {
    return 0
  }
}

describe("nullspace verify", () => {
  it("verifies a session finalized by npm run chain, pinned to the printed group key", async () => {
    chain = spawn(process.execPath, ["--import", "tsx", "services/cli/chain.ts", "--data-root", root, "--base-port", "17210", "--api-port", "17220", "--leader-ms", "300"], {
      stdio: ["ignore", "pipe", "inherit"]
    })
    chain.stdout?.on("data", (b: Buffer) => printed.push(b.toString()))
    await waitUntil("the chain's API", async () => (await status(`${API}/healthz`)) === 200, 60_000, 200)
    const group_key = /group key ([0-9a-f]{192})/.exec(printed.join(""))?.[1]
    expect(group_key).toBeDefined()

    const ann = actorSigner(`verify-cli/${root}`)
    const txs = [
      signTransaction(ann, 0n, { _tag: "CasinoRegister", name: "ann" }),
      signTransaction(ann, 1n, { _tag: "StartGame", game_type: GAME_TYPES.indexOf("roulette"), bet: 0n, session_id: 3n }),
      signTransaction(ann, 2n, { _tag: "GameMove", session_id: 3n, payload: encodeRouletteMove({ _tag: "Batch", bets: [{ type: "BLACK", number: 0, amount: 20n }] }) })
    ]
    const r = await fetch(`${API}/submit`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: Buffer.from(encodeSubmission(txs)) })
    expect(r.status).toBe(200)
    // settled and certified: both steps carry an execution certificate
    await waitUntil(
      "the session's bundle with execution certificates",
      async () => {
        const res = await fetch(`${API}/session/3/verification`)
        if (res.status !== 200) return false
        const bundle = decodeBundle(await res.json())
        return bundle.steps.length === 2 && bundle.steps.every((s) => s.execution_certificate !== null)
      },
      60_000,
      200
    )

    // the typed client: the session checks pin the validator set, then a seed and a state row are checked under it
    const client = new NullspaceClient(API, { group_key: group_key ?? "" })
    expect(client.trusted).toBe(null)
    const viaClient = await Effect.runPromise(client.session(3n))
    expect(viaClient).toMatchObject({ ok: true, complete: true })
    expect(client.trusted?.group_key).toBe(group_key)
    const bundle = decodeBundle(await (await fetch(`${API}/session/3/verification`)).json())
    const moveView = decodeBlock(Buffer.from(bundle.steps[1]?.block ?? "", "hex")).view
    const seed = await Effect.runPromise(client.seed(moveView))
    expect(seed.checks.find((c) => c.name === "seed")?.ok).toBe(true)
    const row = await Effect.runPromise(client.state("player", ann.public_key))
    expect(row.checks.find((c) => c.name === "proof")?.ok).toBe(true)
    const missing = await Effect.runPromise(Effect.either(client.session(999n)))
    expect(missing._tag === "Left" ? missing.left.status : 0).toBe(404)

    const ok = verify("3", "--api", API, "--group-key", group_key ?? "")
    expect(ok.stdout).toContain("every check passed (settled)")
    expect(ok.stdout).toContain("step 1 seed")
    expect(ok.status).toBe(0)

    const unknown = verify("999", "--api", API)
    expect(unknown.stderr).toContain("SessionNotFound")
    expect(unknown.status).toBe(2)

    const other = verify("3", "--api", API, "--group-key", "ab".repeat(96))
    expect(other.stdout).toContain("FAIL session identity")
    expect(other.status).toBe(1)
  }, 180_000)

  it("the dev chain does not certify sessions: NotCertified", async () => {
    const dev = await startDevServer({ port: 0, dataDir: null })
    try {
      const res = await fetch(`${dev.url}/session/1/verification`)
      expect(res.status).toBe(501)
      const body: unknown = await res.json()
      expect(body).toMatchObject({ error: "NotCertified", code: 208 })
    } finally {
      await dev.close()
    }
  })
})
