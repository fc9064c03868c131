/**
 * A chain: the state store plus where execution stands (height, view, last block digest).
 * `applyBlock` is the one state transition every driver uses — the dev chain, validator nodes,
 * simulations, property tests and conformance vectors all call it. A block applies whole or not
 * at all (a block savepoint over the store's journal; each transaction's journal nests inside).
 */
import { Context, Effect } from "effect"
import { assert, present } from "../assert.ts"
import { GENESIS_DIGEST, blockDigestOf, type Block } from "../block.ts"
import { fromHex, toHex } from "../codec/bytes.ts"
import { casinoErrorCode, FatalExecutionError, NonceGap, NonceReplay, type InstructionError } from "../errors.ts"
import type { Event } from "../events.ts"
import type { TxContext } from "../execute/context.ts"
import { dispatch } from "../execute/dispatch.ts"
import { eventsRoot } from "../execute/events-root.ts"
import type { BlockExecution, BlockResult, TxOutput } from "../execute/output.ts"
import { OutcomeFailure, outcomesFromRandomness, type OutcomeSourcesShape } from "../games/outcomes.ts"
import { randomnessFromSeed } from "../random/randomness.ts"
import { DigestHex, type PublicKey } from "../schema/primitives.ts"
import { accounts } from "../state/account.ts"
import { StateStore } from "../state/store.ts"
import { transactionDigest, type Transaction } from "../tx/transaction.ts"
import { clockAt } from "./clock.ts"
import type { ChainConfig } from "./config.ts"
import { MAX_TRANSACTIONS_PER_BLOCK } from "./constants.ts"
import { checkTransactionInvariants } from "./invariants.ts"

export interface ApplyOptions {
  /** replaces the block's randomness for game outcomes (scripted tests and conformance vectors) */
  readonly outcomes?: OutcomeSourcesShape
  /**
   * "block" (default): compute the state root and the events root and return them with the
   * result (chain mode).
   * "skip": simulation mode — execution is identical, no events root, the state root is left for `checkpointRoot()`
   * at a height the driver chooses (it then equals the chain-mode root at that height).
   */
  readonly root?: "block" | "skip"
  /**
   * assert the supply laws after every transaction (invariants.ts): simulations and tests. A
   * function replaces the engine's checker: it is called inside each transaction (before it
   * commits) with the store and the transaction's id and index, and throws to abort the block.
   */
  readonly check_invariants?: boolean | TransactionInvariantCheck
  /**
   * chain mode only: called once the block's roots are computed and before state and header move.
   * A driver makes the block durable here (so nothing is ever readable that a crash would lose);
   * a throw aborts the block (nothing applied) and comes back as a FatalExecutionError.
   */
  readonly before_commit?: (committed: BlockCommit) => void
}

/** what is about to be committed: the block's digest and roots */
export interface BlockCommit {
  readonly height: bigint
  readonly digest: DigestHex
  readonly state_root: DigestHex
  readonly events_root: DigestHex
}

/** a driver's per-transaction check (sim/runner): throws a FatalExecutionError to abort the block */
export type TransactionInvariantCheck = (store: StateStore, tx_id: DigestHex, index: number) => void

const errorOf = (e: InstructionError | NonceGap | NonceReplay) => ({ tag: e._tag, code: e.code, message: e.message })

/** what a block did, as a FatalExecutionError (OutcomeFailure keeps its own type for scripted drivers) */
const fatal = (e: unknown): unknown =>
  e instanceof FatalExecutionError || e instanceof OutcomeFailure
    ? e
    : new FatalExecutionError({ message: `block execution failed: ${e instanceof Error ? e.message : String(e)}` })

