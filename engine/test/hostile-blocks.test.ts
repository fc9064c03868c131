/**
 * Property: random economy blocks (swaps, vault and savings operations, faucet claims, roulette
 * starts, one transaction per account) are accepted by verifyBlock and execute with the
 * conservation invariants checked after every transaction; the same block made hostile — one
 * signature forged, one transaction duplicated, one account's two transactions reordered, or
 * padded over the count limit — is refused by verifyBlock on both verifiers with the code and
 * index of the first problem, and a driver that refuses it changes nothing (state, height, root).
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Block } from "../block.ts"
import { Chain } from "../chain/chain.ts"
import { defaultChainConfig } from "../chain/config.ts"
import { MAX_TRANSACTIONS_PER_BLOCK } from "../chain/constants.ts"
import { parentOf, verifyBlock } from "../chain/verify-block.ts"
import { SignatureHex } from "../schema/primitives.ts"
import { GAME_TYPES, type Instruction } from "../tx/instruction.ts"
import { actorSigner, signTransaction } from "../tx/sign.ts"
import type { Transaction } from "../tx/transaction.ts"
import { nobleVerifier } from "../tx/verify.ts"
import { nodeVerifier } from "../tx/verify-node.ts"
import { nextBlock } from "./helpers.ts"

const config = defaultChainConfig()
const ACCOUNTS = 12
const players = Array.from({ length: ACCOUNTS }, (_, i) => actorSigner(`hostile-blocks/${i}`))
const ROULETTE = GAME_TYPES.indexOf("roulette")

/** an economy instruction for account `who` (valid or not: a failed instruction is still a block's content) */
const instructionArb = (who: number): fc.Arbitrary<Instruction> =>
  fc.oneof(
    fc.record({ amount_in: fc.bigInt(1n, 500n), is_buying_rng: fc.boolean() }).map(({ amount_in, is_buying_rng }): Instruction => ({ _tag: "Swap", amount_in, min_amount_out: 0n, is_buying_rng })),
    fc.constant<Instruction>({ _tag: "CreateVault" }),
    fc.bigInt(1n, 200n).map((amount): Instruction => ({ _tag: "DepositCollateral", amount })),
    fc.bigInt(1n, 200n).map((amount): Instruction => ({ _tag: "DepositSavings", amount })),
    fc.bigInt(1n, 1_000n).map((amount): Instruction => ({ _tag: "CasinoDeposit", amount })),
    fc.nat(1_000).map((k): Instruction => ({ _tag: "StartGame", game_type: ROULETTE, bet: 0n, session_id: BigInt(who * 10_000 + k + 1) }))
  )

/** a block plan: distinct accounts, each with an instruction */
const planArb = fc
  .uniqueArray(fc.nat(ACCOUNTS - 1), { minLength: 2, maxLength: ACCOUNTS })
  .chain((accounts) => fc.tuple(fc.constant(accounts), fc.tuple(...accounts.map((a) => instructionArb(a)))))

type Hostility =
  | { readonly kind: "forged"; readonly at: number; readonly byte: number }
  | { readonly kind: "duplicated"; readonly from: number; readonly at: number }
  | { readonly kind: "reordered"; readonly at: number }
  | { readonly kind: "over-limit" }

const hostilityArb: fc.Arbitrary<Hostility> = fc.oneof(
  fc.record({ kind: fc.constant("forged" as const), at: fc.nat(), byte: fc.nat(63) }),
  fc.record({ kind: fc.constant("duplicated" as const), from: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constant("reordered" as const), at: fc.nat() }),
  fc.constant({ kind: "over-limit" as const })
)

const flipByte = (sig: string, byte: number): SignatureHex => {
  const hex = sig.slice(byte * 2, byte * 2 + 2)
  const flipped = (parseInt(hex, 16) ^ 0x01).toString(16).padStart(2, "0")
  return SignatureHex.make(sig.slice(0, byte * 2) + flipped + sig.slice(byte * 2 + 2))
}

