/**
 * The peer transport (ports 17120–17122) and its frame codec: two validators with dealt keys
 * exchange frames after the handshake; an impostor that claims a validator index without its key
 * is refused and none of its frames reach the node; an oversized length prefix closes the
 * connection; peer messages round-trip through their exact codec and malformed frames are
 * DecodeFailures.
 */
import * as net from "node:net"
import { randomBytes } from "node:crypto"
import { FastCheck as fc, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { DecodeFailure } from "../../../../engine/codec/bytes.ts"
import { signerFromSecret } from "../../../../engine/tx/sign.ts"
import { fromHex } from "../../../../engine/codec/bytes.ts"
import { sortValidatorKeys } from "../../../../engine/consensus/crypto.ts"
import { CODEC_SEED, assertLawsForTag, schemaTags } from "../../../../engine/test/codec-laws.ts"
import { decodePeerMessage, PEER_MESSAGE_CODEC, type PeerMessage } from "../peer-message.ts"
import { Transport } from "../transport.ts"

const secrets = [0, 1, 2].map(() => new Uint8Array(randomBytes(32)))
const keyOf = (s: Uint8Array) => fromHex(signerFromSecret(s).public_key)
const public_keys = sortValidatorKeys(secrets.slice(0, 2).map(keyOf))
const secretAt = (i: number): Uint8Array => secrets.find((s) => Buffer.from(keyOf(s)).equals(Buffer.from(public_keys[i] ?? new Uint8Array()))) ?? new Uint8Array(32)
const addresses = [0, 1].map((i) => ({ host: "127.0.0.1", port: 17120 + i }))
const make = (index: number, secret: Uint8Array, got: Array<[number, PeerMessage]>) =>
  new Transport({ index, ed25519_secret: secret, public_keys, addresses, queue_frames_max: 16, backoff_ms_min: 20, backoff_ms_max: 200 }, (from, m) => got.push([from, m]))
const waitFor = async (ok: () => boolean, timeout_ms: number): Promise<boolean> => {
  const t0 = Date.now()
  while (!ok() && Date.now() - t0 < timeout_ms) await new Promise((r) => setTimeout(r, 20))
  return ok()
}

describe("peer transport", () => {
  it("authenticated validators exchange frames; an impostor and an oversized frame are refused", async () => {
    const got0: Array<[number, PeerMessage]> = []
    const got1: Array<[number, PeerMessage]> = []
    const t0 = make(0, secretAt(0), got0)
    const t1 = make(1, secretAt(1), got1)
    await t0.listen()
    await t1.listen()
    t0.start()
    t1.start()
    t0.send(1, { _tag: "SyncRequest", from_height: 7 })
    t1.broadcast({ _tag: "BodyRequest", digest: "ab".repeat(32) })
    expect(await waitFor(() => got1.length === 1 && got0.length === 1, 5_000)).toBe(true)
    expect(got1[0]).toEqual([0, { _tag: "SyncRequest", from_height: 7 }])
    expect(got0[0]?.[0]).toBe(1)

    // an impostor: claims index 1 and signs with a key that is not validator 1's
    const impostor = new Transport(
      { index: 1, ed25519_secret: secrets[2] ?? new Uint8Array(32), public_keys, addresses: [addresses[0] ?? { host: "", port: 0 }, { host: "127.0.0.1", port: 17122 }], queue_frames_max: 16, backoff_ms_min: 1_000, backoff_ms_max: 1_000 },
      () => {}
    )
    impostor.start()
    impostor.send(0, { _tag: "SyncRequest", from_height: 99 })
    expect(await waitFor(() => t0.stats.refused_connections >= 1, 5_000)).toBe(true)
    await impostor.close()
    expect(got0.every(([, m]) => !(m._tag === "SyncRequest" && m.from_height === 99))).toBe(true)
    expect(got1.every(([, m]) => !(m._tag === "SyncRequest" && m.from_height === 99))).toBe(true)

    // an oversized length prefix closes the connection before the handshake
    const closed = await new Promise<boolean>((resolve) => {
      const s = net.connect(addresses[0]?.port ?? 0, "127.0.0.1", () => s.write(Buffer.from([0xff, 0xff, 0xff, 0xff])))
      s.on("data", () => {})
      s.on("close", () => resolve(true))
      setTimeout(() => resolve(false), 3_000)
    })
    expect(closed).toBe(true)
    await t0.close()
    await t1.close()
  }, 30_000)

  for (const tag of schemaTags(PEER_MESSAGE_CODEC.schema))
    it(`peer message ${tag}: round trip, truncations and trailing bytes refused`, () => assertLawsForTag(PEER_MESSAGE_CODEC, tag, 20))

  it("arbitrary frames decode to a DecodeFailure or a valid peer message", () => {
    const valid = Schema.is(PEER_MESSAGE_CODEC.schema)
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        const m = decodePeerMessage(b)
        expect(m instanceof DecodeFailure || valid(m)).toBe(true)
      }),
      { seed: CODEC_SEED, numRuns: 300 }
    )
  })
})