type TxBase = Omit<TxContext, "signer" | "isAdmin" | "emit">

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
    assert(this.height === 0n, "genesis after the first block")
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

  /** the state root as of the last applied block (in simulation mode: the checkpoint root) */
  stateRoot(): DigestHex {
    return DigestHex.make(toHex(this.store.root()))
  }

  /** simulation mode: the root at the current height, equal to the chain-mode root there */
  checkpointRoot(): DigestHex {
    return this.stateRoot()
  }

  /** one transaction inside the block savepoint; throws (a fatal error) to abort the block */
  private applyTransaction(tx: Transaction, tx_id: DigestHex, index: number, base: TxBase, check_invariants: TransactionInvariantCheck | null): TxOutput {
    // outputs and contexts are built field by field (not by object spread, a measured hot spot);
    // the output's key order is the one its codec and JSON have always had
    const expected = this.nonceOf(tx.public_key)
    if (tx.nonce !== expected) {
      const e =
        tx.nonce < expected
          ? new NonceReplay({ message: `nonce ${tx.nonce} already used (next is ${expected})`, expected, got: tx.nonce })
          : new NonceGap({ message: `nonce ${tx.nonce} is ahead of the next nonce ${expected}`, expected, got: tx.nonce })
      return { tx_id, signer: tx.public_key, nonce: tx.nonce, instruction: tx.instruction._tag, status: "skipped", error: errorOf(e), events: [] }
    }
    const events: Event[] = []
    const ctx: TxContext = {
      store: base.store,
      clock: base.clock,
      randomness: base.randomness,
      outcomes: base.outcomes,
      config: base.config,
      signer: tx.public_key,
      isAdmin: this.isAdmin(tx.public_key),
      emit: (e) => events.push(e)
    }
    this.store.begin()
    let err: InstructionError | undefined
    try {
      err = dispatch(ctx, tx.instruction)
    } catch (e) {
      if (e instanceof OutcomeFailure || e instanceof FatalExecutionError) throw e
      throw new FatalExecutionError({ message: `handler for ${tx.instruction._tag} threw: ${e instanceof Error ? e.message : String(e)}` })
    }
    if (err !== undefined) {
      this.store.rollback()
      this.store.begin()
      events.length = 0
      const session_id = tx.instruction._tag === "GameMove" || tx.instruction._tag === "StartGame" ? tx.instruction.session_id : null
      events.push({ _tag: "CasinoError", player: tx.public_key, session_id, error_code: casinoErrorCode(err), error: err._tag, message: err.message })
    }
    accounts.put(this.store, tx.public_key, { nonce: expected + 1n })
    if (check_invariants !== null) check_invariants(this.store, tx_id, index)
    this.store.commit()
    return {
      tx_id,
      signer: tx.public_key,
      nonce: tx.nonce,
      instruction: tx.instruction._tag,
      status: err === undefined ? "applied" : "failed",
      error: err === undefined ? null : errorOf(err),
      events
    }
  }

  /**
   * Execute the next block, atomically: either every transaction, the root and the new header
   * (height, view, last digest), or — when anything throws part-way (a handler, an outcome
   * source, a record violating its schema, an invariant) — nothing at all, and the error is
   * rethrown (FatalExecutionError; OutcomeFailure as itself). A block that does not extend this
   * chain (wrong height, parent or view) is a FatalExecutionError too: a driver bug, never a
   * user's doing.
   */
  applyBlock(block: Block, options: ApplyOptions & { readonly root: "skip" }): BlockExecution
  applyBlock(block: Block, options?: ApplyOptions & { readonly root?: "block" }): BlockResult
  applyBlock(block: Block, options: ApplyOptions): BlockResult | BlockExecution
  applyBlock(block: Block, options: ApplyOptions = {}): BlockResult | BlockExecution {
    if (block.height !== this.height + 1n)
      throw new FatalExecutionError({ message: `block height ${block.height} does not follow ${this.height}` })
    if (block.parent !== this.last_digest) throw new FatalExecutionError({ message: `block ${block.height} does not extend the last block` })
    if (block.view < this.view) throw new FatalExecutionError({ message: `block view ${block.view} is before view ${this.view}` })
    assert(block.transactions.length <= MAX_TRANSACTIONS_PER_BLOCK, `a block holds at most ${MAX_TRANSACTIONS_PER_BLOCK} transactions`)
    const randomness = randomnessFromSeed(fromHex(block.seed))
    const base: TxBase = {
      store: this.store,
      clock: clockAt(block.view),
      randomness,
      outcomes: options.outcomes ?? outcomesFromRandomness(randomness),
      config: this.config
    }
    const check_invariants =
      options.check_invariants === true ? checkTransactionInvariants : typeof options.check_invariants === "function" ? options.check_invariants : null
    const tx_digests = block.transactions.map((tx) => transactionDigest(tx))
    const outputs: TxOutput[] = []
    let state_root: DigestHex | null = null
    let events_root: DigestHex | null = null
    let digest: DigestHex
    this.store.beginBlock()
    try {
      for (let i = 0; i < block.transactions.length; i++) {
        const tx = present(block.transactions[i], "transaction")
        // the hex of a 32-byte digest is a DigestHex by construction: skip re-validating it
        outputs.push(this.applyTransaction(tx, DigestHex.make(toHex(present(tx_digests[i], "tx digest")), true), i, base, check_invariants))
      }
      if (options.root !== "skip") {
        state_root = this.stateRoot()
        events_root = DigestHex.make(toHex(eventsRoot(outputs)))
      }
      digest = blockDigestOf(block, tx_digests)
      if (options.before_commit !== undefined) {
        assert(state_root !== null && events_root !== null, "before_commit needs chain mode (the block's roots)")
        options.before_commit({ height: block.height, digest, state_root, events_root })
      }
    } catch (e) {
      this.store.rollbackBlock()
      throw fatal(e)
    }
    // everything is computed: only now do the state and the header move
    this.store.commitBlock()
    assert(block.height === this.height + 1n && block.view >= this.view, "the header moves forward")
    this.height = block.height
    this.view = block.view
    this.last_digest = digest
    if (state_root === null || events_root === null) return { height: block.height, view: block.view, digest, outputs }
    return { height: block.height, view: block.view, digest, state_root, events_root, outputs }
  }
}

/** The chain a driver executes against, as an Effect service. */
export class ChainService extends Context.Tag("nullspace/Chain")<ChainService, Chain>() {}

/** Effect form of applyBlock for orchestration code. */
export const executeBlock = (block: Block, options: ApplyOptions & { readonly root?: "block" } = {}) =>
  Effect.flatMap(ChainService, (chain) =>
    Effect.try({
      try: () => chain.applyBlock(block, options),
      catch: (e) => (e instanceof FatalExecutionError ? e : new FatalExecutionError({ message: e instanceof Error ? e.message : String(e) }))
    })
  )
