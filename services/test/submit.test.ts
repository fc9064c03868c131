import * as http from "node:http"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ByteWriter, concatBytes } from "../../engine/codec/bytes.ts"
import { MAX_TRANSACTIONS_PER_SUBMISSION } from "../../engine/chain/constants.ts"
import { SignatureHex } from "../../engine/schema/primitives.ts"
import { encodeSubmission, type DevServer } from "../server.ts"
import { post, register, signer, snapshot, startTestServer, submit, tx, type Reply } from "./helpers.ts"

const alice = signer("submit/alice")
const bob = signer("submit/bob")

const flipSignature = (s: string): SignatureHex => SignatureHex.make((s[0] === "0" ? "1" : "0") + s.slice(1))

describe("POST /submit rejections change nothing", () => {
  let server: DevServer
  beforeAll(async () => {
    server = await startTestServer({ config: { http_body_limit_bytes: 64 * 1024 } })
    // alice has executed nonce 0 and has nonce 1 pending
    expect((await submit(server, [register(alice, 0n, "alice")])).status).toBe(200)
    await server.produceNow()
    expect((await submit(server, [tx(alice, 1n, { _tag: "CasinoDeposit", amount: 10n })])).status).toBe(200)
  })
  afterAll(() => server.close())

  const rejected = async (send: () => Promise<Reply>, status: number, error: string, index?: number) => {
    const before = snapshot(server)
    const r = await send()
    expect(r.status).toBe(status)
    expect(r.body["error"]).toBe(error)
    expect(typeof r.body["code"]).toBe("number")
    expect(typeof r.body["message"]).toBe("string")
    if (index !== undefined) expect(r.body["index"]).toBe(index)
    expect(snapshot(server)).toEqual(before)
    return r
  }

  it("malformed bytes", async () => {
    await rejected(() => post(server, Uint8Array.from([0x01, 0x01, 0xff, 0x00])), 400, "MalformedTransaction", 0)
    await rejected(() => post(server, Uint8Array.from([0x07])), 400, "MalformedTransaction")
    await rejected(() => post(server, new Uint8Array(0)), 400, "MalformedTransaction")
  })

  it("trailing bytes after the last transaction", async () => {
    const body = concatBytes(encodeSubmission([register(bob, 0n)]), Uint8Array.from([0]))
    await rejected(() => post(server, body), 400, "MalformedTransaction")
  })

  it("a bad signature anywhere rejects the whole batch", async () => {
    const good = register(bob, 0n)
    const bad = { ...tx(bob, 1n, { _tag: "CasinoDeposit", amount: 1n }) }
    await rejected(() => submit(server, [good, { ...bad, signature: flipSignature(bad.signature) }]), 400, "BadSignature", 1)
    // a signature from another key (a fresh one, so the nonce checks that run first pass)
    await rejected(() => submit(server, [{ ...good, public_key: signer("submit/carol").public_key }]), 400, "BadSignature", 0)
  })

  it("a replayed (already executed) nonce", async () => {
    const r = await rejected(() => submit(server, [register(alice, 0n, "alice")]), 409, "NonceReplay", 0)
    expect(r.body["expected"]).toBe("1")
    expect(r.body["got"]).toBe("0")
  })

  it("a nonce already pending, and a nonce twice in one submission", async () => {
    await rejected(() => submit(server, [tx(alice, 1n, { _tag: "CasinoDeposit", amount: 10n })]), 409, "NonceReplay", 0)
    await rejected(() => submit(server, [register(bob, 0n), register(bob, 0n, "again")]), 409, "NonceReplay", 1)
  })

  it("a nonce too far ahead", async () => {
    const limit = BigInt(server.config.mempool.per_account_max)
    await rejected(() => submit(server, [register(bob, 0n), tx(bob, limit, { _tag: "CasinoDeposit", amount: 1n })]), 400, "NonceGap", 1)
  })

  it("an oversized body (413 before reading it all)", async () => {
    const r = await rejected(() => post(server, new Uint8Array(server.config.http_body_limit_bytes + 1)), 413, "OversizedSubmission")
    expect(r.body["code"]).toBe(104)
  })

  it("a streamed body without Content-Length is cut off at the limit (413)", async () => {
    const before = snapshot(server)
    const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      let responded = false
      const req = http.request(`${server.url}/submit`, { method: "POST", headers: { "transfer-encoding": "chunked" } }, (res) => {
        responded = true
        let body = ""
        res.on("data", (d: Buffer) => (body += d.toString()))
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }))
      })
      // the server may close while we still write: that is the point, not a failure
      req.on("error", (e) => (responded ? undefined : reject(e)))
      let sent = 0
      const pump = () => {
        while (!responded && sent < server.config.http_body_limit_bytes * 4) {
          sent += 16_384
          if (!req.write(new Uint8Array(16_384))) return void req.once("drain", pump)
        }
        req.end()
      }
      pump()
    })
    expect(reply.status).toBe(413)
    expect(JSON.parse(reply.body)).toMatchObject({ error: "OversizedSubmission", code: 104 })
    expect(snapshot(server)).toEqual(before)
  })

  it("too many transactions, and none", async () => {
    const many = Array.from({ length: MAX_TRANSACTIONS_PER_SUBMISSION + 1 }, (_, i) => register(signer(`submit/many/${i}`), 0n))
    await rejected(() => submit(server, many), 413, "OversizedSubmission")
    await rejected(() => post(server, new ByteWriter().u8(1).varint(0).finish()), 400, "MalformedTransaction")
  })

  it("accepts a valid batch of up to 128 and reports its transaction ids", async () => {
    const batch = Array.from({ length: MAX_TRANSACTIONS_PER_SUBMISSION }, (_, i) => register(signer(`submit/batch/${i}`), 0n))
    const before = server.devChain.mempool.size
    const r = await submit(server, batch)
    expect(r.status).toBe(200)
    expect(r.body["accepted"]).toBe(MAX_TRANSACTIONS_PER_SUBMISSION)
    expect(r.body["tx_ids"]).toHaveLength(MAX_TRANSACTIONS_PER_SUBMISSION)
    expect(server.devChain.mempool.size).toBe(before + MAX_TRANSACTIONS_PER_SUBMISSION)
    const fb = await server.produceNow()
    const executed = new Set<string>(fb.result.outputs.map((o) => o.tx_id))
    for (const id of r.body["tx_ids"] as string[]) expect(executed.has(id)).toBe(true)
  })
})

describe("POST /submit when the mempool is full", () => {
  it("refuses the whole batch with 503 MempoolFull", async () => {
    const server = await startTestServer({ config: { mempool: { transactions_max: 2, per_account_max: 64, ttl_blocks: 1_024 } } })
    try {
      expect((await submit(server, [register(signer("full/a"), 0n)])).status).toBe(200)
      const before = snapshot(server)
      const r = await submit(server, [register(signer("full/b"), 0n), register(signer("full/c"), 0n)])
      expect(r.status).toBe(503)
      expect(r.body["error"]).toBe("MempoolFull")
      expect(snapshot(server)).toEqual(before)
    } finally {
      await server.close()
    }
  })
})

describe("rate limits", () => {
  it("answers 429 once a client's /submit bucket is empty", async () => {
    const server = await startTestServer({ config: { submit_rate_limit_per_minute: 1, submit_rate_limit_burst: 2 } })
    try {
      const statuses: number[] = []
      for (let i = 0; i < 3; i++) statuses.push((await post(server, Uint8Array.from([0x07]))).status)
      expect(statuses).toEqual([400, 400, 429])
      expect(server.metrics.http.reject_rate_limit).toBe(1)
    } finally {
      await server.close()
    }
  })
})
