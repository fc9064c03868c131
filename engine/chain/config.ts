/**
 * Consensus-relevant configuration every node of one network shares: the admin key set and the
 * network's transaction namespace. Changing either is a coordinated upgrade.
 */
import { Schema } from "effect"
import { PublicKey } from "../schema/primitives.ts"
import { TRANSACTION_NAMESPACE } from "./constants.ts"

export const ChainConfig = Schema.Struct({
  admin_keys: Schema.Array(PublicKey),
  transaction_namespace: Schema.String
})
export type ChainConfig = typeof ChainConfig.Type

export const defaultChainConfig = (admin_keys: ReadonlyArray<PublicKey> = []): ChainConfig => ({
  admin_keys: [...admin_keys],
  transaction_namespace: TRANSACTION_NAMESPACE
})

/** Parse an admin list given as hex keys separated by commas or whitespace; bad entries are ignored. */
export const parseAdminKeys = (text: string): PublicKey[] =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase().replace(/^0x/, ""))
    .filter((s) => Schema.is(PublicKey)(s))
    .map((s) => PublicKey.make(s))
