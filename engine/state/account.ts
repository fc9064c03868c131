/** Per-key transaction account (chain-and-services.md §2.3): the next nonce this key may use. */
import { Schema } from "effect"
import { U64 } from "../schema/primitives.ts"
import { defineTable } from "./store.ts"

export const Account = Schema.Struct({ nonce: U64 })
export type Account = typeof Account.Type

export const accounts = defineTable("account", Account)
