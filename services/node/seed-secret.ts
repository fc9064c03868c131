/**
 * The dev chain's seed secret (review: a public default secret let a player predict and win 20 of
 * 20 straight-up roulette bets). Without an explicit secret, a data dir gets 32 random bytes in
 * `seed.secret` on first start (created exclusively, mode 0600, fsynced) and keeps them across
 * restarts; memory mode draws a fresh secret per process. The secret never leaves the process
 * (/config redacts it).
 */
import { randomBytes } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import { fsyncDir } from "./append-file.ts"

export const SEED_SECRET_FILE = "seed.secret"
const SECRET_HEX = /^[0-9a-f]{64}$/

export class SeedSecretError extends Error {
  readonly _tag = "SeedSecretError"
}

/** the data dir's secret, drawn and stored on first use; a random one per call when data_dir is null */
export const seedSecretFor = (data_dir: string | null): string => {
  if (data_dir === null) return randomBytes(32).toString("hex")
  const file = path.join(data_dir, SEED_SECRET_FILE)
  if (!fs.existsSync(file)) {
    const fd = fs.openSync(file, "wx", 0o600)
    try {
      fs.writeSync(fd, `${randomBytes(32).toString("hex")}\n`)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fsyncDir(data_dir)
  }
  const text = fs.readFileSync(file, "utf8").trim()
  if (!SECRET_HEX.test(text)) throw new SeedSecretError(`${file} does not hold a 32-byte hex secret`)
  return text
}
