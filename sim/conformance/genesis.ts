/** The vector clock and seeds (VOCABULARY.md §3.1): genesis now = 86,400,000 s = view 28,800,000. */
import { toHex, utf8 } from "../../engine/codec/bytes.ts"
import { sha256Concat } from "../../engine/crypto/sha256.ts"

export const GENESIS_VIEW = 28_800_000n

export const vectorSeed = (view: bigint): string => toHex(sha256Concat(utf8("nullspace/conformance-seed/"), utf8(view.toString())))
