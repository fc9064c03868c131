/**
 * Durable finalized blocks ("nothing is ever lost"): `<data_dir>/blocks.log`, append-only, one
 * fsync'd record per block written before the block is published. On open the log is scanned,
 * a torn tail is truncated with a warning, and the intact records are handed to the dev chain for
 * replay through Chain.applyBlock. The data dir also pins the genesis (admin keys) in
 * `genesis.json` and holds a `LOCK` file so two processes never append to one log.
 *
 * The memory variant (data_dir = null) persists nothing: for tests and load runs that want none.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { Context, Effect, Layer, Schema } from "effect"
import type { Block } from "../../engine/block.ts"
import { GENESIS_DIGEST } from "../../engine/block.ts"
import { PublicKey, type DigestHex } from "../../engine/schema/primitives.ts"
import { ServerConfig } from "../config.ts"
import { LogSink } from "../log.ts"
import { openAppendFile, fsyncDir } from "./append-file.ts"
import { CorruptLog, decodeRecordBody, encodeRecordBody, type LoggedBlock } from "./block-record.ts"

export const GenesisFile = Schema.Struct({
  format: Schema.Literal(1),
  genesis_digest: Schema.String,
  transaction_namespace: Schema.String,
  admin_keys: Schema.Array(PublicKey)
})
export type GenesisFile = typeof GenesisFile.Type

export interface BlockLogShape {
  /** the log file, or null in memory mode */
  readonly path: string | null
  /** the admin keys this chain was created with (pinned at first start) */
  readonly admin_keys: ReadonlyArray<PublicKey>
  /** the network's transaction namespace (pinned at first start) */
  readonly transaction_namespace: string
  /** the intact records found at open, in height order (read once, for replay) */
  readonly recovered: () => Iterable<LoggedBlock>
  readonly recovered_count: number
  /** bytes of torn tail dropped at open */
  readonly truncated_bytes: number
  /** append one finalized block and fsync; throws on an I/O failure */
  readonly append: (block: Block, state_root: DigestHex) => void
}

export class BlockLog extends Context.Tag("nullspace/services/BlockLog")<BlockLog, BlockLogShape>() {}

export class DataDirError extends Schema.TaggedError<DataDirError>()("DataDirError", { message: Schema.String }) {}

/** data dirs held by this process (the LOCK file's pid cannot tell two in-process users apart) */
const openInProcess = new Set<string>()

const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return e instanceof Error && "code" in e && e.code === "EPERM"
  }
}

const acquireLock = (dir: string): void => {
  const lock = path.join(dir, "LOCK")
  if (openInProcess.has(dir)) throw new DataDirError({ message: `data dir ${dir} is already open in this process` })
  if (fs.existsSync(lock)) {
    const pid = Number.parseInt(fs.readFileSync(lock, "utf8").trim(), 10)
    if (Number.isInteger(pid) && pid !== process.pid && pidAlive(pid))
      throw new DataDirError({ message: `data dir ${dir} is in use by process ${pid} (remove ${lock} if that is wrong)` })
  }
  fs.writeFileSync(lock, `${process.pid}\n`)
  openInProcess.add(dir)
}

const releaseLock = (dir: string): void => {
  openInProcess.delete(dir)
  try {
    fs.rmSync(path.join(dir, "LOCK"), { force: true })
  } catch {
    // the lock is advisory; a leftover file with a dead pid is ignored on the next start
  }
}

