/**
 * vUSDT debt and vault health at day end, and the day's borrowing and liquidations. Health reads
 * every vault row and prices collateral with the engine's liquidation price (AMM spot bounded by
 * the oracle, engine/economy/oracle/price.ts); LTV and eligibility are the engine's ltvBps and
 * isLiquidatable. The debt-weighted LTV is Σ debt / Σ collateral value.
 */
import { policyState } from "../../engine/economy/policy-state.ts"
import { ammPool } from "../../engine/economy/amm/pool.ts"
import { oracleState } from "../../engine/economy/oracle/oracle.ts"
import { collateralValue, liquidationPrice } from "../../engine/economy/oracle/price.ts"
import { isLiquidatable, ltvBps } from "../../engine/economy/vault/liquidation.ts"
import { vaults } from "../../engine/economy/vault/vault.ts"
import type { BlockExecution } from "../../engine/execute/output.ts"
import { ratio, type MetricsCollector } from "./collector.ts"

export const vaultCollector = (): MetricsCollector => {
  let borrowed = 0n
  let repaid = 0n
  let liquidations = 0n
  let liquidated_debt = 0n
  let seized = 0n
  return {
    family: "vaults",
    daily_columns: [
      ["vaults", "BIGINT"],
      ["vaults_in_debt", "BIGINT"],
      ["debt_vusdt", "BIGINT"],
      ["collateral_rng_chips", "BIGINT"],
      ["ltv_debt_weighted_bps", "DOUBLE"],
      ["ltv_bps_max", "BIGINT"],
      ["vaults_liquidatable", "BIGINT"],
      ["borrowed_vusdt", "BIGINT"],
      ["repaid_vusdt", "BIGINT"],
      ["liquidations", "BIGINT"],
      ["liquidated_debt_vusdt", "BIGINT"],
      ["seized_collateral_chips", "BIGINT"]
    ],
    observeBlock: (block: BlockExecution) => {
      for (const out of block.outputs)
        for (const e of out.events) {
          if (e._tag === "VusdtBorrowed") borrowed += e.amount
          else if (e._tag === "VusdtRepaid") repaid += e.amount
          else if (e._tag === "VaultLiquidated") {
            liquidations++
            liquidated_debt += e.repay_amount
            seized += e.collateral_seized
          }
        }
    },
    endDay: ({ store, now_s }) => {
      const policy = policyState.get(store)
      const price = liquidationPrice(policy, ammPool.get(store), oracleState.get(store), now_s)
      let count = 0n
      let in_debt = 0n
      let debt = 0n
      let collateral = 0n
      let value = 0n
      let ltv_max = 0n
      let liquidatable = 0n
      for (const [, v] of vaults.entries(store)) {
        count++
        debt += v.debt_vusdt
        collateral += v.collateral_rng
        value += collateralValue(v.collateral_rng, price)
        if (v.debt_vusdt === 0n) continue
        in_debt++
        const ltv = ltvBps(v.debt_vusdt, v.collateral_rng, price)
        if (ltv !== null && ltv > ltv_max) ltv_max = ltv
        if (isLiquidatable(v.debt_vusdt, v.collateral_rng, price, policy)) liquidatable++
      }
      const row = [count, in_debt, debt, collateral, ratio(debt, value) * 10_000, ltv_max, liquidatable, borrowed, repaid, liquidations, liquidated_debt, seized]
      borrowed = repaid = liquidations = liquidated_debt = seized = 0n
      return row
    }
  }
}
