/**
 * The certified-frame path on validators, end to end: four in-process validators on loopback (keys
 * dealt into temporary dirs, peer ports the OS handed out), the API on validator 0 on port 0 (the
 * layers `npm run validator -- run --api-port` composes). A client subscribed to /updates over a
 * WebSocket submits a transaction; the frame of the block that includes it verifies as certified
 * against the dealt group key and validator set (a quorum's execution certificate over the
 * frame's roots, and the finalization naming the block when the frame carries one), and copies
 * with another state root, a flipped certificate byte or another block digest fail.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Schema } from "effect"
import { transactionId } from "../../../engine/tx/transaction.ts"
import { encodeSubmission } from "../../api/submission.ts"
import type { ApiMetricsState } from "../../api/metrics.ts"
import { register, signer } from "../../test/helpers.ts"
import { startValidatorApi } from "../../test/validator-api.ts"
import { NullspaceClient, type VerifiedUpdate } from "../client.ts"
import type { TrustedSet } from "../trusted-set.ts"
import { UpdateFrameJson } from "../update-frame.ts"
import { wsFrameSource } from "../ws-source.ts"

const LEADER_MS = 300

let trusted: TrustedSet
let api = ""
let metrics: ApiMetricsState
let close: () => Promise<void> = async () => {}

beforeAll(async () => {
  const chain = await startValidatorApi({ peer_ports: null, leader_ms: LEADER_MS, config: { http_rate_limit_per_second: 0, submit_rate_limit_per_minute: 0 } })
  api = chain.api
  trusted = chain.trusted
  metrics = chain.metrics
  close = chain.close
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
