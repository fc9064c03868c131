/**
 * Treasury administration (economy.md §2.23–2.25), admin only, with the ledger enforced (B16):
 * an allocation can never drop below what was already released, and a vesting update can never
 * rewrite `released` (so nothing is released twice).
 */
import { InvalidBet, InvalidMove } from "../../errors.ts"
import type { Handler } from "../../execute/context.ts"
import { TREASURY_BUCKETS } from "../treasury-records.ts"
import { treasury, treasuryVesting } from "./treasury.ts"
import { vested } from "./vesting.ts"

export const TOTAL_SUPPLY = 1_000_000_000n

export const setTreasury: Handler<"SetTreasury"> = (ctx, ix) => {
  const sum = TREASURY_BUCKETS.reduce((acc, b) => acc + ix.allocation[b], 0n)
  if (sum > TOTAL_SUPPLY) return new InvalidMove({ message: `Treasury allocation ${sum} exceeds the total supply ${TOTAL_SUPPLY}` })
  const schedules = treasuryVesting.get(ctx.store)
  for (const b of TREASURY_BUCKETS)
    if (ix.allocation[b] < schedules[b].released)
      return new InvalidMove({ message: `Treasury ${b} allocation ${ix.allocation[b]} is below the ${schedules[b].released} already released` })
  treasury.put(ctx.store, ix.allocation)
  ctx.emit({ _tag: "TreasuryUpdated", admin: ctx.signer, allocation: ix.allocation })
  return undefined
}

export const setTreasuryVesting: Handler<"SetTreasuryVesting"> = (ctx, ix) => {
  const allocation = treasury.get(ctx.store)
  const current = treasuryVesting.get(ctx.store)
  for (const b of TREASURY_BUCKETS) {
    if (ix.schedules[b].released !== current[b].released)
      return new InvalidMove({ message: `Treasury ${b}: released is ${current[b].released} and cannot be rewritten` })
    if (ix.schedules[b].released > allocation[b]) return new InvalidMove({ message: `Treasury ${b}: released exceeds the allocation` })
  }
  treasuryVesting.put(ctx.store, ix.schedules)
  ctx.emit({ _tag: "TreasuryVestingUpdated", admin: ctx.signer, vesting: ix.schedules })
  return undefined
}

export const releaseTreasuryAllocation: Handler<"ReleaseTreasuryAllocation"> = (ctx, ix) => {
  if (ix.amount === 0n) return new InvalidBet({ message: "release a positive amount" })
  const bucket = TREASURY_BUCKETS[ix.bucket]
  if (bucket === undefined) return new InvalidBet({ message: `unknown treasury bucket ${ix.bucket}` })
  const total = treasury.get(ctx.store)[bucket]
  const schedules = treasuryVesting.get(ctx.store)
  const schedule = schedules[bucket]
  const v = vested(total, schedule, ctx.clock.now_s)
  const available = v > schedule.released ? v - schedule.released : 0n
  if (ix.amount > available) return new InvalidMove({ message: `Treasury allocation not vested (${available} available)` })
  const released = schedule.released + ix.amount
  treasuryVesting.put(ctx.store, { ...schedules, [bucket]: { ...schedule, released } })
  ctx.emit({
    _tag: "TreasuryAllocationReleased",
    admin: ctx.signer,
    bucket,
    amount: ix.amount,
    total_released: released,
    total_vested: v,
    total_allocation: total
  })
  return undefined
}
