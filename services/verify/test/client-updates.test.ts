/**
 * NullspaceClient.updates against a real dev server: the client subscribes over `ws`
 * (wsFrameSource), a block is produced, and the frame it yields is verified (consistent with its
 * events root, not certified: a dev chain certifies nothing); a tampered copy fails; an account
 * filter yields only that account's frames; the subscription ends at `timeout_ms` and a refused
 * upgrade is a ClientFailure.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Schema } from "effect"
import { transactionId } from "../../../engine/tx/transaction.ts"
import type { DevServer } from "../../server.ts"
import { memoryLogSink } from "../../log.ts"
import { register, signer, startTestServer, submit, tx } from "../../test/helpers.ts"
import { ClientFailure, NullspaceClient, type VerifiedUpdate } from "../client.ts"
import { wsFrameSource } from "../ws-source.ts"

const ORIGIN = "https://play.nullspace.test"
const Frame = Schema.Struct({ height: Schema.String, transactions: Schema.Array(Schema.Struct({ tx_id: Schema.String, status: Schema.String })) })
const asFrame = Schema.decodeUnknownSync(Frame)

let server: DevServer
beforeAll(async () => {
  server = await startTestServer({ log: memoryLogSink(), config: { allowed_origins: [ORIGIN] } })
})
afterAll(() => server.close())

/** waits (bounded) until the server holds `n` WebSocket connections */
const connected = async (n: number) => {
  for (let i = 0; i < 400 && server.metrics.ws.connections < n; i++) await new Promise((r) => setTimeout(r, 10))
  expect(server.metrics.ws.connections).toBeGreaterThanOrEqual(n)
}

describe("NullspaceClient.updates", () => {
  it("yields each frame with its report: consistent, not certified on a dev chain; a tampered copy fails", async () => {
    const client = new NullspaceClient(server.url)
    const all = client.updates({ source: wsFrameSource({ origin: ORIGIN }), frames_max: 1, timeout_ms: 20_000 })
    const ann = signer("client-updates/ann")
    const bob = signer("client-updates/bob")
    const filtered = client.updates({ source: wsFrameSource({ origin: ORIGIN }), account: bob.public_key, frames_max: 1, timeout_ms: 20_000 })
    const first = all.next()
    const bobs = filtered.next()
    await connected(2)
    const t1 = register(ann, 0n, "ann")
    expect((await submit(server, [t1])).status).toBe(200)
    await server.produceNow()
    const t2 = register(bob, 0n, "bob")
    expect((await submit(server, [t2, tx(ann, 1n, { _tag: "CasinoRegister", name: "ann2" })])).status).toBe(200)
    await server.produceNow()

    const got = await first
    expect(got.done).toBe(false)
    const u: VerifiedUpdate | undefined = got.value ?? undefined
    if (u === undefined) throw new Error("no frame")
    expect(asFrame(u.frame).transactions.map((t) => t.tx_id)).toEqual([transactionId(t1)])
    expect(u.report.consistent).toBe(true)
    expect(u.report.certified).toBe(false)
    expect(u.report.ok).toBe(false)
    expect(u.report.checks.find((c) => c.name === "complete")?.ok).toBe(true)
    expect(u.report.error?.code).toBe(236)
    expect((await all.next()).done).toBe(true)

    // the account filter skipped block 1 (ann only) and yields block 2 with bob's registration
    const b = (await bobs).value
    if (b === undefined) throw new Error("no filtered frame")
    const bf = asFrame(b.frame)
    expect(bf.height).toBe("2")
    expect(bf.transactions.map((t) => t.tx_id)).toContain(transactionId(t2))
    expect(b.report.consistent).toBe(true)

    // a tampered copy: another status for the transaction
    const tampered = JSON.parse(JSON.stringify(u.frame), (k, v: unknown) => (k === "status" && v === "applied" ? "failed" : v))
    const r = client.verifyUpdate(tampered, { complete: true })
    expect(r.consistent).toBe(false)
    expect(r.checks.find((c) => c.name === "transactions")?.ok).toBe(false)
    expect(client.verifyUpdate({ height: "1" }).checks[0]?.name).toBe("frame")
  }, 60_000)

  it("ends at timeout_ms with no frame; a refused upgrade is a ClientFailure", async () => {
    const client = new NullspaceClient(server.url)
    const quiet = client.updates({ source: wsFrameSource({ origin: ORIGIN }), frames_max: 5, timeout_ms: 300 })
    expect((await quiet.next()).done).toBe(true)
    const refused = client.updates({ source: wsFrameSource({ origin: "https://evil.test" }), frames_max: 1, timeout_ms: 10_000 })
    const e = await refused.next().then(
      () => null,
      (err: unknown) => err
    )
    expect(e).toBeInstanceOf(ClientFailure)
    expect(e instanceof ClientFailure ? e.message : "").toMatch(/refused \(403\)/)
  }, 30_000)
})
