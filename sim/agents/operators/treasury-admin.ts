/**
 * Treasury admin: on `setup_day` sets the allocation (evm.md §2 split of 1,000,000,000 RNG:
 * auction 20 %, liquidity 10 %, bonus 15 %, players 35 %, treasury 15 %, team 5 %) and linear
 * vesting schedules from that day; afterwards releases the treasury bucket's newly vested part
 * every `release_every_days` (engine `vested`, so it asks for exactly what the chain will allow).
 */
import { treasury, treasuryVesting } from "../../../engine/economy/treasury/treasury.ts"
import { vested } from "../../../engine/economy/treasury/vesting.ts"
import { TREASURY_BUCKETS } from "../../../engine/economy/treasury-records.ts"
import type { Instruction } from "../../../engine/tx/instruction.ts"
import { daily, duties, type OperatorDuty } from "./operator.ts"

export const TOTAL_SUPPLY_RNG = 1_000_000_000n
export const ALLOCATION_PERCENT = { auction: 20n, liquidity: 10n, bonus: 15n, player: 35n, treasury: 15n, team: 5n } as const

export interface TreasuryPlan {
  readonly setup_day: number
  readonly vest_secs: bigint
  readonly release_every_days: number
}

export const treasuryAdmin = (plan: TreasuryPlan): OperatorDuty => {
  const setup = daily("treasury-setup", plan.setup_day, 1_000_000, (view): Instruction[] => {
    const allocation = {
      auction: (TOTAL_SUPPLY_RNG * ALLOCATION_PERCENT.auction) / 100n,
      liquidity: (TOTAL_SUPPLY_RNG * ALLOCATION_PERCENT.liquidity) / 100n,
      bonus: (TOTAL_SUPPLY_RNG * ALLOCATION_PERCENT.bonus) / 100n,
      player: (TOTAL_SUPPLY_RNG * ALLOCATION_PERCENT.player) / 100n,
      treasury: (TOTAL_SUPPLY_RNG * ALLOCATION_PERCENT.treasury) / 100n,
      team: (TOTAL_SUPPLY_RNG * ALLOCATION_PERCENT.team) / 100n
    }
    const current = treasuryVesting.get(view.state)
    const schedule = (b: (typeof TREASURY_BUCKETS)[number]) => ({ start_ts: view.clock.now_s, duration_secs: plan.vest_secs, released: current[b].released })
    return [
      { _tag: "SetTreasury", allocation },
      {
        _tag: "SetTreasuryVesting",
        schedules: {
          auction: schedule("auction"),
          liquidity: schedule("liquidity"),
          bonus: schedule("bonus"),
          player: schedule("player"),
          treasury: schedule("treasury"),
          team: schedule("team")
        }
      }
    ]
  })
  const release = daily("treasury-release", plan.setup_day + 1, plan.release_every_days, (view): Instruction[] => {
    const total = treasury.get(view.state).treasury
    const s = treasuryVesting.get(view.state).treasury
    const v = vested(total, s, view.clock.now_s)
    const amount = v > s.released ? v - s.released : 0n
    return amount > 0n ? [{ _tag: "ReleaseTreasuryAllocation", bucket: TREASURY_BUCKETS.indexOf("treasury"), amount }] : []
  })
  return duties(setup, release)
}
