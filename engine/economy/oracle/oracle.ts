/** The admin-fed price oracle (economy.md §1.9, §3.6). */
import { Schema } from "effect"
import { U64 } from "../../schema/primitives.ts"
import { defineSingleton } from "../../state/store.ts"

export const OracleState = Schema.Struct({
  price_vusdt_numerator: U64,
  price_rng_denominator: U64,
  updated_ts: U64,
  source: Schema.Uint8ArrayFromHex
})
export type OracleState = typeof OracleState.Type

export const oracleState = defineSingleton("oracle", OracleState, () => ({
  price_vusdt_numerator: 0n,
  price_rng_denominator: 0n,
  updated_ts: 0n,
  source: new Uint8Array()
}))
