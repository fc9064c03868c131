/**
 * A hand-written step sequence that reaches every money flow of the economy: the guaranteed
 * example of the coverage-checked economy properties (fast-check runs it first, as one of the
 * `numRuns`), so their coverage conditions hold whatever seed generates the other runs.
 */
import type { Policy } from "../policy.ts"
import type { Step } from "./arbitraries.ts"
import { OPEN_ECONOMY } from "./harness.ts"

/** the open economy with a low liquidation threshold and open sell caps (vaults become liquidatable) */
const STRESS: Policy = {
  ...OPEN_ECONOMY,
  max_ltv_bps_new: 500,
  max_ltv_bps_mature: 500,
  liquidation_threshold_bps: 600,
  liquidation_target_bps: 400,
  max_daily_sell_bps_balance: 10_000,
  max_daily_sell_bps_pool: 10_000
}

export const MONEY_TOUR: ReadonlyArray<Step> = [
  { k: "register", who: 6 },
  { k: "advance", views: 28_800n },
  { k: "faucet", who: 2, amount: 1_000n },
  { k: "roulette", who: 1, bets: [{ type: "RED", number: 0, amount: 100n }] },
  { k: "swap", who: 1, buy: true, amt: { ppm: 10_000 }, impossibleMin: false },
  { k: "swap", who: 2, buy: false, amt: { ppm: 1_000 }, impossibleMin: false },
  { k: "lpRoundTrip", who: 3, rng: { ppm: 10_000 }, usdt: { ppm: 10_000 } },
  { k: "leverage", who: 1, deposit: { ppm: 200_000 }, borrow: { ppm: 500_000 } },
  { k: "leverage", who: 2, deposit: { ppm: 200_000 }, borrow: { ppm: 500_000 } },
  { k: "leverage", who: 4, deposit: { ppm: 200_000 }, borrow: { ppm: 900_000 } },
  { k: "savingsCycle", who: 3, amt: { ppm: 500_000 }, wait: 100_000n },
  { k: "deleverage", who: 2, repay: { ppm: 500_000 }, withdraw: { ppm: 10_000 } },
  { k: "stakeCycle", who: 3, amt: { ppm: 100_000 }, duration: 1n, bets: [{ type: "BLACK", number: 0, amount: 500n }] },
  { k: "advance", views: 1_000n },
  { k: "unstake", who: 3 },
  { k: "recoveryCycle", fund: 5_000n, worst: 100n, retire: 100n },
  { k: "bridgeCycle", who: 5, amount: 1_000n, back: { ppm: 500_000 } },
  { k: "tournamentCycle", joiners: [1, 3] },
  { k: "stressSweep", policy: STRESS }
]
