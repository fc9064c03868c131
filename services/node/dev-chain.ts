/**
 * The single-process development chain: an engine Chain plus its Mempool, driven through the
 * BlockProposer seam (node/proposer.ts) by a timer instead of consensus. Every
 * `block_interval_ms`, when the mempool holds a transaction the next block can include, it
 * proposes a block for view = previous view + 1, attaches the dev seed
 * (SHA-256(secret, view): NOT verifiable, development only) and finalizes it: execute through
 * Chain.applyBlock with blocks.log appended (fsync) in its before_commit (durable before the state moves), prune the mempool, publish.
 *
 * Subscribers read finalized blocks from a bounded sliding PubSub: a subscriber that falls more
 * than `updates_broadcast_buffer` blocks behind skips the oldest (it can tell by the height gap);
 * production never waits for anyone.
 */
import * as path from "node:path"
import { Context, Effect, Layer, Option, PubSub, Schedule, type Queue, type Scope } from "effect"
import type { Block } from "../../engine/block.ts"
import { Chain } from "../../engine/chain/chain.ts"
import { defaultChainConfig } from "../../engine/chain/config.ts"
import { devSeed } from "../../engine/chain/dev-seed.ts"
import { Mempool, type AdmissionRejected } from "../../engine/chain/mempool.ts"
import { buildBlock } from "../../engine/chain/produce.ts"
import { parentOf, verifyBlock } from "../../engine/chain/verify-block.ts"
import { FatalExecutionError, InvalidChainConfig, type BlockError } from "../../engine/errors.ts"
import type { BlockResult } from "../../engine/execute/output.ts"
import type { DigestHex } from "../../engine/schema/primitives.ts"
import type { Transaction } from "../../engine/tx/transaction.ts"
import { VerifiedSignatures } from "../../engine/tx/verified-cache.ts"
import { SignatureVerifier } from "../../engine/tx/verify.ts"
import { ServerConfig } from "../config.ts"
import { LogSink } from "../log.ts"
import { BlockLog, DataDirError } from "./block-log.ts"
import { seedSecretFor } from "./seed-secret.ts"
import type { VerifyPool } from "./verify-pool.ts"
import { NodeVerifyPool, preverifyEffect } from "./pool-verify.ts"
import type { BlockProposer, FinalizedBlock, Proposal } from "./proposer.ts"

export interface ChainHead {
  readonly height: bigint
  readonly view: bigint
  readonly last_digest: DigestHex
  readonly state_root: DigestHex
}

export interface DevChainStats {
  readonly blocks_produced: number
  readonly transactions_executed: number
  readonly blocks_replayed: number
  readonly blocks_refused: number
  readonly mempool_size: number
  readonly last_block_execute_ms: number
  readonly last_block_persist_ms: number
}

export interface ConsensusPosition {
  readonly view: number
  /** the validator index leading `view` (-1 before its seed is known) */
  readonly leader: number
  readonly finalized_height: number
}

export interface DevChainShape extends BlockProposer {
  /** the engine chain; read it (queries), never write it: only finalize does */
  readonly chain: Chain
  readonly mempool: Mempool
  /** signatures verified at admission (bounded LRU), reused when their block is verified */
  readonly verified: VerifiedSignatures
  /** the signature worker pool (services/node/pool-verify.ts), or null: everything on this thread */
  readonly pool: VerifyPool | null
  /** judge a submission (keys, nonces, duplicates, room) without changing anything: run BEFORE signature work */
  readonly check: (txs: ReadonlyArray<Transaction>) => AdmissionRejected | null
  /** admit a signature-verified submission to the mempool, all or nothing */
  readonly admit: (txs: ReadonlyArray<Transaction>) => Effect.Effect<void, AdmissionRejected>
  /** propose and finalize the next block now, even if it is empty (manual mode, tests) */
  readonly produceNow: Effect.Effect<FinalizedBlock, FatalExecutionError>
  /** finalized blocks from now on; the subscription ends with the scope */
  readonly subscribe: Effect.Effect<Queue.Dequeue<FinalizedBlock>, never, Scope.Scope>
  readonly head: () => ChainHead
  readonly stats: () => DevChainStats
  /** why production stopped (a fatal execution or persistence failure), or null */
  readonly halted: () => string | null
  /** finalized blocks not executed here yet (a validator catching up; 0 on the dev chain) */
  readonly lag_blocks: () => number
  /** where consensus stands on a validator (its view, that view's leader, the finalized height); null on the dev chain */
  readonly consensus: () => ConsensusPosition | null
}

