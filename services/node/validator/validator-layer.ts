/**
 * A validator as Effect services: `ValidatorLive(options)` opens the data dir (replay, WAL
 * recovery), starts the transport and the driver, and closes them with the scope (the Effect-managed
 * lifetime of the loop). `ValidatorDevChainLive` gives the running validator the `DevChain` shape
 * that services/api routes read (chain, mempool, check, admit, subscribe, head, stats, halted), so
 * the API serves a validator unchanged; `produceNow` and `finalize` fail with a typed
 * FatalExecutionError (blocks come from consensus only). `ValidatorCertifiedLive` provides
 * `CertifiedChain` (the validator set, quorum, group key and execution certificates).
 * Reads never show unpersisted state: a block is executed and appended (fsync) to blocks.log in one
 * synchronous turn before any read or subscriber can run; a failed append halts the validator.
 */
import { Context, Effect, Layer, PubSub } from "effect"
import { buildBlock } from "../../../engine/chain/produce.ts"
import { FatalExecutionError } from "../../../engine/errors.ts"
import { CertifiedChain } from "../certified.ts"
import { makeSessionVerifications, SessionVerifications } from "../session-verification.ts"
import { DevChain, type DevChainShape } from "../dev-chain.ts"
import type { FinalizedBlock } from "../proposer.ts"
import { ValidatorNode, type ValidatorOptions } from "./validator.ts"

export class Validator extends Context.Tag("nullspace/services/Validator")<Validator, ValidatorNode>() {}

export const ValidatorLive = (options: ValidatorOptions) =>
  Layer.scoped(
    Validator,
    Effect.acquireRelease(
      Effect.tryPromise({
        try: async () => {
          const node = new ValidatorNode(options)
          await node.start()
          return node
        },
        catch: (e) => new FatalExecutionError({ message: `starting the validator: ${e instanceof Error ? e.message : String(e)}` })
      }),
      (node) => Effect.promise(() => node.close())
    )
  )

const BROADCAST_BUFFER = 1_024
const notOnValidator = (what: string) => new FatalExecutionError({ message: `${what} is not available on a validator: blocks come from consensus` })

export const ValidatorDevChainLive = Layer.scoped(
  DevChain,
  Effect.gen(function* () {
    const node = yield* Validator
    const pubsub = yield* Effect.acquireRelease(PubSub.sliding<FinalizedBlock>(BROADCAST_BUFFER), PubSub.shutdown)
    let blocks_produced = 0
    const unsubscribe = node.onBlock((block, result) => {
      blocks_produced++
      if (result !== null) Effect.runSync(PubSub.publish(pubsub, { block, result }))
    })
    yield* Effect.addFinalizer(() => Effect.sync(unsubscribe))
    const chain = node.chain
    const shape: DevChainShape = {
      chain,
      mempool: node.mempool,
      verified: node.verified,
      pool: null,
      propose: (view) =>
        Effect.sync(() => {
          const { seed: _seed, ...proposal } = buildBlock(chain, node.mempool, { view, seed: "" })
          return proposal
        }),
      finalize: () => Effect.fail(notOnValidator("finalize")),
      check: (txs) => node.mempool.check(txs, (pk) => chain.nonceOf(pk)),
      admit: (txs) =>
        Effect.suspend(() => {
          const r = node.admitVerified(txs)
          return r === null ? Effect.void : Effect.fail(r)
        }),
      produceNow: Effect.fail(notOnValidator("produceNow")),
      subscribe: PubSub.subscribe(pubsub),
      head: () => ({ height: chain.height, view: chain.view, last_digest: chain.last_digest, state_root: chain.stateRoot() }),
      stats: () => {
        const s = node.stats()
        return {
          blocks_produced,
          transactions_executed: s.transactions_executed,
          blocks_replayed: s.blocks_replayed,
          blocks_refused: 0,
          mempool_size: node.mempool.size,
          last_block_execute_ms: 0,
          last_block_persist_ms: 0
        }
      },
      halted: () => node.halted(),
      consensus: () => {
        const s = node.stats()
        return { view: s.view, leader: s.leader, finalized_height: s.finalized_height }
      },
      lag_blocks: () => {
        const s = node.stats()
        return Math.max(0, s.finalized_height - s.executed_height)
      }
    }
    return shape
  })
)

export const ValidatorCertifiedLive = Layer.effect(
  CertifiedChain,
  Effect.map(Validator, (node) => ({
    identity: { validators: node.keys.public_keys, quorum: node.keys.quorum, group_key: node.keys.group_key },
    executionCertificate: (height: bigint) => (height > BigInt(Number.MAX_SAFE_INTEGER) ? null : node.executionCertificate(Number(height))),
    finalizedAtView: (view: bigint) => (view > BigInt(Number.MAX_SAFE_INTEGER) ? null : node.finalizedAtView(Number(view)))
  }))
)

/**
 * session verification bundles of the sessions this validator executed (session-verification.ts),
 * from the node's own session index: blocks replayed from blocks.log at startup included
 */
export const ValidatorSessionVerificationsLive = Layer.effect(
  SessionVerifications,
  Effect.map(Validator, (node) =>
    makeSessionVerifications(
      {
        identity: { validators: node.keys.public_keys, quorum: node.keys.quorum, group_key: node.keys.group_key },
        finalizedBlock: (h) => node.finalizedBlock(h),
        executionCertificate: (h) => node.executionCertificate(h)
      },
      node.sessions
    )
  )
)