const pinGenesis = (dir: string, admin_keys: ReadonlyArray<PublicKey>, transaction_namespace: string, hasBlocks: boolean): GenesisFile => {
  const file = path.join(dir, "genesis.json")
  if (fs.existsSync(file)) {
    const stored = Schema.decodeUnknownSync(GenesisFile)(JSON.parse(fs.readFileSync(file, "utf8")))
    if (stored.genesis_digest !== GENESIS_DIGEST || stored.transaction_namespace !== transaction_namespace)
      throw new DataDirError({ message: `${file} belongs to another network (genesis or namespace differ)` })
    const same = stored.admin_keys.length === admin_keys.length && stored.admin_keys.every((k, i) => admin_keys[i] === k)
    if (admin_keys.length > 0 && !same)
      throw new DataDirError({
        message: `admin keys differ from the ones this chain was created with (${file}); they are consensus-critical: use --fresh to start a new chain`
      })
    return stored
  }
  if (hasBlocks) throw new DataDirError({ message: `${dir} holds blocks.log but no genesis.json` })
  const genesis: GenesisFile = { format: 1, genesis_digest: GENESIS_DIGEST, transaction_namespace, admin_keys: [...admin_keys] }
  const tmp = `${file}.tmp`
  fs.writeFileSync(tmp, JSON.stringify(genesis, null, 2) + "\n")
  const fd = fs.openSync(tmp, "r")
  fs.fsyncSync(fd)
  fs.closeSync(fd)
  fs.renameSync(tmp, file)
  fsyncDir(dir)
  return genesis
}

const openFileLog = (
  dir: string,
  fresh: boolean,
  admin_keys: ReadonlyArray<PublicKey>,
  transaction_namespace: string,
  warn: (msg: string, fields: object) => void
) => {
  const abs = path.resolve(dir)
  fs.mkdirSync(abs, { recursive: true })
  acquireLock(abs)
  try {
    const logPath = path.join(abs, "blocks.log")
    if (fresh) {
      fs.rmSync(logPath, { force: true })
      fs.rmSync(path.join(abs, "genesis.json"), { force: true })
    }
    const hasBlocks = fs.existsSync(logPath) && fs.statSync(logPath).size > 0
    const genesis = pinGenesis(abs, admin_keys, transaction_namespace, hasBlocks)
    const file = openAppendFile(logPath)
    if (file.torn_bytes > 0)
      warn("blocks.log had a torn tail; truncated (the torn bytes are kept aside)", { path: logPath, torn_bytes: file.torn_bytes, kept_at: file.torn_path })
    let records = file.records
    const shape: BlockLogShape = {
      path: logPath,
      admin_keys: genesis.admin_keys,
      transaction_namespace: genesis.transaction_namespace,
      recovered_count: records.length,
      truncated_bytes: file.torn_bytes,
      recovered: function* () {
        let height = 0n
        for (const { offset_bytes, body } of records) {
          const rec = decodeRecordBody(body, offset_bytes)
          height += 1n
          if (rec.block.height !== height) throw new CorruptLog(offset_bytes, `record ${height} of blocks.log holds height ${rec.block.height}`)
          yield rec
        }
        records = []
      },
      append: (block, state_root) => file.append(encodeRecordBody(block, state_root))
    }
    return { shape, close: file.close, dir: abs }
  } catch (e) {
    releaseLock(abs)
    throw e
  }
}

export const BlockLogLive = Layer.scoped(
  BlockLog,
  Effect.gen(function* () {
    const config = yield* ServerConfig
    const log = yield* LogSink
    const dir = config.data_dir
    if (dir === null) {
      const shape: BlockLogShape = {
        path: null,
        admin_keys: config.admin_keys,
        transaction_namespace: config.transaction_namespace,
        recovered: () => [],
        recovered_count: 0,
        truncated_bytes: 0,
        append: () => {}
      }
      return shape
    }
    const opened = yield* Effect.acquireRelease(
      Effect.try({
        try: () => openFileLog(dir, config.fresh, config.admin_keys, config.transaction_namespace, (msg, fields) => log.write({ level: "warn", msg, ...fields })),
        catch: (e) => (e instanceof DataDirError ? e : new DataDirError({ message: e instanceof Error ? e.message : String(e) }))
      }),
      (o) =>
        Effect.sync(() => {
          o.close()
          releaseLock(o.dir)
        })
    )
    return opened.shape
  })
)
