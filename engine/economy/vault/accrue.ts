/**
 * Stability-fee accrual (economy.md §3.7): simple interest since the last accrual at the policy
 * APR, in chain seconds. The sub-unit remainder is carried per vault (B7: frequent touches no
 * longer avoid interest). Pure: returns the new vault and the interest, writes nothing.
 */
import { BPS } from "../../math.ts"
import type { Vault } from "./vault.ts"

export const SECONDS_PER_YEAR = 31_536_000n
const DENOMINATOR = BPS * SECONDS_PER_YEAR

export interface Accrual {
  readonly vault: Vault
  readonly interest: bigint
}

export const accrue = (vault: Vault, now_s: bigint, apr_bps: number): Accrual => {
  if (vault.debt_vusdt === 0n) return { vault: { ...vault, last_accrual_ts: now_s, interest_remainder: 0n }, interest: 0n }
  const last = vault.last_accrual_ts === 0n ? now_s : vault.last_accrual_ts
  const elapsed = now_s > last ? now_s - last : 0n
  if (elapsed === 0n) return { vault: { ...vault, last_accrual_ts: last }, interest: 0n }
  const owed = vault.debt_vusdt * BigInt(apr_bps) * elapsed + vault.interest_remainder
  const interest = owed / DENOMINATOR
  return {
    vault: { ...vault, debt_vusdt: vault.debt_vusdt + interest, last_accrual_ts: now_s, interest_remainder: owed - interest * DENOMINATOR },
    interest
  }
}
