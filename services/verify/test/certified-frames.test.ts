/**
 * The certified-frame path on validators, end to end: four in-process validators on loopback (keys
 * dealt into temporary dirs, peer ports the OS handed out), the API on validator 0 on port 0 (the
 * layers `npm run validator -- run --api-port` composes). A client subscribed to /updates over a
 * WebSocket submits a transaction; the frame of the block that includes it verifies as certified
 * against the dealt group key and validator set (a quorum's execution certificate over the
 * frame's roots, and the finalization naming the block when the frame carries one), and copies
 * with another state root, a flipped certificate byte or another block digest fail.
 */
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Context, Effect, Exit, Layer, Schema, Scope } from "effect"
import { toHex } from "../../../engine/codec/bytes.ts"
import { transactionId } from "../../../engine/tx/transaction.ts"
import { NodeVerifierLive } from "../../../engine/tx/verify-node.ts"
import { encodeSubmission } from "../../api/submission.ts"
import { Listening } from "../../api/http-server.ts"
import { ApiMetrics, ApiMetricsLive, type ApiMetricsState } from "../../api/metrics.ts"
import { defaultDevServerConfig, ServerConfig } from "../../config.ts"
import { LogSink, silentLogSink } from "../../log.ts"
import { dealValidatorKeys, readValidatorKey } from "../../node/validator/keys.ts"
import { ValidatorNode, type ValidatorOptions } from "../../node/validator/validator.ts"
import { ValidatorCertifiedLive, ValidatorDevChainLive, ValidatorLive, ValidatorSessionVerificationsLive } from "../../node/validator/validator-layer.ts"
import { ApiLayer } from "../../server.ts"
import { register, signer } from "../../test/helpers.ts"
import { NullspaceClient, type VerifiedUpdate } from "../client.ts"
import type { TrustedSet } from "../trusted-set.ts"
import { UpdateFrameJson } from "../update-frame.ts"
import { wsFrameSource } from "../ws-source.ts"

const VALIDATORS = 4
const LEADER_MS = 300

/** n distinct loopback ports the OS had free a moment ago (validators need their peer ports up front) */
const freePorts = async (n: number): Promise<number[]> => {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<net.Server>((resolve, reject) => {
      const s = net.createServer()
      s.once("error", reject)
      s.listen(0, "127.0.0.1", () => resolve(s))
    }))
  )
  const ports = servers.map((s) => {
    const a = s.address()
    return a !== null && typeof a === "object" ? a.port : 0
  })
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))))
  return ports
}

let root = ""
let api = ""
let trusted: TrustedSet
let metrics: ApiMetricsState
let close: () => Promise<void> = async () => {}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "nullspace-certified-frames-"))
  const dirs = Array.from({ length: VALIDATORS }, (_, i) => path.join(root, `v${i}`))
  dealValidatorKeys(dirs)
  const keys = readValidatorKey(dirs[0] ?? "")
  trusted = { validators: keys.public_keys.map(toHex), quorum: keys.quorum, group_key: toHex(keys.group_key) }
  const addresses = (await freePorts(VALIDATORS)).map((port) => ({ host: "127.0.0.1", port }))
  const optionsOf = (i: number): ValidatorOptions => ({
    data_dir: dirs[i] ?? "",
    addresses,
    timeouts: { leader_ms: LEADER_MS, advance_ms: 2 * LEADER_MS, retry_ms: 10 * LEADER_MS, fetch_ms: 2 * LEADER_MS }
  })
  const others = dirs.slice(1).map((_, i) => new ValidatorNode(optionsOf(i + 1)))
  const scope = Effect.runSync(Scope.make())
  close = async () => {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    for (const n of others) await n.close()
    fs.rmSync(root, { recursive: true, force: true })
  }
  for (const n of others) await n.start()
  const layer = ApiLayer.pipe(
    Layer.provideMerge(Layer.mergeAll(ValidatorDevChainLive, ValidatorCertifiedLive, ValidatorSessionVerificationsLive)),
    Layer.provideMerge(ValidatorLive(optionsOf(0))),
    Layer.provideMerge(
      Layer.mergeAll(
        Layer.succeed(ServerConfig, { ...defaultDevServerConfig, port: 0, host: "127.0.0.1", data_dir: null, block_interval_ms: 0, log_requests: false, http_rate_limit_per_second: 0, submit_rate_limit_per_minute: 0 }),
        Layer.succeed(LogSink, silentLogSink),
        NodeVerifierLive,
        ApiMetricsLive
      )
    )
  )
  const context = await Effect.runPromise(Layer.buildWithScope(layer, scope))
  api = Context.get(context, Listening).url
  metrics = Context.get(context, ApiMetrics)
}, 60_000)
afterAll(() => close())

