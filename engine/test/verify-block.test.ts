/** verifyBlock refuses hostile blocks with the right code, names the first problem, and is pure. */
import { describe, expect, it } from "vitest"
import type { Block } from "../block.ts"
import { Chain } from "../chain/chain.ts"
import { defaultChainConfig } from "../chain/config.ts"
import { MAX_TRANSACTIONS_PER_BLOCK } from "../chain/constants.ts"
import { MAX_BLOCK_BYTES, parentOf, verifyBlock } from "../chain/verify-block.ts"
import { toHex, utf8 } from "../codec/bytes.ts"
import { sha256Concat } from "../crypto/sha256.ts"
import type { BlockError } from "../errors.ts"
import { encodeRouletteMove } from "../games/roulette/roulette.ts"
import { DigestHex, PublicKey, SignatureHex } from "../schema/primitives.ts"
import { actorSigner, signTransaction } from "../tx/sign.ts"
import type { Transaction } from "../tx/transaction.ts"
import { GAME_TYPES, type Instruction } from "../tx/instruction.ts"
import { VerifiedSignatures } from "../tx/verified-cache.ts"
import { nobleVerifier } from "../tx/verify.ts"
import { nodeVerifier } from "../tx/verify-node.ts"
import { nextBlock } from "./helpers.ts"

const config = defaultChainConfig()
const ROULETTE = GAME_TYPES.indexOf("roulette")
const [ann, ben, cat, dan, eve] = ["ann", "ben", "cat", "dan", "eve"].map((n) => actorSigner(`verify-block/${n}`))
if (ann === undefined || ben === undefined || cat === undefined || dan === undefined || eve === undefined) throw new Error("five players")
const players = [ann, ben, cat, dan, eve]

const setup = () => {
  const chain = new Chain(config)
  chain.genesis(() => {}, 0n)
  chain.applyBlock(nextBlock(chain, players.map((p, i) => signTransaction(p, 0n, { _tag: "CasinoRegister", name: `p${i}` }))))
  return chain
}

const roulette = (session_id: bigint): Instruction => ({
  _tag: "GameMove",
  session_id,
  payload: encodeRouletteMove({ _tag: "Batch", bets: [{ type: "RED", number: 0, amount: 10n }] })
})

/** one transaction per account, nonce 1: roulette, a swap, vault ops, savings */
const honestTxs = (): Transaction[] => [
  signTransaction(ann, 1n, { _tag: "StartGame", game_type: ROULETTE, bet: 0n, session_id: 7n }),
  signTransaction(ben, 1n, { _tag: "Swap", amount_in: 100n, min_amount_out: 0n, is_buying_rng: false }),
  signTransaction(cat, 1n, { _tag: "CreateVault" }),
  signTransaction(dan, 1n, { _tag: "DepositCollateral", amount: 50n }),
  signTransaction(eve, 1n, roulette(7n))
]

const snapshot = (chain: Chain) => ({ root: chain.stateRoot(), height: chain.height, view: chain.view, nonces: players.map((p) => chain.nonceOf(p.public_key)) })

const expectRefused = (chain: Chain, block: Block, tag: BlockError["_tag"], code: number, index: number | null) => {
  const before = snapshot(chain)
  for (const verifier of [nodeVerifier, nobleVerifier]) {
    const e = verifyBlock(block, parentOf(chain), config, verifier)
    expect(e?._tag).toBe(tag)
    expect(e?.code).toBe(code)
    expect(e?.index).toBe(index)
  }
  expect(snapshot(chain)).toEqual(before)
}

