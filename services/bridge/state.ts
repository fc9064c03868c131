/**
 * The relayer's persisted state (restart safety): one JSON file, written atomically (temp file,
 * fsync, rename, directory fsync) after every change and before any broadcast, plus a lock file
 * so that two relayers never share it. Deposits are keyed by their lockbox id, withdrawals by
 * their casino-chain id; an item leaves the file only once the other chain shows it done (a
 * withdrawal: finalized, or refunded). A refund decision (`refund_reason`) is written before the
 * refund is submitted, so a restart carries it on and never sends that withdrawal to the lockbox.
 * Files written before refunds existed read with no refund decided and no refunds counted.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { Context, Effect, Layer, Schema } from "effect"
import { BridgeRefundReason } from "../../engine/economy/bridge/refund-reason.ts"
import { RelayerStateCorrupt, RelayerStateLocked, describeError } from "./errors.ts"

const Decimal = Schema.String.pipe(Schema.pattern(/^[0-9]{1,78}$/))
const Hex = Schema.String.pipe(Schema.pattern(/^0x(?:[0-9a-f]{2}){0,4096}$/))

export const PendingDeposit = Schema.Struct({
  /** the lockbox's deposit id */
  id: Decimal,
  /** the casino chain's BridgeDeposit source (the lockbox's depositKey, 32 bytes) */
  deposit_key: Hex,
  recipient: Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/)),
  amount_chips: Decimal,
  evm_block: Decimal,
  evm_tx: Hex,
  attempts: Schema.Number,
  /** wall-clock ms before which it is not retried (capped exponential backoff) */
  next_try_ms: Schema.Number,
  blocked: Schema.NullOr(Schema.String)
})
export type PendingDeposit = typeof PendingDeposit.Type

export const PendingWithdrawal = Schema.Struct({
  id: Decimal,
  source: Hex,
  /** the EVM recipient (checksummed), null when the destination is undeliverable */
  to: Schema.NullOr(Schema.String.pipe(Schema.pattern(/^0x[0-9a-fA-F]{40}$/))),
  amount_chips: Decimal,
  available_ts: Decimal,
  /** the signed lockbox transaction, persisted before it is broadcast */
  evm_tx_hash: Schema.NullOr(Hex),
  raw_tx: Schema.NullOr(Hex),
  attempts: Schema.Number,
  next_try_ms: Schema.Number,
  blocked: Schema.NullOr(Schema.String),
  /** decided: refund it on the casino chain (RefundBridgeWithdrawal) instead of releasing it */
  refund_reason: Schema.optionalWith(Schema.NullOr(BridgeRefundReason), { default: () => null })
})
export type PendingWithdrawal = typeof PendingWithdrawal.Type

export const RelayerState = Schema.Struct({
  version: Schema.Literal(1),
  /** the next EVM block the deposit scan reads */
  evm_next_block: Decimal,
  /** the next casino-chain withdrawal id the scan reads */
  withdraw_next_id: Decimal,
  deposits: Schema.Array(PendingDeposit),
  withdrawals: Schema.Array(PendingWithdrawal),
  credited_deposits: Schema.Number,
  finalized_withdrawals: Schema.Number,
  refunded_withdrawals: Schema.optionalWith(Schema.Number, { default: () => 0 })
})
export type RelayerState = typeof RelayerState.Type

const decodeState = Schema.decodeUnknownEither(Schema.parseJson(RelayerState))
const encodeState = Schema.encodeSync(Schema.parseJson(RelayerState, { space: 2 }))

export const initialState = (evm_start_block: bigint, withdraw_start_id: bigint): RelayerState => ({
  version: 1,
  evm_next_block: evm_start_block.toString(),
  withdraw_next_id: withdraw_start_id.toString(),
  deposits: [],
  withdrawals: [],
  credited_deposits: 0,
  finalized_withdrawals: 0,
  refunded_withdrawals: 0
})

export interface RelayerStoreShape {
  readonly get: () => RelayerState
  /** replace the state and make it durable before returning */
  readonly put: (next: RelayerState) => Effect.Effect<void, RelayerStateCorrupt>
}

export class RelayerStore extends Context.Tag("nullspace/services/bridge/RelayerStore")<RelayerStore, RelayerStoreShape>() {}

const fsyncDir = (dir: string): void => {
  const fd = fs.openSync(dir, "r")
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

export const writeStateFile = (file: string, state: RelayerState): void => {
  const tmp = `${file}.tmp`
  const fd = fs.openSync(tmp, "w", 0o600)
  try {
    fs.writeFileSync(fd, encodeState(state))
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(tmp, file)
  fsyncDir(path.dirname(file))
}

export const readStateFile = (file: string): Effect.Effect<RelayerState | null, RelayerStateCorrupt> =>
  Effect.suspend(() => {
    if (!fs.existsSync(file)) return Effect.succeed(null)
    const d = decodeState(fs.readFileSync(file, "utf8"))
    return d._tag === "Right" ? Effect.succeed(d.right) : Effect.fail(new RelayerStateCorrupt({ message: `${file}: ${d.left.message.slice(0, 500)}` }))
  })

/** a lock file naming the holder's pid; a lock left by a dead process is taken over */
const acquireLock = (file: string): Effect.Effect<string, RelayerStateLocked> =>
  Effect.suspend(() => {
    const lock = `${file}.lock`
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(lock, String(process.pid), { flag: "wx", mode: 0o600 })
        return Effect.succeed(lock)
      } catch {
        const holder = Number(fs.readFileSync(lock, "utf8").trim())
        let alive = holder === process.pid
        if (!alive && Number.isInteger(holder) && holder > 0) {
          try {
            process.kill(holder, 0)
            alive = true
          } catch {
            alive = false
          }
        }
        if (alive) return Effect.fail(new RelayerStateLocked({ message: `${file} is held by relayer process ${holder}` }))
        fs.rmSync(lock, { force: true })
      }
    }
    return Effect.fail(new RelayerStateLocked({ message: `could not lock ${file}` }))
  })

export const relayerStoreLayer = (file: string, initial: RelayerState): Layer.Layer<RelayerStore, RelayerStateCorrupt | RelayerStateLocked> =>
  Layer.scoped(
    RelayerStore,
    Effect.gen(function* () {
      fs.mkdirSync(path.dirname(file), { recursive: true })
      const lock = yield* Effect.acquireRelease(acquireLock(file), (l) => Effect.sync(() => fs.rmSync(l, { force: true })))
      void lock
      let state = (yield* readStateFile(file)) ?? initial
      yield* Effect.try({ try: () => writeStateFile(file, state), catch: (e) => new RelayerStateCorrupt({ message: describeError(e) }) })
      return {
        get: () => state,
        put: (next) =>
          Effect.try({
            try: () => {
              writeStateFile(file, next)
              state = next
            },
            catch: (e) => new RelayerStateCorrupt({ message: `writing ${file}: ${describeError(e)}` })
          })
      }
    })
  )