const decodeFrame = Schema.decodeUnknownSync(UpdateFrameJson)

describe("certified /updates frames on a validator network", () => {
  it("the frame of a submitted transaction's block verifies as certified against the group key; tampered copies do not", async () => {
    const client = new NullspaceClient(api, { set: trusted })
    const stream = client.updates({ source: wsFrameSource(), frames_max: 400, timeout_ms: 60_000 })
    const firstFrame = stream.next()
    for (let i = 0; i < 500 && metrics.ws.connections < 1; i++) await new Promise((r) => setTimeout(r, 10))
    expect(metrics.ws.connections).toBe(1)

    const who = signer("certified-frames/ada")
    const t = register(who, 0n, "ada")
    const res = await fetch(`${api}/submit`, { method: "POST", body: new Uint8Array(encodeSubmission([t])), headers: { "content-type": "application/octet-stream" } })
    expect(res.status).toBe(200)

    let found: VerifiedUpdate | null = null
    let seen = 0
    for (let next = await firstFrame; !next.done; next = await stream.next()) {
      seen++
      const u = next.value
      // every frame this indexer serves is consistent, and certified whenever it carries a certificate (empty blocks included)
      expect(u.report.consistent, JSON.stringify(u.report.checks)).toBe(true)
      if (decodeFrame(u.frame).proof.execution_certificate !== null) expect(u.report.ok, JSON.stringify(u.report.checks)).toBe(true)
      if (decodeFrame(u.frame).transactions.some((x) => x.tx_id === transactionId(t))) {
        found = u
        break
      }
    }
    await stream.return(undefined)
    if (found === null) throw new Error(`no frame with the transaction among ${seen}`)
    const frame = decodeFrame(found.frame)
    expect(found.report.ok, JSON.stringify(found.report.checks)).toBe(true)
    expect(found.report.certified).toBe(true)
    expect(found.report.consistent).toBe(true)
    expect(frame.proof.execution_certificate).not.toBeNull()
    expect(found.report.checks.find((c) => c.name === "certificate")?.ok).toBe(true)
    if (frame.proof.finalization !== null) expect(found.report.checks.find((c) => c.name === "finalization")?.ok).toBe(true)
    expect(frame.transactions.find((x) => x.tx_id === transactionId(t))?.status).toBe("applied")

    // without the trusted set the same frame is consistent only
    expect(new NullspaceClient(api).verifyUpdate(found.frame, { complete: true }).certified).toBe(false)

    const flip = (hex: string, at: number) => hex.slice(0, at) + (hex[at] === "0" ? "1" : "0") + hex.slice(at + 1)
    const other_root = client.verifyUpdate({ ...frame, state_root: flip(frame.state_root, 0) }, { complete: true })
    expect(other_root.ok).toBe(false)
    expect(other_root.certified).toBe(false)
    expect(other_root.error?.code).toBe(236)
    const cert = frame.proof.execution_certificate ?? ""
    const bad_cert = client.verifyUpdate({ ...frame, proof: { ...frame.proof, execution_certificate: flip(cert, cert.length - 2) } }, { complete: true })
    expect(bad_cert.certified).toBe(false)
    expect(bad_cert.checks.find((c) => c.name === "certificate")?.ok).toBe(false)
    if (frame.proof.finalization !== null) {
      const other_block = client.verifyUpdate({ ...frame, digest: flip(frame.digest, 5) }, { complete: true })
      expect(other_block.certified).toBe(false)
      expect(other_block.checks.find((c) => c.name === "finalization")?.ok).toBe(false)
    }
    // another validator set (a different group key) certifies nothing
    const stranger = new NullspaceClient(api, { set: { ...trusted, validators: [...trusted.validators].reverse() } })
    expect(stranger.verifyUpdate(found.frame, { complete: true }).certified).toBe(false)
  }, 90_000)
})
