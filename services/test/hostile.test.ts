/**
 * Hostile input at the service edge: the reviewed signature forgeries (F1), a nonce-gap flood
 * (F2, smaller than the engine-level test), replayed batches (F7: no signature work), a foreign
 * network's namespace, hostile blocks handed to finalize (economy and roulette), and a tampered
 * block log refused at replay.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { Effect, Exit } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import type { Block } from "../../engine/block.ts"
import { MAX_TRANSACTIONS_PER_BLOCK } from "../../engine/chain/constants.ts"
import { devSeed } from "../../engine/chain/dev-seed.ts"
import { toHex, utf8 } from "../../engine/codec/bytes.ts"
import { sha256Concat } from "../../engine/crypto/sha256.ts"
import { GAME_TYPES } from "../../engine/tx/instruction.ts"
import { DigestHex, PublicKey, SignatureHex } from "../../engine/schema/primitives.ts"
import { signTransaction } from "../../engine/tx/sign.ts"
import type { Transaction } from "../../engine/tx/transaction.ts"
import { nodeVerifier } from "../../engine/tx/verify-node.ts"
import type { SignatureVerifierShape } from "../../engine/tx/verify.ts"
import { encodeRecord } from "../node/block-record.ts"
import type { DevServer } from "../server.ts"
import { register, removeTempDirs, signer, snapshot, startTestServer, submit, tempDir, tx } from "./helpers.ts"

afterAll(removeTempDirs)

const forgery = (public_key: string): Transaction => ({
  nonce: 0n,
  instruction: { _tag: "CasinoRegister", name: "forger" },
  public_key: PublicKey.make(public_key),
  signature: SignatureHex.make("01" + "00".repeat(63))
})

const countingVerifier = () => {
  const counter = { calls: 0 }
  const verifier: SignatureVerifierShape = {
    name: "counting node:crypto",
    verify: (pk, m, s) => {
      counter.calls++
      return nodeVerifier.verify(pk, m, s)
    }
  }
  return { counter, verifier }
}

describe("/submit refuses the reviewed forgeries and floods", () => {
  it("a weak or malformed admin key stops the server from starting (fails closed)", async () => {
    await expect(startTestServer({ adminKeys: ["01" + "00".repeat(31)] })).rejects.toThrow(/admin key/)
    await expect(startTestServer({ adminKeys: "zz,0x1234" })).rejects.toThrow(/admin key/)
  })

  it("small-order and non-canonical keys with R = identity, S = 0: 400 WeakPublicKey, nothing changes", async () => {
    const server = await startTestServer()
    try {
      for (const key of ["01" + "00".repeat(31), "ec" + "ff".repeat(30) + "7f", "ee" + "ff".repeat(30) + "7f"]) {
        const before = snapshot(server)
        const r = await submit(server, [forgery(key)])
        expect(r.status).toBe(400)
        expect(r.body["error"]).toBe("WeakPublicKey")
        expect(r.body["code"]).toBe(105)
        expect(snapshot(server)).toEqual(before)
      }
    } finally {
      await server.close()
    }
  })

  it("a nonce-gap flood from fresh keys takes no room; an honest transaction is in the next block", async () => {
    const server = await startTestServer()
    try {
      const keys = Array.from({ length: 100 }, (_, i) => signer(`hostile/flood/${i}`))
      const flood = keys.flatMap((k) => Array.from({ length: 12 }, (_, n) => register(k, BigInt(n + 1))))
      let refused = 0
      for (let i = 0; i < flood.length; i += 128) {
        const r = await submit(server, flood.slice(i, i + 128))
        expect(r.status).toBe(400)
        expect(r.body["error"]).toBe("NonceGap")
        refused++
      }
      expect(refused).toBe(Math.ceil(flood.length / 128))
      expect(server.devChain.mempool.size).toBe(0)
      const honest = register(signer("hostile/honest"), 0n, "honest")
      expect((await submit(server, [honest])).status).toBe(200)
      const fb = await server.produceNow()
      expect(fb.block.transactions).toEqual([honest])
      expect(fb.result.outputs[0]?.status).toBe("applied")
    } finally {
      await server.close()
    }
  })

  it("a replayed batch costs no signature work, and neither does verifying the block that carries it", async () => {
    const { counter, verifier } = countingVerifier()
    const server = await startTestServer({ verifier })
    try {
      const batch = Array.from({ length: 128 }, (_, i) => register(signer(`hostile/replay/${i}`), 0n))
      expect((await submit(server, batch)).status).toBe(200)
      expect(counter.calls).toBe(128)
      const pending = await submit(server, batch)
      expect(pending.status).toBe(409)
      expect(counter.calls).toBe(128)
      await server.produceNow() // verifyBlock finds the 128 signatures in the verified cache
      expect(counter.calls).toBe(128)
      for (let i = 0; i < 20; i++) expect((await submit(server, batch)).status).toBe(409)
      expect(counter.calls).toBe(128)
    } finally {
      await server.close()
    }
  })

  it("a network with its own namespace refuses transactions signed for another one", async () => {
    const server = await startTestServer({ config: { transaction_namespace: "_TESTNET_TX" } })
    try {
      const who = signer("hostile/ns")
      const ours = register(who, 0n)
      const r = await submit(server, [ours])
      expect(r.status).toBe(400)
      expect(r.body["error"]).toBe("BadSignature")
      const theirs = signTransaction(who, 0n, { _tag: "CasinoRegister", name: "player" }, "_TESTNET_TX")
      expect((await submit(server, [theirs])).status).toBe(200)
    } finally {
      await server.close()
    }
  })
})

describe("finalize refuses hostile blocks with the right code and changes nothing", () => {
  const ROULETTE = GAME_TYPES.indexOf("roulette")
  const players = ["a", "b", "c", "d"].map((n) => signer(`hostile/blocks/${n}`))

  const setup = async (): Promise<DevServer> => {
    const server = await startTestServer()
    expect((await submit(server, players.map((p, i) => register(p, 0n, `p${i}`)))).status).toBe(200)
    await server.produceNow()
    return server
  }

  const honest = (): Transaction[] => [
    tx(players[0]!, 1n, { _tag: "StartGame", game_type: ROULETTE, bet: 0n, session_id: 99n }),
    tx(players[1]!, 1n, { _tag: "Swap", amount_in: 10n, min_amount_out: 0n, is_buying_rng: true }),
    tx(players[2]!, 1n, { _tag: "CreateVault" }),
    tx(players[3]!, 1n, { _tag: "DepositSavings", amount: 5n })
  ]

  const blockOf = (server: DevServer, txs: ReadonlyArray<Transaction>): Block => {
    const h = server.devChain.head()
    const view = h.view + 1n
    return { parent: h.last_digest, view, height: h.height + 1n, seed: devSeed("hostile", view), transactions: [...txs] }
  }

  it("each hostile shape, then the honest block executes", async () => {
    const server = await setup()
    try {
      const c = server.devChain
      const txs = honest()
      const create = txs[2]!
      const deposit = tx(players[2]!, 2n, { _tag: "DepositCollateral", amount: 5n })
      const swap = txs[1]!
      const filler = Array.from({ length: MAX_TRANSACTIONS_PER_BLOCK + 1 }, (_, i): Transaction => ({
        nonce: 0n,
        instruction: { _tag: "ClaimRewards" },
        public_key: PublicKey.make(toHex(sha256Concat(utf8("hostile/filler/"), utf8(String(i))))),
        signature: SignatureHex.make("00".repeat(64))
      }))
      const good = blockOf(server, txs)
      const cases: ReadonlyArray<readonly [string, Block, string]> = [
        ["reordered vault ops", blockOf(server, [deposit, create]), "BlockNonceOrder"],
        ["two vault ops of one account", blockOf(server, [create, deposit]), "BlockAccountRepeated"],
        ["duplicated swap", blockOf(server, [swap, swap]), "BlockDuplicateTransaction"],
        ["forged swap", blockOf(server, [{ ...swap, instruction: { _tag: "Swap", amount_in: 10_000n, min_amount_out: 0n, is_buying_rng: true } }]), "BlockBadSignature"],
        ["roulette signed for another namespace", blockOf(server, [signTransaction(players[0]!, 1n, txs[0]!.instruction, "_OTHER_TX")]), "BlockBadSignature"],
        ["weak-key forgery", blockOf(server, [forgery("01" + "00".repeat(31))]), "BlockWeakKey"],
        ["over the count limit", blockOf(server, filler), "BlockTooManyTransactions"],
        ["wrong parent", { ...good, parent: DigestHex.make(good.parent.replace(/^./, (x) => (x === "0" ? "1" : "0"))) }, "BlockWrongParent"],
        ["wrong height", { ...good, height: good.height + 1n }, "BlockWrongHeight"],
        ["wrong view", { ...good, view: c.head().view }, "BlockWrongView"]
      ]
      for (const [name, block, tag] of cases) {
        const before = { head: c.head(), mempool: c.mempool.size, nonces: players.map((p) => c.chain.nonceOf(p.public_key)) }
        const exit = await Effect.runPromiseExit(c.finalize(block))
        expect(Exit.isFailure(exit), name).toBe(true)
        if (Exit.isFailure(exit)) expect(JSON.stringify(exit.cause), name).toContain(`"${tag}"`)
        expect({ head: c.head(), mempool: c.mempool.size, nonces: players.map((p) => c.chain.nonceOf(p.public_key)) }, name).toEqual(before)
        expect(c.halted(), name).toBeNull()
      }
      expect(c.stats().blocks_refused).toBe(cases.length)
      const result = await Effect.runPromise(c.finalize(good))
      expect(result?.outputs.map((o) => o.status === "skipped")).toEqual([false, false, false, false])
    } finally {
      await server.close()
    }
  })

  it("block-log replay verifies every record: a forged record appended to the log stops the start", async () => {
    const dir = tempDir("hostile-replay")
    const first = await startTestServer({ dataDir: dir })
    expect((await submit(first, [register(players[0]!, 0n)])).status).toBe(200)
    const fb = await first.produceNow()
    await first.close()
    const forged: Block = {
      parent: fb.result.digest,
      view: fb.block.view + 1n,
      height: 2n,
      seed: devSeed("hostile", fb.block.view + 1n),
      transactions: [{ ...tx(players[0]!, 1n, { _tag: "CasinoDeposit", amount: 1n }), signature: SignatureHex.make("00".repeat(64)) }]
    }
    fs.appendFileSync(path.join(dir, "blocks.log"), encodeRecord(forged, fb.result.state_root))
    await expect(startTestServer({ dataDir: dir })).rejects.toThrow(/BlockBadSignature/)
  })
})
