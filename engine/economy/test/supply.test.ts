/**
 * Invariant 1 (docs/economy-invariants.md): supply conservation of RNG and vUSDT, savings and
 * staking solvency, and the freeroll credit budget, after every block of long random sequences
 * of every economic instruction (valid and invalid, admin and not) with clock jumps. The same
 * checker also rides along in every other economy property.
 */
import { describe, expect, it } from "vitest"
import { assertCovering } from "../../../test/coverage.ts"
import { MIXED, sequenceArb, type Profile, type Step } from "./arbitraries.ts"
import { OPEN_ECONOMY } from "./harness.ts"
import { Runner, type Checker } from "./run.ts"
import { supplyChecker } from "./supply-checker.ts"
import { MONEY_TOUR } from "./tour.ts"

/** every flow that creates, destroys or moves RNG or vUSDT between ledger terms */
const MONEY_FLOWS = [
  "CasinoRegister",
  "CasinoDeposit",
  "GameMove",
  "Swap",
  "AddLiquidity",
  "RemoveLiquidity",
  "DepositCollateral",
  "WithdrawCollateral",
  "BorrowUSDT",
  "RepayUSDT",
  "LiquidateVault",
  "DepositSavings",
  "WithdrawSavings",
  "ClaimSavingsRewards",
  "Stake",
  "Unstake",
  "ClaimRewards",
  "ProcessEpoch",
  "FundRecoveryPool",
  "RetireVaultDebt",
  "RetireWorstVaultDebt",
  "BridgeWithdraw",
  "BridgeDeposit",
  "CasinoEndTournament"
] as const

const counter = (applied: Map<string, number>): Checker => ({
  tx: (r) => {
    if (r.out.status === "applied") applied.set(r.ix._tag, (applied.get(r.ix._tag) ?? 0) + 1)
  }
})

/** more of the flows that need a build-up (stakes before claims, debt before savings interest) */
const LEDGER: Profile = {
  ...MIXED,
  register: 2,
  faucet: 2,
  leverage: 6,
  repay: 4,
  keeperSweep: 3,
  stressSweep: 3,
  deleverage: 3,
  stake: 5,
  unstake: 3,
  claimRewards: 3,
  processEpoch: 4,
  roulette: 8,
  depositSavings: 4,
  claimSavings: 3,
  savingsCycle: 3,
  stakeCycle: 3,
  tournamentCycle: 2,
  bridgeCycle: 3,
  recoveryCycle: 2,
  bridgeWithdraw: 3,
  bridgeDeposit: 2,
  retireDebt: 2,
  retireWorst: 2
}

/** from an empty pool: the admin seeds it, then trading and liquidity build on it */
const SEED_TOUR: ReadonlyArray<Step> = [
  { k: "seedAmm", who: 0, rng: 5_000_000n, usdt: 500_000n },
  { k: "finalizeBootstrap", who: 0 },
  { k: "advance", views: 20n },
  { k: "swap", who: 1, buy: true, amt: { ppm: 10_000 }, impossibleMin: false },
  { k: "swap", who: 2, buy: false, amt: { ppm: 1_000 }, impossibleMin: false },
  { k: "addLiquidity", who: 3, rng: { ppm: 10_000 }, usdt: { ppm: 10_000 } }
]

describe("economy supply conservation", () => {
  it("holds after every block of random sequences touching every money flow", () => {
    const applied = new Map<string, number>()
    assertCovering(
      sequenceArb(LEDGER, 100),
      (steps) => new Runner({ seeded: true, policy: OPEN_ECONOMY }, [supplyChecker(), counter(applied)]).run(steps),
      () => {
        const missing = MONEY_FLOWS.filter((tag) => (applied.get(tag) ?? 0) === 0)
        expect(missing, "every money flow was exercised at least once").toEqual([])
      },
      { numRuns: 14, examples: [[...MONEY_TOUR]] }
    )
  })

  it("holds when the pool starts empty and SeedAmm or the first AddLiquidity creates it", () => {
    const applied = new Map<string, number>()
    let created = 0
    const creation: Checker = {
      tx: (r) => {
        if (r.pre.pool.total_shares === 0n && r.post.pool.total_shares > 0n) created++
      }
    }
    assertCovering(
      sequenceArb({ ...MIXED, seedAmm: 4, addLiquidity: 6 }, 60),
      (steps) => new Runner({ seeded: false }, [supplyChecker(), counter(applied), creation]).run(steps),
      () => {
        expect(created, "runs in which SeedAmm or the first AddLiquidity created the pool").toBeGreaterThanOrEqual(2)
        expect(applied.get("Swap") ?? 0, "swaps against a pool created during the run").toBeGreaterThan(0)
      },
      { numRuns: 5, examples: [[...SEED_TOUR]] }
    )
  })
})
