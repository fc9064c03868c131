/** Treasury allocation and vesting ledgers (economy.md §1.9, §3.17). */
import { TreasuryAllocation, TreasuryVesting } from "../treasury-records.ts"
import { defineSingleton } from "../../state/store.ts"

const zeroSchedule = () => ({ start_ts: 0n, duration_secs: 0n, released: 0n })

export const treasury = defineSingleton("treasury", TreasuryAllocation, () => ({
  auction: 0n,
  liquidity: 0n,
  bonus: 0n,
  player: 0n,
  treasury: 0n,
  team: 0n
}))

export const treasuryVesting = defineSingleton("treasury_vesting", TreasuryVesting, () => ({
  auction: zeroSchedule(),
  liquidity: zeroSchedule(),
  bonus: zeroSchedule(),
  player: zeroSchedule(),
  treasury: zeroSchedule(),
  team: zeroSchedule()
}))
