/**
 * Checkpoints of a fairness run: one small JSON file per finished (bet, chunk) in the run's
 * checkpoint folder, so an interrupted run resumes and never replays a finished chunk. A file
 * names its bet key, seed, chunk index and round count; a file that does not match the task
 * exactly (another seed or chunk size) or does not parse is ignored, and the chunk is played
 * again. Files are written to a temporary name and renamed, so a half-written file never counts.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Either, Schema } from "effect"
import { toHex, utf8 } from "../../engine/codec/bytes.ts"
import { sha256 } from "../../engine/crypto/sha256.ts"
import type { Tally } from "./monte-carlo.ts"
import type { ChunkTask } from "./worker.ts"

const Checkpoint = Schema.Struct({
  key: Schema.String,
  seed_hex: Schema.String,
  chunk: Schema.Int,
  rounds: Schema.Int,
  tally: Schema.Struct({
    rounds: Schema.Int,
    staked: Schema.BigInt,
    returned: Schema.BigInt,
    scale: Schema.Number,
    sum_s: Schema.Number,
    sum_r: Schema.Number,
    sum_ss: Schema.Number,
    sum_rr: Schema.Number,
    sum_rs: Schema.Number
  })
})
const CheckpointJson = Schema.parseJson(Checkpoint)
const decode = Schema.decodeUnknownEither(CheckpointJson)
const encode = Schema.encodeSync(CheckpointJson)

/** the file of a task: a digest of (key, seed, chunk size) and the chunk index */
export const checkpointPath = (dir: string, t: ChunkTask): string =>
  join(dir, `${toHex(sha256(utf8(`${t.key}\n${t.seed_hex}\n${t.rounds}`))).slice(0, 24)}-${t.chunk}.json`)

export const readCheckpoint = (dir: string, t: ChunkTask): Tally | undefined => {
  const path = checkpointPath(dir, t)
  if (!existsSync(path)) return undefined
  const c = decode(readFileSync(path, "utf8"))
  if (Either.isLeft(c)) return undefined
  const v = c.right
  if (v.key !== t.key || v.seed_hex !== t.seed_hex || v.chunk !== t.chunk || v.rounds !== t.rounds || v.tally.rounds !== t.rounds) return undefined
  return v.tally
}

export const writeCheckpoint = (dir: string, t: ChunkTask, tally: Tally): void => {
  const path = checkpointPath(dir, t)
  const tmp = `${path}.tmp`
  writeFileSync(tmp, encode({ key: t.key, seed_hex: t.seed_hex, chunk: t.chunk, rounds: t.rounds, tally }))
  renameSync(tmp, path)
}
