/**
 * Validators as child processes (ports 17160–17163, API on validator 3 at 17170): under a
 * stream of submitted registrations, kill -9 of validator 0 leaves the other three finalizing;
 * the killed validator's blocks.log keeps every block it had finalized, and after a restart from
 * its data dir it catches up to the same blocks; no validator logs fault evidence; a single
 * validator left alone (the other three killed) finalizes nothing.
 * The kill is of a fixed validator at an arbitrary moment: leaders rotate by seed every view, so
 * the victim is the current leader in some runs, not in all.
 */
import { spawn, type ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
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
  it("kill -9 under load loses no finalized block, the rest keep finalizing, the victim rejoins, a lone validator never finalizes", async () => {
    dealValidatorKeys(dirs)
    for (let i = 0; i < N; i++) start(i)
    await waitFor("the API on validator 3", healthy, 60_000)
    await waitFor("validator 0 finalizes", () => logged(0).length >= 3, 60_000)
    for (let b = 0; b < 5; b++) await submitSome(10)

    kill9(0)
    const before = logged(0)
    expect(before.length).toBeGreaterThanOrEqual(3)
    const others = () => Math.min(logged(1).length, logged(2).length, logged(3).length)
    const at_kill = others()
    for (let b = 0; b < 5; b++) await submitSome(10)
    await waitFor("the other three keep finalizing", () => others() >= at_kill + 5, 60_000)

    start(0)
    const target = others()
    await waitFor("the restarted validator catches up", () => logged(0).length >= target, 60_000)
    const a = logged(0)
    const b = logged(1)
    // nothing the victim had finalized was lost, and it agrees with the others block by block
    expect(a.slice(0, before.length)).toEqual(before)
    const common = Math.min(a.length, b.length)
    expect(a.slice(0, common)).toEqual(b.slice(0, common))
    expect(logged(2).slice(0, common)).toEqual(b.slice(0, common))

    // a lone validator never finalizes
    kill9(1)
    kill9(2)
    kill9(3)
    await new Promise((r) => setTimeout(r, 6_000))
    // it may still execute blocks the quorum finalized before it died (certificates in flight),
    // but never one beyond them: its log stays a prefix of the longest quorum log
    const quorum_logs = [logged(1), logged(2), logged(3)]
    const longest = quorum_logs.reduce((x, y) => (y.length > x.length ? y : x))
    const alone = logged(0)
    expect(alone.length).toBeLessThanOrEqual(longest.length)
    expect(alone).toEqual(longest.slice(0, alone.length))

    const text = output.join("")
    expect(text).not.toContain("validator.evidence")
    expect(text).not.toContain("validator.halted")
  }, 240_000)
})