describe("verifyBlock", () => {
  it("accepts the honest block (roulette, swap, vault ops) and the chain executes it", () => {
    const chain = setup()
    const block = nextBlock(chain, honestTxs())
    expect(verifyBlock(block, parentOf(chain), config, nodeVerifier)).toBeNull()
    expect(verifyBlock(block, parentOf(chain), config, nobleVerifier, { view: block.view })).toBeNull()
    const result = chain.applyBlock(block)
    expect(result.outputs.every((o) => o.status !== "skipped")).toBe(true)
  })

  it("reordered: an account's nonces must increase (vault deposit before its create)", () => {
    const chain = setup()
    const create = signTransaction(cat, 1n, { _tag: "CreateVault" })
    const deposit = signTransaction(cat, 2n, { _tag: "DepositCollateral", amount: 50n })
    expectRefused(chain, nextBlock(chain, [honestTxs()[0]!, deposit, create]), "BlockNonceOrder", 112, 2)
    // the proposer's shape: one transaction per account per block
    expectRefused(chain, nextBlock(chain, [create, deposit]), "BlockAccountRepeated", 113, 1)
  })

  it("duplicated: the same swap twice", () => {
    const chain = setup()
    const [a, swap] = honestTxs()
    expectRefused(chain, nextBlock(chain, [a!, swap!, swap!]), "BlockDuplicateTransaction", 111, 2)
  })

  it("forged: a swap and a roulette move with signatures that do not match", () => {
    const chain = setup()
    const txs = honestTxs()
    const swap = txs[1]!
    const stolen = { ...swap, instruction: { _tag: "Swap", amount_in: 100_000n, min_amount_out: 0n, is_buying_rng: false } as const }
    expectRefused(chain, nextBlock(chain, [txs[0]!, stolen, ...txs.slice(2)]), "BlockBadSignature", 115, 1)
    const move = txs[4]!
    const flipped = SignatureHex.make((move.signature[0] === "0" ? "1" : "0") + move.signature.slice(1))
    expectRefused(chain, nextBlock(chain, [...txs.slice(0, 4), { ...move, signature: flipped }]), "BlockBadSignature", 115, 4)
  })

  it("a transaction signed for another network's namespace", () => {
    const chain = setup()
    const txs = honestTxs()
    const foreign = signTransaction(dan, 1n, { _tag: "DepositCollateral", amount: 50n }, "_OTHERNET_TX")
    expectRefused(chain, nextBlock(chain, [...txs.slice(0, 3), foreign, txs[4]!]), "BlockBadSignature", 115, 3)
    // and the other network accepts it while refusing ours
    const other = defaultChainConfig([], "_OTHERNET_TX")
    expect(verifyBlock(nextBlock(chain, [foreign]), parentOf(chain), other, nodeVerifier)).toBeNull()
    expect(verifyBlock(nextBlock(chain, [txs[0]!]), parentOf(chain), other, nodeVerifier)?._tag).toBe("BlockBadSignature")
  })

  it("the reviewed forgery: a small-order key with R = identity, S = 0", () => {
    const chain = setup()
    const forged: Transaction = {
      nonce: 0n,
      instruction: { _tag: "CasinoRegister", name: "forger" },
      public_key: PublicKey.make("01" + "00".repeat(31)),
      signature: SignatureHex.make("01" + "00".repeat(63))
    }
    expectRefused(chain, nextBlock(chain, [honestTxs()[0]!, forged]), "BlockWeakKey", 114, 1)
  })

  it("over the count and byte limits", () => {
    const chain = setup()
    const filler = Array.from({ length: MAX_TRANSACTIONS_PER_BLOCK + 1 }, (_, i): Transaction => ({
      nonce: 0n,
      instruction: { _tag: "ClaimRewards" },
      public_key: PublicKey.make(toHex(sha256Concat(utf8("verify-block/filler/"), utf8(String(i))))),
      signature: SignatureHex.make("00".repeat(64))
    }))
    expectRefused(chain, nextBlock(chain, filler), "BlockTooManyTransactions", 106, null)
    const big = { ...nextBlock(chain, honestTxs()), seed: "ab".repeat(MAX_BLOCK_BYTES) }
    expectRefused(chain, big, "BlockTooLarge", 107, null)
  })

  it("wrong parent, height or view", () => {
    const chain = setup()
    const good = nextBlock(chain, honestTxs())
    expectRefused(chain, { ...good, parent: DigestHex.make(good.parent.replace(/^./, (c) => (c === "0" ? "1" : "0"))) }, "BlockWrongParent", 108, null)
    expectRefused(chain, { ...good, height: good.height + 1n }, "BlockWrongHeight", 109, null)
    expectRefused(chain, { ...good, height: good.height - 1n }, "BlockWrongHeight", 109, null)
    expectRefused(chain, { ...good, view: chain.view }, "BlockWrongView", 110, null)
    expect(verifyBlock(good, parentOf(chain), config, nodeVerifier, { view: good.view + 1n })?._tag).toBe("BlockWrongView")
  })

  it("names the first problem in check order (count before parent before signatures)", () => {
    const chain = setup()
    const bad = { ...nextBlock(chain, [{ ...honestTxs()[0]!, signature: SignatureHex.make("00".repeat(64)) }]), height: 9n }
    expect(verifyBlock(bad, parentOf(chain), config, nodeVerifier)?._tag).toBe("BlockWrongHeight")
  })

  it("skips signatures already verified, but never trusts an id with a different signature", () => {
    const chain = setup()
    const txs = honestTxs()
    const cache = new VerifiedSignatures(16)
    let calls = 0
    const counting = { name: "counting", verify: (pk: Uint8Array, m: Uint8Array, s: Uint8Array) => (calls++, nodeVerifier.verify(pk, m, s)) }
    const block = nextBlock(chain, txs)
    expect(verifyBlock(block, parentOf(chain), config, counting, { verified: cache })).toBeNull()
    expect(calls).toBe(5)
    expect(verifyBlock(block, parentOf(chain), config, counting, { verified: cache })).toBeNull()
    expect(calls).toBe(5)
    // same id (the id excludes the signature), other signature: verified again, and refused
    const swap = txs[1]!
    const resigned = { ...swap, signature: SignatureHex.make("00".repeat(64)) }
    expect(verifyBlock(nextBlock(chain, [resigned]), parentOf(chain), config, counting, { verified: cache })?._tag).toBe("BlockBadSignature")
    expect(calls).toBe(6)
  })
})

describe("the register handler is the last line against weak keys", () => {
  it("a weak-key CasinoRegister that bypassed admission and verifyBlock registers nobody", () => {
    const chain = setup()
    const weak = PublicKey.make("01" + "00".repeat(31))
    const forged: Transaction = { nonce: 0n, instruction: { _tag: "CasinoRegister", name: "forger" }, public_key: weak, signature: SignatureHex.make("01" + "00".repeat(63)) }
    const out = chain.applyBlock(nextBlock(chain, [forged])).outputs[0]
    expect(out?.status).toBe("failed")
    expect(out?.error?.tag).toBe("Unauthorized")
    expect(out?.events.map((e) => e._tag)).toEqual(["CasinoError"])
  })
})
