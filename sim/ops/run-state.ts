/**
 * The chain state of a run folder (or a node data dir): the blocks of `<dir>/node` (or `<dir>`
 * itself when it holds blocks.log) replayed through the engine (twin.ts, every root checked), plus
 * the run's agents.jsonl as off-chain metadata when present. Operator tools read this.
 */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import type { Chain } from "../../engine/chain/chain.ts"
import { BLOCKS_FILE } from "../runner/block-log.ts"
import { agentsPath, nodeDir } from "../runner/run-files.ts"
import { chainFromBlockLog } from "../runner/twin.ts"
import { groundTruthSybils, parseMetadata, type MetadataRecord } from "./sybil-scan.ts"

export interface RunState {
  readonly chain: Chain
  readonly metadata: ReadonlyArray<MetadataRecord>
  /** ground truth (agents.jsonl records with a farmer), empty when the folder has none */
  readonly sybils: ReadonlySet<string>
}

export const loadRunState = (dir: string): RunState => {
  const node = existsSync(join(dir, BLOCKS_FILE)) ? dir : nodeDir(dir)
  const chain = chainFromBlockLog(node)
  const agentsFile = agentsPath(dir)
  if (!existsSync(agentsFile)) return { chain, metadata: [], sybils: new Set() }
  const text = readFileSync(agentsFile, "utf8")
  return { chain, metadata: parseMetadata(text), sybils: groundTruthSybils(text) }
}
