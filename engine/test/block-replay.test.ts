/**
 * A block's transactions replayed in a later block (a hostile or confused proposer) pass block
 * verification (verifyBlock does not read committed nonces, §1.8) and are then every one skipped
 * as NonceReplay: no events, no state change, not even a nonce. Checked on a mixed block of
 * several accounts (registration, roulette start and move, a swap, a vault, savings), replayed
 * whole, reversed, and mixed with the block before it, in the next block and several blocks on.
 */
import { describe, expect, it } from "vitest"
import { Chain } from "../chain/chain.ts"
import { defaultChainConfig } from "../chain/config.ts"
import { parentOf, verifyBlock } from "../chain/verify-block.ts"
import { encodeRouletteMove } from "../games/roulette/roulette.ts"
import { GAME_TYPES } from "../tx/instruction.ts"
import { actorSigner, signTransaction } from "../tx/sign.ts"
import type { Transaction } from "../tx/transaction.ts"
import { nodeVerifier } from "../tx/verify-node.ts"
import { nextBlock } from "./helpers.ts"

const config = defaultChainConfig()
const ROULETTE = GAME_TYPES.indexOf("roulette")
const players = ["ann", "ben", "cat", "dan", "eve"].map((n) => actorSigner(`block-replay/${n}`))
const [ann, ben, cat, dan, eve] = players
if (ann === undefined || ben === undefined || cat === undefined || dan === undefined || eve === undefined) throw new Error("five players")

const registrations = (): Transaction[] => players.map((p, i) => signTransaction(p, 0n, { _tag: "CasinoRegister", name: `p${i}` }))
const mixed = (): Transaction[] => [
  signTransaction(ann, 1n, { _tag: "StartGame", game_type: ROULETTE, bet: 0n, session_id: 3n }),
  signTransaction(ben, 1n, { _tag: "Swap", amount_in: 100n, min_amount_out: 0n, is_buying_rng: false }),
  signTransaction(cat, 1n, { _tag: "CreateVault" }),
  signTransaction(dan, 1n, { _tag: "DepositSavings", amount: 50n }),
  signTransaction(eve, 1n, { _tag: "CasinoDeposit", amount: 10n })
]
const moves = (): Transaction[] => [
  signTransaction(ann, 2n, { _tag: "GameMove", session_id: 3n, payload: encodeRouletteMove({ _tag: "Batch", bets: [{ type: "RED", number: 0, amount: 10n }] }) }),
  signTransaction(cat, 2n, { _tag: "DepositCollateral", amount: 20n })
]

/** what a replay must leave untouched: every record (nonces included) and the state root */
const state = (chain: Chain) => ({ dump: chain.store.dumpJson(), root: chain.stateRoot(), nonces: players.map((p) => chain.nonceOf(p.public_key)) })

const setup = () => {
  const chain = new Chain(config)
  chain.genesis(() => {}, 0n)
  const blocks = [registrations(), mixed(), moves()]
  const results = blocks.map((txs) => chain.applyBlock(nextBlock(chain, txs)))
  // the honest blocks did execute: nothing skipped, something applied
  for (const r of results) {
    expect(r.outputs.some((o) => o.status === "skipped")).toBe(false)
    expect(r.outputs.some((o) => o.status === "applied")).toBe(true)
  }
  return { chain, blocks }
}

const expectAllReplaysSkipped = (chain: Chain, txs: ReadonlyArray<Transaction>) => {
  const block = nextBlock(chain, txs)
  expect(verifyBlock(block, parentOf(chain), config, nodeVerifier)).toBeNull()
  const before = state(chain)
  const height = chain.height
  const r = chain.applyBlock(block)
  expect(r.outputs).toHaveLength(txs.length)
  for (const o of r.outputs) {
    expect(o.status).toBe("skipped")
    expect(o.error?.tag).toBe("NonceReplay")
    expect(o.events).toEqual([])
  }
  expect(state(chain)).toEqual(before)
  // the empty-effect block itself is still a block: the chain moves on
  expect(chain.height).toBe(height + 1n)
}

describe("a block's transactions replayed in a later block", () => {
  it("replayed whole in the next block: every one NonceReplay, nothing changes", () => {
    const { chain, blocks } = setup()
    expectAllReplaysSkipped(chain, blocks[2] ?? [])
  })

  it("a mixed block replayed reversed several blocks on, and the registrations with it", () => {
    const { chain, blocks } = setup()
    expectAllReplaysSkipped(chain, [...(blocks[1] ?? [])].reverse())
    expectAllReplaysSkipped(chain, blocks[0] ?? [])
    // one account's older and newer transactions are refused by verifyBlock (one per account),
    // so each replay block takes one transaction per account from any earlier block
    expectAllReplaysSkipped(chain, [blocks[2]?.[0], blocks[1]?.[1], blocks[2]?.[1], blocks[1]?.[3], blocks[0]?.[4]].filter((t) => t !== undefined))
  })

  it("a replay mixed with honest transactions: the honest one executes, the replays are skipped and change nothing", () => {
    const { chain, blocks } = setup()
    const honest = signTransaction(eve, 2n, { _tag: "DepositSavings", amount: 5n })
    const replayed = (blocks[1] ?? []).slice(0, 4)
    const r = chain.applyBlock(nextBlock(chain, [...replayed, honest]))
    expect(r.outputs.map((o) => o.status === "skipped")).toEqual([true, true, true, true, false])
    expect(r.outputs.slice(0, 4).every((o) => o.error?.tag === "NonceReplay" && o.events.length === 0)).toBe(true)
    expect(chain.nonceOf(eve.public_key)).toBe(3n)
    expect(players.slice(0, 4).map((p) => chain.nonceOf(p.public_key))).toEqual([3n, 2n, 3n, 2n])
  })
})
