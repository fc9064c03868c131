/**
 * Development seeds: seed(view) = SHA-256("nullspace/dev-seed/" || secret || view u64 BE).
 * NOT verifiable by anyone but the holder of the secret; for the single-process dev chain,
 * simulations and tests only. Real networks take the threshold-BLS seed of each view.
 */
import { ByteWriter, toHex, utf8 } from "../codec/bytes.ts"
import { sha256Concat } from "../crypto/sha256.ts"

export const devSeed = (secret: string, view: bigint): string =>
  toHex(sha256Concat(utf8("nullspace/dev-seed/"), utf8(secret), new ByteWriter(8).u64(view).finish()))
