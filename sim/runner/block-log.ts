/**
 * A run's blocks in the node's own data-dir format (services/node/block-log.ts): `genesis.json`
 * (format 1: genesis digest, transaction namespace, admin keys) and `blocks.log` (one record per
 * block: length, state root, encoded block, check; services/node/block-record.ts). A simulated
 * run written this way can be opened by `npm run serve -- --data-dir <run>/node` and a node's
 * data dir can start a digital twin (twin.ts): one format, one codec.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Schema } from "effect"
import { GENESIS_DIGEST } from "../../engine/block.ts"
import type { PublicKey } from "../../engine/schema/primitives.ts"
import { GenesisFile } from "../../services/node/block-log.ts"
import { decodeRecord, encodeRecord, scanRecords, type LoggedBlock } from "../../services/node/block-record.ts"
import type { SimulatedBlock } from "./simulate.ts"

export const BLOCKS_FILE = "blocks.log"
export const GENESIS_FILE = "genesis.json"

export interface BlockLogContents {
  readonly admin_keys: ReadonlyArray<PublicKey>
  readonly transaction_namespace: string
  readonly blocks: ReadonlyArray<LoggedBlock>
  /** bytes of a torn tail left out (a node that crashed mid-append) */
  readonly torn_bytes: number
}

export class BlockLogUnreadable extends Schema.TaggedError<BlockLogUnreadable>()("BlockLogUnreadable", { path: Schema.String, detail: Schema.String }) {
  override get message(): string {
    return `cannot read the block log at ${this.path}: ${this.detail}`
  }
}

const writeAtomically = (path: string, data: string | Uint8Array): void => {
  const tmp = `${path}.tmp-${process.pid}`
  writeFileSync(tmp, data)
  renameSync(tmp, path)
}

/** write `dir/genesis.json` and `dir/blocks.log` for these blocks (replacing any there) */
export const writeBlockLog = (
  dir: string,
  config: { readonly admin_keys: ReadonlyArray<PublicKey>; readonly transaction_namespace: string },
  blocks: ReadonlyArray<SimulatedBlock>
): void => {
  mkdirSync(dir, { recursive: true })
  const genesis: GenesisFile = { format: 1, genesis_digest: GENESIS_DIGEST, transaction_namespace: config.transaction_namespace, admin_keys: [...config.admin_keys] }
  writeAtomically(join(dir, GENESIS_FILE), JSON.stringify(genesis, null, 2) + "\n")
  const records = blocks.map(({ block, result }) => encodeRecord(block, result.state_root))
  writeAtomically(join(dir, BLOCKS_FILE), Buffer.concat(records))
}

/** read a node data dir (or a run's node/ folder): genesis pins the network, blocks in height order */
export const readBlockLog = (dir: string): BlockLogContents => {
  const genesisPath = join(dir, GENESIS_FILE)
  const logPath = join(dir, BLOCKS_FILE)
  if (!existsSync(genesisPath)) throw new BlockLogUnreadable({ path: dir, detail: `no ${GENESIS_FILE}` })
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(genesisPath, "utf8"))
  } catch (e) {
    throw new BlockLogUnreadable({ path: genesisPath, detail: e instanceof Error ? e.message : String(e) })
  }
  const decoded = Schema.decodeUnknownEither(GenesisFile)(raw)
  if (decoded._tag === "Left") throw new BlockLogUnreadable({ path: genesisPath, detail: "not a format-1 genesis file" })
  const genesis = decoded.right
  if (genesis.genesis_digest !== GENESIS_DIGEST) throw new BlockLogUnreadable({ path: genesisPath, detail: "another network's genesis" })
  const image = existsSync(logPath) ? new Uint8Array(readFileSync(logPath)) : new Uint8Array(0)
  let scan
  try {
    scan = scanRecords(image)
  } catch (e) {
    throw new BlockLogUnreadable({ path: logPath, detail: e instanceof Error ? e.message : String(e) })
  }
  const blocks = scan.records.map((r) => decodeRecord(image, r))
  return { admin_keys: genesis.admin_keys, transaction_namespace: genesis.transaction_namespace, blocks, torn_bytes: scan.torn_bytes }
}