/** registrations of fresh keys, enough to push any plan over the count limit (signed once) */
const FILLER = Array.from({ length: MAX_TRANSACTIONS_PER_BLOCK + 1 }, (_, i) =>
  signTransaction(actorSigner(`hostile-blocks/filler/${i}`), 0n, { _tag: "CasinoRegister", name: "f" })
)

/** the hostile block and the error verifyBlock must answer: [tag, code, index] */
const makeHostile = (chain: Chain, txs: Transaction[], h: Hostility): { block: Block; tag: string; code: number; index: number | null } => {
  switch (h.kind) {
    case "forged": {
      const at = h.at % txs.length
      const bad = txs.map((t, i) => (i === at ? { ...t, signature: flipByte(t.signature, h.byte) } : t))
      return { block: nextBlock(chain, bad), tag: "BlockBadSignature", code: 115, index: at }
    }
    case "duplicated": {
      const from = h.from % txs.length
      const at = from + 1 + (h.at % (txs.length - from))
      const copy = txs[from]
      if (copy === undefined) throw new Error("unreachable")
      return { block: nextBlock(chain, [...txs.slice(0, at), copy, ...txs.slice(at)]), tag: "BlockDuplicateTransaction", code: 111, index: at }
    }
    case "reordered": {
      // the account's next transaction placed before its current one
      const at = h.at % txs.length
      const t = txs[at]
      if (t === undefined) throw new Error("unreachable")
      const player = players.find((p) => p.public_key === t.public_key)
      if (player === undefined) throw new Error("unreachable")
      const later = signTransaction(player, t.nonce + 1n, { _tag: "DepositSavings", amount: 1n })
      return { block: nextBlock(chain, [...txs.slice(0, at), later, ...txs.slice(at)]), tag: "BlockNonceOrder", code: 112, index: at + 1 }
    }
    case "over-limit":
      return { block: nextBlock(chain, [...txs, ...FILLER.slice(0, MAX_TRANSACTIONS_PER_BLOCK + 1 - txs.length)]), tag: "BlockTooManyTransactions", code: 106, index: null }
  }
}

describe("hostile economy blocks", () => {
  it("honest blocks verify and conserve; each hostile variant is refused with its code and index and changes nothing", () => {
    const chain = new Chain(config)
    chain.genesis(() => {}, 0n)
    chain.applyBlock(nextBlock(chain, players.map((p, i) => signTransaction(p, 0n, { _tag: "CasinoRegister", name: `h${i}` }))))
    const seen = new Set<string>()
    let applied = 0
    fc.assert(
      fc.property(planArb, hostilityArb, ([accounts, instructions], h) => {
        const txs = accounts.map((a, i) => {
          const p = players[a]
          const ix = instructions[i]
          if (p === undefined || ix === undefined) throw new Error("unreachable")
          return signTransaction(p, chain.nonceOf(p.public_key), ix)
        })
        const hostile = makeHostile(chain, txs, h)
        const snapshot = { dump: chain.store.dumpJson(), height: chain.height, root: chain.stateRoot() }
        for (const verifier of [nodeVerifier, nobleVerifier]) {
          const e = verifyBlock(hostile.block, parentOf(chain), config, verifier)
          expect([e?._tag, e?.code, e?.index], h.kind).toEqual([hostile.tag, hostile.code, hostile.index])
        }
        // a driver refuses the block: nothing of it is executed
        expect({ dump: chain.store.dumpJson(), height: chain.height, root: chain.stateRoot() }).toEqual(snapshot)
        seen.add(h.kind)
        // the honest block verifies and executes with the invariants checked after every transaction
        const honest = nextBlock(chain, txs)
        expect(verifyBlock(honest, parentOf(chain), config, nodeVerifier)).toBeNull()
        const r = chain.applyBlock(honest, { check_invariants: true })
        expect(r.outputs.some((o) => o.status === "skipped")).toBe(false)
        applied += r.outputs.filter((o) => o.status === "applied").length
      }),
      { numRuns: 40 }
    )
    // coverage: every hostile shape was tried and honest transactions did apply
    expect([...seen].sort()).toEqual(["duplicated", "forged", "over-limit", "reordered"])
    expect(applied).toBeGreaterThan(20)
  })
})
