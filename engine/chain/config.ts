/**
 * Consensus-relevant configuration every node of one network shares: the admin key set and the
 * network's transaction namespace (TXNS: every transaction signature covers it, so a transaction
 * signed for one network never verifies on another). Changing either is a coordinated upgrade.
 *
 * Construction fails closed with InvalidChainConfig: a malformed admin key, an admin key that is a
 * small-order or non-canonical point (engine/tx/verify.ts: anyone could "sign" for it), a
 * duplicate, or an empty or over-long namespace.
 */
import { Either, Schema } from "effect"
import { fromHex } from "../codec/bytes.ts"
import { InvalidChainConfig } from "../errors.ts"
import { PublicKey } from "../schema/primitives.ts"
import { publicKeyProblem } from "../tx/verify.ts"
import { TRANSACTION_NAMESPACE } from "./constants.ts"

/** a namespace is signed as varint(len) || bytes; keep it short and printable */
export const TRANSACTION_NAMESPACE_BYTES_MAX = 64

export const ChainConfig = Schema.Struct({
  admin_keys: Schema.Array(PublicKey),
  transaction_namespace: Schema.String
})
export type ChainConfig = typeof ChainConfig.Type

/** the one way to build a ChainConfig: every rule above checked */
export const makeChainConfig = (input: {
  readonly admin_keys: ReadonlyArray<string>
  readonly transaction_namespace: string
}): Either.Either<ChainConfig, InvalidChainConfig> => {
  const ns = input.transaction_namespace
  if (ns.length === 0 || ns.length > TRANSACTION_NAMESPACE_BYTES_MAX || !/^[\x21-\x7e]+$/.test(ns))
    return Either.left(
      new InvalidChainConfig({ message: `transaction namespace ${JSON.stringify(ns)} must be 1..${TRANSACTION_NAMESPACE_BYTES_MAX} printable ASCII bytes` })
    )
  const keys: PublicKey[] = []
  const seen = new Set<string>()
  for (const raw of input.admin_keys) {
    if (!Schema.is(PublicKey)(raw)) return Either.left(new InvalidChainConfig({ message: `admin key ${JSON.stringify(raw)} is not 64 lowercase hex digits` }))
    const problem = publicKeyProblem(fromHex(raw))
    if (problem !== null)
      return Either.left(new InvalidChainConfig({ message: `admin key ${raw} is refused: ${problem.replace("_", "-")} point (no signature under it is valid)` }))
    if (seen.has(raw)) return Either.left(new InvalidChainConfig({ message: `admin key ${raw} is listed twice` }))
    seen.add(raw)
    keys.push(PublicKey.make(raw))
  }
  return Either.right({ admin_keys: keys, transaction_namespace: ns })
}

/** the dev network's config (throws InvalidChainConfig on a refused admin key) */
export const defaultChainConfig = (admin_keys: ReadonlyArray<PublicKey> = [], transaction_namespace = TRANSACTION_NAMESPACE): ChainConfig =>
  Either.getOrThrowWith(makeChainConfig({ admin_keys, transaction_namespace }), (e) => e)

/**
 * Parse an admin list given as hex keys (optionally 0x-prefixed, any case) separated by commas or
 * whitespace. A malformed or weak entry fails the whole list: throws InvalidChainConfig (fails
 * closed; nothing is silently dropped).
 */
export const parseAdminKeys = (text: string): PublicKey[] => {
  const entries = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => s.toLowerCase().replace(/^0x/, ""))
  const config = Either.getOrThrowWith(makeChainConfig({ admin_keys: entries, transaction_namespace: TRANSACTION_NAMESPACE }), (e) => e)
  return [...config.admin_keys]
}
