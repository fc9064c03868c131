/** Test helpers: build and apply blocks through the real engine, as any driver would. */
import { blockDigest, type Block } from "../block.ts"
import { Chain, type ApplyOptions } from "../chain/chain.ts"
import { defaultChainConfig } from "../chain/config.ts"
import { toHex, utf8 } from "../codec/bytes.ts"
import { sha256Concat } from "../crypto/sha256.ts"
import type { BlockResult, TxOutput } from "../execute/output.ts"
import { getSession, type GameSession } from "../games/session.ts"
import type { Instruction } from "../tx/instruction.ts"
import { actorSigner, signTransaction, type Signer } from "../tx/sign.ts"
import type { Transaction } from "../tx/transaction.ts"

export const actor = (name: string): Signer => actorSigner(name)

export const testSeed = (view: bigint): string => toHex(sha256Concat(utf8("nullspace/test-seed/"), utf8(view.toString())))

export const nextBlock = (chain: Chain, transactions: ReadonlyArray<Transaction>, viewStep = 1n): Block => {
  const view = chain.view + viewStep
  return { parent: chain.last_digest, view, height: chain.height + 1n, seed: testSeed(view), transactions: [...transactions] }
}

/** A tiny driver: signs with per-actor nonces and applies one transaction per block. */
export class TestDriver {
  readonly chain: Chain
  /** every transaction output so far, in order */
  readonly outputs: TxOutput[] = []
  private readonly nonces = new Map<string, bigint>()
  constructor(admins: ReadonlyArray<Signer> = [], genesisView = 0n) {
    this.chain = new Chain(defaultChainConfig(admins.map((a) => a.public_key)))
    this.chain.genesis(() => {}, genesisView)
  }
  sign(who: Signer, ix: Instruction): Transaction {
    const n = this.nonces.get(who.public_key) ?? this.chain.nonceOf(who.public_key)
    this.nonces.set(who.public_key, n + 1n)
    return signTransaction(who, n, ix)
  }
  apply(txs: ReadonlyArray<Transaction>, options: ApplyOptions & { readonly root?: "block" } = {}, viewStep = 1n): BlockResult {
    const r = this.chain.applyBlock(nextBlock(this.chain, txs, viewStep), options)
    this.outputs.push(...r.outputs)
    return r
  }
  /** session `id`: open in state, else the final record its GameCompleted carried (a settled session leaves state) */
  session(id: bigint): GameSession | undefined {
    const open = getSession(this.chain, id)
    if (open !== undefined) return open
    for (let i = this.outputs.length - 1; i >= 0; i--)
      for (const e of this.outputs[i]?.events ?? []) if (e._tag === "GameCompleted" && e.session_id === id) return e.session
    return undefined
  }
  run(who: Signer, ix: Instruction, options: ApplyOptions & { readonly root?: "block" } = {}, viewStep = 1n) {
    const r = this.apply([this.sign(who, ix)], options, viewStep)
    return r.outputs[0]!
  }
}

export { blockDigest }
