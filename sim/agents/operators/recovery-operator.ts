/**
 * Recovery-pool operator (simulations.md §7.4): funds the house recovery pool (FundRecoveryPool)
 * once, on `fund_day`, with an amount it decides from the chain at that moment (phase 2: the
 * auction proceeds' recovery tranche), then every day retires debt with RetireWorstVaultDebt —
 * the engine picks the vault (highest LTV at the liquidation price, then oldest accrual) — while
 * the pool holds vUSDT and some vault owes.
 */
import { house } from "../../../engine/casino/house.ts"
import type { Instruction } from "../../../engine/tx/instruction.ts"
import type { AgentView } from "../agent.ts"
import { daily, duties, type OperatorDuty } from "./operator.ts"

export interface RecoveryPlan {
  readonly fund_day: number
  /** how much vUSDT to fund, decided from the chain on fund_day */
  readonly fund_amount: (view: AgentView) => bigint
  /** retirement per RetireWorstVaultDebt, and how many a day */
  readonly retire_amount: bigint
  readonly retires_per_day: number
}

export const recoveryOperator = (plan: RecoveryPlan): OperatorDuty => {
  let retired_day = -1
  let retires = 0
  const retire: OperatorDuty = {
    next: (view): Instruction[] => {
      if (view.day < plan.fund_day) return []
      if (retired_day !== view.day) {
        retired_day = view.day
        retires = 0
      }
      const h = house.get(view.state)
      if (retires >= plan.retires_per_day || h.recovery_pool_vusdt === 0n || h.total_vusdt_debt === 0n) return []
      retires++
      return [{ _tag: "RetireWorstVaultDebt", amount: plan.retire_amount }]
    }
  }
  const fund = daily("recovery-fund", plan.fund_day, 1_000_000, (view): Instruction[] => {
    const amount = plan.fund_amount(view)
    return amount > 0n ? [{ _tag: "FundRecoveryPool", amount }] : []
  })
  return duties(fund, retire)
}
