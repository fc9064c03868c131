/**
 * The phase-1 report's daily figures: each a title, a y label and the daily_metrics columns it
 * draws (one line each). Column names are the result schema's (docs/results-schema.md); a column
 * a run lacks is left out of its chart.
 */
import type { EconomyRun } from "./economy-data.ts"
import type { Point } from "./plot/series.ts"

export interface EconomyFigure {
  readonly section: string
  readonly title: string
  readonly yLabel: string
  readonly series: ReadonlyArray<readonly [column: string, label: string]>
  readonly zeroRule?: boolean
}

export const ECONOMY_FIGURES: ReadonlyArray<EconomyFigure> = [
  {
    section: "Issuance vs sinks",
    title: "Chips minted vs burned per day",
    yLabel: "chips per day",
    series: [
      ["faucet_chips", "faucet"],
      ["grants_other_chips", "registration grants + other"],
      ["freeroll_credits_chips", "freeroll credits"],
      ["amm_seed_chips", "AMM seeding"],
      ["burned_chips", "burned"],
      ["swap_fees_rng_chips", "swap fees (RNG)"],
      ["super_fees_chips", "super-mode fees"]
    ]
  },
  {
    section: "Issuance vs sinks",
    title: "Cumulative issuance and circulating supply",
    yLabel: "chips",
    series: [
      ["issuance_chips", "minted (cumulative)"],
      ["supply_chips", "minted − burned"]
    ]
  },
  { section: "House PnL", title: "House PnL per day", yLabel: "chips per day", series: [["house_pnl_day_chips", "house PnL"]], zeroRule: true },
  { section: "House PnL", title: "House PnL, cumulative", yLabel: "chips", series: [["house_pnl_chips", "house game balance"]], zeroRule: true },
  {
    section: "House PnL",
    title: "Cash stakes and payouts per day",
    yLabel: "chips per day",
    series: [
      ["cash_stakes_chips", "stakes"],
      ["cash_payouts_chips", "payouts"]
    ]
  },
  { section: "AMM", title: "AMM price", yLabel: "vUSDT per RNG", series: [["amm_price_vusdt_per_rng", "spot price"]] },
  {
    section: "AMM",
    title: "AMM depth (reserves)",
    yLabel: "units",
    series: [
      ["amm_reserve_rng_chips", "RNG reserve"],
      ["amm_reserve_vusdt", "vUSDT reserve"]
    ]
  },
  { section: "AMM", title: "Price impact of selling 1,000 chips", yLabel: "bps", series: [["amm_sell_1000_impact_bps", "impact"]] },
  {
    section: "vUSDT debt and vault health",
    title: "vUSDT debt and collateral",
    yLabel: "units",
    series: [
      ["debt_vusdt", "debt (vUSDT)"],
      ["collateral_rng_chips", "collateral (RNG)"]
    ]
  },
  {
    section: "vUSDT debt and vault health",
    title: "Vault LTV",
    yLabel: "bps",
    series: [
      ["ltv_debt_weighted_bps", "debt-weighted"],
      ["ltv_bps_max", "worst vault"]
    ]
  },
  {
    section: "Liquidations",
    title: "Liquidations and liquidatable vaults",
    yLabel: "vaults",
    series: [
      ["liquidations", "liquidations that day"],
      ["vaults_liquidatable", "liquidatable at day end"]
    ]
  },
  { section: "Liquidations", title: "Debt repaid by liquidation", yLabel: "vUSDT per day", series: [["liquidated_debt_vusdt", "repaid"]] },
  {
    section: "Savings and staking",
    title: "Savings and staking yields (annualised)",
    yLabel: "APR",
    series: [
      ["savings_yield_apr", "savings"],
      ["staking_yield_apr", "staking"]
    ]
  },
  {
    section: "Savings and staking",
    title: "Savings deposits and staked chips",
    yLabel: "units",
    series: [
      ["savings_deposits_vusdt", "savings (vUSDT)"],
      ["staked_chips", "staked (RNG)"]
    ]
  },
  {
    section: "Concentration",
    title: "Gini of holdings",
    yLabel: "Gini",
    series: [
      ["gini_chips", "chips"],
      ["gini_holdings", "RNG holdings"]
    ]
  },
  {
    section: "Concentration",
    title: "Top-1 % share",
    yLabel: "share",
    series: [
      ["top1_share_chips", "chips"],
      ["top1_share_holdings", "RNG holdings"]
    ]
  }
]

export const economyFigurePoints = (run: EconomyRun, figure: EconomyFigure): Point[] => {
  const out: Point[] = []
  for (const [column, label] of figure.series) {
    if (!run.columns.includes(column)) continue
    for (const d of run.daily) {
      const x = d["day"]
      const y = d[column]
      if (x === null || x === undefined || y === null || y === undefined) continue
      out.push({ x, y, series: label })
    }
  }
  return out
}

/** whether a figure's columns are all zero (the family saw no activity in this run) */
export const figureIsQuiet = (points: ReadonlyArray<Point>): boolean => points.every((p) => p.y === 0)
