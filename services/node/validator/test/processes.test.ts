/**
 * Validators as child processes (ports 17160–17163, API on validator 3 at 17170): under a
 * stream of submitted registrations, kill -9 of the leader leaves the other three finalizing;
 * the killed validator's blocks.log keeps every block it had finalized, and after a restart from
 * its data dir it catches up to the same blocks; no validator logs fault evidence; a single
 * validator left alone (the other three killed) finalizes nothing.
 * The victim is the leader of the current view as validator 3 reports it (GET /chain
 * `consensus.leader`), killed right after reading it; leaders rotate by seed every view.
 */
import { spawn, type ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Schema } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { blockDigest } from "../../../../engine/block.ts"
import { actorSigner, signTransaction } from "../../../../engine/tx/sign.ts"
import { encodeSubmission } from "../../../api/submission.ts"
import { waitUntil } from "../../../test/helpers.ts"
import { decodeRecord, scanRecords } from "../../block-record.ts"
import { dealValidatorKeys } from "../keys.ts"

const N = 4
const root = fs.mkdtempSync(path.join(os.tmpdir(), "validator-procs-"))
const dirs = Array.from({ length: N }, (_, i) => path.join(root, `v${i}`))
const peers = dirs.map((_, i) => `127.0.0.1:${17160 + i}`).join(",")
const API = "http://127.0.0.1:17170"
const script = path.resolve("services/cli/validator.ts")
const children: Array<ChildProcess | null> = dirs.map(() => null)
const output: string[] = []

const start = (i: number): void => {
  const extra = i === 3 ? ["--api-port", "17170"] : []
  const c = spawn(process.execPath, ["--import", "tsx", script, "run", "--data-dir", dirs[i] ?? "", "--peers", peers, "--leader-ms", "400", ...extra], { stdio: ["ignore", "pipe", "pipe"] })
  c.stdout?.on("data", (b: Buffer) => output.push(b.toString()))
  c.stderr?.on("data", (b: Buffer) => output.push(b.toString()))
  children[i] = c
}
const kill9 = (i: number): void => {
  children[i]?.kill("SIGKILL")
  children[i] = null
}
const logged = (i: number): ReadonlyArray<string> => {
  const file = path.join(dirs[i] ?? "", "blocks.log")
  if (!fs.existsSync(file)) return []
  const image = new Uint8Array(fs.readFileSync(file))
  return scanRecords(image).records.map((r) => blockDigest(decodeRecord(image, r).block))
}
/** wait, and on a timeout show what the validators printed last (their logs are the evidence) */
const decodeHead = Schema.decodeUnknownSync(
  Schema.Struct({ consensus: Schema.NullOr(Schema.Struct({ view: Schema.Number, leader: Schema.Number, finalized_height: Schema.Number })) })
)
const waitFor = (what: string, ok: () => boolean | Promise<boolean>, timeout_ms: number): Promise<void> =>
  waitUntil(what, ok, timeout_ms, 100).catch((e: unknown) => {
    const tail = output.join("").split("\n").slice(-40).join("\n")
    throw new Error(`${e instanceof Error ? e.message : String(e)}; blocks logged ${dirs.map((_, i) => logged(i).length).join("/")}; validators printed last:\n${tail}`)
  })
const healthy = async (): Promise<boolean> => {
  try {
    return (await fetch(`${API}/healthz`)).ok
  } catch {
    return false
  }
}
let submitted = 0
const submitSome = async (k: number): Promise<void> => {
  const txs = Array.from({ length: k }, (_, j) => {
    const name = `proc-${submitted + j}`
    return signTransaction(actorSigner(name), 0n, { _tag: "CasinoRegister", name })
  })
  submitted += k
  const r = await fetch(`${API}/submit`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: Buffer.from(encodeSubmission(txs)) })
  expect(r.status).toBe(200)
}

afterAll(() => {
  for (let i = 0; i < N; i++) kill9(i)
  fs.rmSync(root, { recursive: true, force: true })
})

describe("validator processes", () => {
  it("kill -9 of the leader under load loses no finalized block, the rest keep finalizing, the victim rejoins, a lone validator never finalizes", async () => {
    dealValidatorKeys(dirs)
    for (let i = 0; i < N; i++) start(i)
    await waitFor("the API on validator 3", healthy, 60_000)
    await waitFor("every validator finalizes", () => [0, 1, 2, 3].every((i) => logged(i).length >= 3), 60_000)
    for (let b = 0; b < 5; b++) await submitSome(10)

    // the leader of the current view (not validator 3, which serves the API)
    let victim = -1
    await waitFor("a view led by validator 0, 1 or 2", async () => {
      const head = decodeHead(await (await fetch(`${API}/chain`)).json())
      victim = head.consensus?.leader ?? -1
      return victim >= 0 && victim <= 2
    }, 30_000)
    kill9(victim)
    const rest = [0, 1, 2, 3].filter((i) => i !== victim)
    const before = logged(victim)
    expect(before.length).toBeGreaterThanOrEqual(3)
    const others = () => Math.min(...rest.map((i) => logged(i).length))
    const at_kill = others()
    for (let b = 0; b < 5; b++) await submitSome(10)
    await waitFor("the other three keep finalizing", () => others() >= at_kill + 5, 60_000)

    start(victim)
    const target = others()
    await waitFor("the restarted validator catches up", () => logged(victim).length >= target, 60_000)
    const a = logged(victim)
    const b = logged(3)
    // nothing the victim had finalized was lost, and it agrees with the others block by block
    expect(a.slice(0, before.length)).toEqual(before)
    const common = Math.min(a.length, b.length)
    expect(a.slice(0, common)).toEqual(b.slice(0, common))
    for (const i of rest) expect(logged(i).slice(0, common)).toEqual(b.slice(0, common))

    // a lone validator never finalizes
    for (const i of rest) kill9(i)
    await new Promise((r) => setTimeout(r, 6_000))
    // it may still execute blocks the quorum finalized before it died (certificates in flight),
    // but never one beyond them: its log stays a prefix of the longest quorum log
    const quorum_logs = rest.map((i) => logged(i))
    const longest = quorum_logs.reduce((x, y) => (y.length > x.length ? y : x))
    const alone = logged(victim)
    expect(alone.length).toBeLessThanOrEqual(longest.length)
    expect(alone).toEqual(longest.slice(0, alone.length))

    const text = output.join("")
    expect(text).not.toContain("validator.evidence")
    expect(text).not.toContain("validator.halted")
  }, 240_000)
})