export class DevChain extends Context.Tag("nullspace/services/DevChain")<DevChain, DevChainShape>() {}

const now_ms = (): number => performance.now()

export const DevChainLive = Layer.scoped(
  DevChain,
  Effect.gen(function* () {
    const config = yield* ServerConfig
    const blockLog = yield* BlockLog
    const log = yield* LogSink
    const verifier = yield* SignatureVerifier

    const chainConfig = yield* Effect.try({
      try: () => defaultChainConfig(blockLog.admin_keys, blockLog.transaction_namespace),
      catch: (e) => new DataDirError({ message: `chain config: ${e instanceof InvalidChainConfig ? e.message : String(e)}` })
    })
    const seed_secret =
      config.seed_secret ??
      (yield* Effect.try({
        try: () => seedSecretFor(blockLog.path === null ? null : path.dirname(blockLog.path)),
        catch: (e) => new DataDirError({ message: `seed secret: ${e instanceof Error ? e.message : String(e)}` })
      }))
    const chain = new Chain(chainConfig)
    chain.genesis(() => {}, 0n)
    // the signature pool when the node has one: it only pre-fills `verified`; verifyBlock judges
    const pool = Option.match(yield* Effect.serviceOption(NodeVerifyPool), { onNone: () => null, onSome: (p) => p.pool })
    const verified = new VerifiedSignatures()
    const namespace = chainConfig.transaction_namespace
    let blocks_replayed = 0
    for (const rec of blockLog.recovered()) {
      yield* preverifyEffect(pool, rec.block.transactions, namespace, verified)
      yield* Effect.try({
        try: () => {
          const refused = verifyBlock(rec.block, parentOf(chain), chain.config, verifier, { verified })
          if (refused !== null)
            throw new DataDirError({
              message: `replaying blocks.log: the record at height ${rec.block.height} fails block verification: ${refused._tag} (${refused.code}): ${refused.message}`
            })
          const result = chain.applyBlock(rec.block)
          if (result.state_root !== rec.state_root)
            throw new DataDirError({
              message: `replaying blocks.log: height ${rec.block.height} gives state root ${result.state_root}, the log recorded ${rec.state_root} (engine changed or log corrupt)`
            })
          blocks_replayed++
        },
        catch: (e) => (e instanceof DataDirError ? e : new DataDirError({ message: `replaying blocks.log: ${e instanceof Error ? e.message : String(e)}` }))
      })
    }
    if (blocks_replayed > 0 || blockLog.truncated_bytes > 0)
      log.write({ level: "info", msg: "devchain.recovered", blocks: blocks_replayed, height: chain.height, truncated_bytes: blockLog.truncated_bytes })

    const mempool = new Mempool(config.mempool)
    const pubsub = yield* Effect.acquireRelease(PubSub.sliding<FinalizedBlock>(config.updates_broadcast_buffer), PubSub.shutdown)
    const lock = yield* Effect.makeSemaphore(1)

    let state_root: DigestHex = chain.stateRoot()
    let halt: string | null = null
    let blocks_produced = 0
    let blocks_refused = 0
    let transactions_executed = 0
    let last_block_execute_ms = 0
    let last_block_persist_ms = 0

    const fatal = (message: string) => {
      halt = message
      log.write({ level: "error", msg: "devchain.halted", reason: message })
      return new FatalExecutionError({ message })
    }

    const propose = (view: bigint): Effect.Effect<Proposal> =>
      Effect.sync(() => {
        const { seed: _seed, ...proposal } = buildBlock(chain, mempool, { view, seed: "" })
        return proposal
      })

    /** verify, execute, persist, prune; the caller publishes (callers hold the lock) */
    const finalizeUnlocked = (block: Block): Effect.Effect<FinalizedBlock | null, FatalExecutionError | BlockError> =>
      Effect.suspend((): Effect.Effect<FinalizedBlock | null, FatalExecutionError | BlockError> => {
        if (halt !== null) return Effect.fail(new FatalExecutionError({ message: `the chain is halted: ${halt}` }))
        if (block.height <= chain.height) return Effect.succeed(null)
        const t0 = now_ms()
        const refused = verifyBlock(block, parentOf(chain), chain.config, verifier, { verified })
        if (refused !== null) {
          blocks_refused++
          log.write({ level: "warn", msg: "devchain.block_refused", height: block.height, error: refused._tag, code: refused.code, reason: refused.message })
          return Effect.fail(refused)
        }
        let result: BlockResult
        let t1 = t0
        let t2 = t0
        try {
          // durable before it is applied: a failed append leaves nothing readable (and nothing applied)
          result = chain.applyBlock(block, {
            before_commit: (c) => {
              t1 = now_ms()
              blockLog.append(block, c.state_root)
              t2 = now_ms()
            }
          })
        } catch (e) {
          return Effect.fail(fatal(`executing or persisting block ${block.height}: ${e instanceof Error ? e.message : String(e)}`))
        }
        last_block_execute_ms = t1 - t0
        last_block_persist_ms = t2 - t1
        mempool.prune((pk) => chain.nonceOf(pk))
        mempool.expire(chain.height)
        state_root = result.state_root
        blocks_produced++
        for (const o of result.outputs) if (o.status !== "skipped") transactions_executed++
        return Effect.succeed({ block, result })
      })

    const publish = (fb: FinalizedBlock | null) => (fb === null ? Effect.succeed(fb) : Effect.as(PubSub.publish(pubsub, fb), fb))

    /** a block from outside (consensus): its signatures go to the pool first, then the lock */
    const finalize = (block: Block): Effect.Effect<BlockResult | null, FatalExecutionError | BlockError> =>
      Effect.zipRight(
        preverifyEffect(pool, block.transactions, namespace, verified),
        lock.withPermits(1)(
          Effect.uninterruptible(
            finalizeUnlocked(block).pipe(
              Effect.flatMap(publish),
              Effect.map((fb) => (fb === null ? null : fb.result))
            )
          )
        )
      )

    /**
     * one dev block: propose for the next view, attach the dev seed, finalize, publish. Should our
     * own proposal fail verification (an admission bug), the offending transaction and the
     * account's later ones leave the mempool and no block is made this time.
     */
    const step = (force: boolean): Effect.Effect<FinalizedBlock | null, FatalExecutionError> =>
      lock.withPermits(1)(
        Effect.uninterruptible(
          Effect.gen(function* () {
            const view = chain.view + 1n
            const proposal = yield* propose(view)
            if (!force && proposal.transactions.length === 0) return null
            const fb = yield* finalizeUnlocked({ ...proposal, seed: devSeed(seed_secret, view) }).pipe(
              Effect.catchIf(
                (e): e is BlockError => !(e instanceof FatalExecutionError),
                (refused) =>
                  Effect.sync(() => {
                    const tx = refused.index === null ? undefined : proposal.transactions[refused.index]
                    if (tx !== undefined) mempool.evict(tx.public_key, tx.nonce)
                    log.write({ level: "error", msg: "devchain.own_proposal_refused", error: refused._tag, reason: refused.message })
                    return null
                  })
              )
            )
            return yield* publish(fb)
          })
        )
      )

    if (config.block_interval_ms > 0) {
      yield* step(false).pipe(
        Effect.repeat(Schedule.fixed(`${config.block_interval_ms} millis`)),
        Effect.catchAll(() => Effect.void),
        Effect.forkScoped
      )
    }

    const shape: DevChainShape = {
      chain,
      mempool,
      verified,
      pool,
      propose,
      finalize,
      check: (txs) => mempool.check(txs, (pk) => chain.nonceOf(pk)),
      admit: (txs) =>
        Effect.suspend(() => {
          const rejection = mempool.admitAll(txs, (pk) => chain.nonceOf(pk), chain.height)
          return rejection === null ? Effect.void : Effect.fail(rejection)
        }),
      produceNow: step(true).pipe(
        Effect.flatMap((fb) => (fb === null ? Effect.fail(new FatalExecutionError({ message: "no block was produced" })) : Effect.succeed(fb)))
      ),
      subscribe: PubSub.subscribe(pubsub),
      head: () => ({ height: chain.height, view: chain.view, last_digest: chain.last_digest, state_root }),
      stats: () => ({
        blocks_produced,
        transactions_executed,
        blocks_replayed,
        blocks_refused,
        mempool_size: mempool.size,
        last_block_execute_ms,
        last_block_persist_ms
      }),
      halted: () => halt,
      lag_blocks: () => 0,
      consensus: () => null
    }
    return shape
  })
)
