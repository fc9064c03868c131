/**
 * The /mempool WebSocket feed on one indexer: one frame per admitted submission, each
 * transaction's exact encoding included (a client decodes it and checks the signature and id);
 * a refused submission sends nothing; the feed keeps /updates' origin rule (a browser origin not
 * on the allowlist is refused before the upgrade) and its per-address cap.
 */
import { Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import WebSocket from "ws"
import { TRANSACTION_NAMESPACE } from "../../../engine/chain/constants.ts"
import { ByteReader, fromHex } from "../../../engine/codec/bytes.ts"
import { readTransaction, transactionId } from "../../../engine/tx/transaction.ts"
import { nobleVerifier, verifyTransaction } from "../../../engine/tx/verify.ts"
import { encodeSubmission } from "../../api/submission.ts"
import { register, signer, tx } from "../../test/helpers.ts"
import { FrameClient, startIndexer, type Indexer } from "./harness.ts"

const Pending = Schema.Struct({ transactions: Schema.Array(Schema.Struct({ tx_id: Schema.String, signer: Schema.String, nonce: Schema.String, instruction: Schema.String, tx: Schema.String })) })
const pendingOf = Schema.decodeUnknownSync(Pending)

let ix: Indexer
beforeAll(async () => {
  ix = await startIndexer({ allowed_origins: ["https://site.example"], ws_max_connections_per_ip: 3 })
})
afterAll(() => ix.close())

const post = async (bytes: Uint8Array) => {
  const res = await fetch(`${ix.url}/submit`, { method: "POST", body: new Uint8Array(bytes), headers: { "content-type": "application/octet-stream" } })
  await res.arrayBuffer()
  return res.status
}

const upgradeStatus = (headers: Record<string, string>): Promise<number> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(`${ix.wsUrl}/mempool`, { headers })
    ws.once("open", () => {
      ws.close()
      resolve(101)
    })
    ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0))
    ws.once("error", reject)
  })

describe("/mempool", () => {
  it("streams each admitted batch once, with verifiable transactions; refused submissions send nothing", async () => {
    const feed = await FrameClient.open(`${ix.wsUrl}/mempool`)
    const fay = signer("mempool/fay")
    const batch = [register(fay, 0n, "fay"), tx(fay, 1n, { _tag: "StartGame", game_type: 6, bet: 0n, session_id: 3n })]
    expect(await post(encodeSubmission(batch))).toBe(200)
    // a replay of the same batch is refused: no frame
    expect(await post(encodeSubmission(batch))).toBe(409)
    const gus = signer("mempool/gus")
    expect(await post(encodeSubmission([register(gus, 0n, "gus")]))).toBe(200)
    await feed.until("two frames", () => feed.frames.length >= 2)
    const [first, second] = feed.frames.map((f) => pendingOf(f))
    expect(first?.transactions.map((t) => t.tx_id)).toEqual(batch.map((t) => transactionId(t)))
    expect(second?.transactions.map((t) => t.signer)).toEqual([gus.public_key])
    for (const t of first?.transactions ?? []) {
      const decoded = readTransaction(new ByteReader(fromHex(t.tx)))
      expect(transactionId(decoded)).toBe(t.tx_id)
      expect(verifyTransaction(nobleVerifier, decoded, TRANSACTION_NAMESPACE)).toBe(true)
    }
    expect(feed.frames).toHaveLength(2)
    // one node on the default fanout: a private bus nobody hears, so nothing is even encoded
    expect(ix.fanout.solitary).toBe(true)
    expect(ix.fanout.stats().published).toBe(0)
    await feed.close()
  })

  it("keeps the origin rule and the per-address cap of /updates", async () => {
    expect(await upgradeStatus({ origin: "https://evil.example" })).toBe(403)
    expect(await upgradeStatus({ origin: "https://site.example" })).toBe(101)
    const held = await Promise.all([0, 1, 2].map(() => FrameClient.open(`${ix.wsUrl}/mempool`)))
    expect(await upgradeStatus({})).toBe(429)
    await Promise.all(held.map((c) => c.close()))
  })
})
