/** Vaults: RNG collateral against vUSDT debt (economy.md §1.6). */
import { Schema } from "effect"
import { U64 } from "../../schema/primitives.ts"
import { defineTable } from "../../state/store.ts"

export const Vault = Schema.Struct({
  collateral_rng: U64,
  debt_vusdt: U64,
  last_accrual_ts: U64,
  /** chain time the vault was created (ties in recovery ordering: oldest first) */
  created_ts: U64
})
export type Vault = typeof Vault.Type

/** keyed by owner public key; the table itself is the registry of every vault */
export const vaults = defineTable("vault", Vault)
