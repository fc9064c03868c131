/**
 * Touching a vault: accrue its interest into the vault, the system debt and the savings pool,
 * then hand back the fresh vault. Every vault handler starts here. Writes are journaled, so a
 * later rejection in the same instruction undoes the accrual too (B1 fixed by construction).
 */
import type { TxContext } from "../../execute/context.ts"
import { house } from "../../casino/house.ts"
import { policyState } from "../policy-state.ts"
import { allocateInterest } from "../savings/distribute.ts"
import { savingsPool } from "../savings/savings.ts"
import { accrue } from "./accrue.ts"
import { vaults, type Vault } from "./vault.ts"

export const touchVault = (ctx: TxContext, owner: string, vault: Vault): Vault => {
  const { vault: fresh, interest } = accrue(vault, ctx.clock.now_s, policyState.get(ctx.store).stability_fee_apr_bps)
  vaults.put(ctx.store, owner, fresh)
  if (interest > 0n) {
    house.update(ctx.store, (h) => ({
      ...h,
      total_vusdt_debt: h.total_vusdt_debt + interest,
      stability_fees_accrued: h.stability_fees_accrued + interest
    }))
    savingsPool.update(ctx.store, (p) => allocateInterest(p, interest))
  }
  return fresh
}
