/** Vaults: RNG collateral against vUSDT debt (economy.md §1.6). */
import { Schema } from "effect"
import { U128, U64 } from "../../schema/primitives.ts"
import { defineTable } from "../../state/store.ts"

export const Vault = Schema.Struct({
  collateral_rng: U64,
  debt_vusdt: U64,
  last_accrual_ts: U64,
  /** interest owed but below one unit, scaled by 10,000 × 31,536,000 (B7: nothing leaks by rounding) */
  interest_remainder: U128,
  /** chain time the vault was created (ties in recovery ordering: oldest first) */
  created_ts: U64
})
export type Vault = typeof Vault.Type

/** keyed by owner public key; the table itself is the registry of every vault */
export const vaults = defineTable("vault", Vault)
