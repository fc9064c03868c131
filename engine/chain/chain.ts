/**
 * A chain: the state store plus where execution stands (height, view, last block digest).
 * `applyBlock` is the one state transition every driver uses — the dev chain, validator nodes,
 * simulations, property tests and conformance vectors all call it.
 */
import { Context, Effect } from "effect"
import { GENESIS_DIGEST, blockDigest, type Block } from "../block.ts"
import { fromHex, toHex } from "../codec/bytes.ts"
import { FatalExecutionError, NonceGap, NonceReplay, type InstructionError } from "../errors.ts"
import type { Event } from "../events.ts"
import type { TxContext } from "../execute/context.ts"
import { dispatch } from "../execute/dispatch.ts"
import type { BlockResult, TxOutput } from "../execute/output.ts"
import { OutcomeFailure, outcomesFromRandomness, type OutcomeSourcesShape } from "../games/outcomes.ts"
import { randomnessFromSeed } from "../random/randomness.ts"
import { DigestHex, type PublicKey } from "../schema/primitives.ts"
import { accounts } from "../state/account.ts"
import { StateStore } from "../state/store.ts"
import { transactionId, type Transaction } from "../tx/transaction.ts"
import { clockAt } from "./clock.ts"
import type { ChainConfig } from "./config.ts"

export interface ApplyOptions {
  /** replaces the block's randomness for game outcomes (scripted tests and conformance vectors) */
  readonly outcomes?: OutcomeSourcesShape
}

const errorOf = (e: InstructionError | NonceGap | NonceReplay) => ({ tag: e._tag, code: e.code, message: e.message })

export class Chain {
  readonly store = new StateStore()
  height = 0n
  view = 0n
  last_digest: DigestHex = GENESIS_DIGEST
  private readonly admins: ReadonlySet<string>

  constructor(readonly config: ChainConfig) {
    this.admins = new Set(config.admin_keys)
  }

  isAdmin(key: PublicKey): boolean {
    return this.admins.has(key)
  }

  /** next nonce of a key as of the last executed block */
  nonceOf(key: PublicKey): bigint {
    return accounts.get(this.store, key)?.nonce ?? 0n
  }

  /** write genesis state (before the first block); runs as one atomic write */
  genesis(write: (store: StateStore) => void, view = 0n): void {
    if (this.height !== 0n) throw new Error("genesis after the first block")
    this.store.begin()
    try {
      write(this.store)
      this.store.commit()
    } catch (e) {
      this.store.rollback()
      throw e
    }
    this.view = view
  }

  stateRoot(): DigestHex {
    return DigestHex.make(toHex(this.store.root()))
  }

  private applyTransaction(tx: Transaction, base: Omit<TxContext, "signer" | "isAdmin" | "emit">): TxOutput {
    const tx_id = DigestHex.make(transactionId(tx))
    const head = { tx_id, signer: tx.public_key, nonce: tx.nonce, instruction: tx.instruction._tag }
    const expected = this.nonceOf(tx.public_key)
    if (tx.nonce !== expected) {
      const e =
        tx.nonce < expected
          ? new NonceReplay({ message: `nonce ${tx.nonce} already used (next is ${expected})`, expected, got: tx.nonce })
          : new NonceGap({ message: `nonce ${tx.nonce} is ahead of the next nonce ${expected}`, expected, got: tx.nonce })
      return { ...head, status: "skipped", error: errorOf(e), events: [] }
    }
    const events: Event[] = []
    const ctx: TxContext = { ...base, signer: tx.public_key, isAdmin: this.isAdmin(tx.public_key), emit: (e) => events.push(e) }
    this.store.begin()
    let err: InstructionError | undefined
    try {
      err = dispatch(ctx, tx.instruction)
    } catch (e) {
      this.store.rollback()
      if (e instanceof OutcomeFailure) throw e
      throw new FatalExecutionError({ message: `handler for ${tx.instruction._tag} threw: ${e instanceof Error ? e.message : String(e)}` })
    }
    if (err !== undefined) {
      this.store.rollback()
      this.store.begin()
      events.length = 0
      const session_id = tx.instruction._tag === "GameMove" || tx.instruction._tag === "StartGame" ? tx.instruction.session_id : null
      events.push({ _tag: "CasinoError", player: tx.public_key, session_id, error_code: err.code, error: err._tag, message: err.message })
    }
    accounts.put(this.store, tx.public_key, { nonce: expected + 1n })
    this.store.commit()
    return { ...head, status: err === undefined ? "applied" : "failed", error: err === undefined ? null : errorOf(err), events }
  }

  /**
   * Execute the next block. Throws FatalExecutionError when the block does not extend this chain
   * (wrong height, parent or view): that is a driver bug, never a user's doing.
   */
  applyBlock(block: Block, options: ApplyOptions = {}): BlockResult {
    if (block.height !== this.height + 1n)
      throw new FatalExecutionError({ message: `block height ${block.height} does not follow ${this.height}` })
    if (block.parent !== this.last_digest) throw new FatalExecutionError({ message: `block ${block.height} does not extend the last block` })
    if (block.view < this.view) throw new FatalExecutionError({ message: `block view ${block.view} is before view ${this.view}` })
    const randomness = randomnessFromSeed(fromHex(block.seed))
    const base = {
      store: this.store,
      clock: clockAt(block.view),
      randomness,
      outcomes: options.outcomes ?? outcomesFromRandomness(randomness),
      config: this.config
    }
    const outputs = block.transactions.map((tx) => this.applyTransaction(tx, base))
    const digest = blockDigest(block)
    this.height = block.height
    this.view = block.view
    this.last_digest = digest
    return { height: block.height, view: block.view, digest, state_root: this.stateRoot(), outputs }
  }
}

/** The chain a driver executes against, as an Effect service. */
export class ChainService extends Context.Tag("nullspace/Chain")<ChainService, Chain>() {}

/** Effect form of applyBlock for orchestration code. */
export const executeBlock = (block: Block, options: ApplyOptions = {}) =>
  Effect.flatMap(ChainService, (chain) =>
    Effect.try({
      try: () => chain.applyBlock(block, options),
      catch: (e) => (e instanceof FatalExecutionError ? e : new FatalExecutionError({ message: e instanceof Error ? e.message : String(e) }))
    })
  )
