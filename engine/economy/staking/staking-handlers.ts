/** Stake / Unstake / ClaimRewards / ProcessEpoch (economy.md §2.13–2.16). */
import { InsufficientFunds, InvalidBet, InvalidMove, PlayerNotFound } from "../../errors.ts"
import type { Handler } from "../../execute/context.ts"
import { house } from "../../casino/house.ts"
import { players } from "../../casino/player.ts"
import { EPOCH_LENGTH_VIEWS, closeEpoch, emptyStaker, settleStaker } from "./rewards.ts"
import { stakers } from "./staker.ts"

/** four years of views: a bound so `view + duration` and `amount × duration` stay sane (B14) */
export const MAX_STAKE_DURATION_VIEWS = 42_048_000n

export const stake: Handler<"Stake"> = (ctx, ix) => {
  const p = players.get(ctx.store, ctx.signer)
  if (p === undefined) return new PlayerNotFound({ message: "register before staking" })
  if (ix.amount === 0n) return new InvalidBet({ message: "stake a positive amount (B14)" })
  if (ix.duration < 1n) return new InvalidBet({ message: "Duration too short" })
  if (ix.duration > MAX_STAKE_DURATION_VIEWS) return new InvalidBet({ message: `Duration above ${MAX_STAKE_DURATION_VIEWS} views` })
  if (p.chips < ix.amount) return new InsufficientFunds({ message: "Insufficient chips to stake", required: ix.amount, available: p.chips })
  const h = house.get(ctx.store)
  const acc = h.staking_reward_per_voting_power_x18
  const settled = settleStaker(stakers.get(ctx.store, ctx.signer) ?? emptyStaker(), acc)
  const power = ix.amount * ix.duration
  const unlock = ctx.clock.view + ix.duration
  const next = {
    ...settled,
    balance: settled.balance + ix.amount,
    unlock_ts: settled.unlock_ts > unlock ? settled.unlock_ts : unlock,
    voting_power: settled.voting_power + power,
    reward_debt_x18: (settled.voting_power + power) * acc
  }
  players.put(ctx.store, ctx.signer, { ...p, chips: p.chips - ix.amount })
  stakers.put(ctx.store, ctx.signer, next)
  house.put(ctx.store, { ...h, total_staked_amount: h.total_staked_amount + ix.amount, total_voting_power: h.total_voting_power + power })
  ctx.emit({
    _tag: "Staked",
    player: ctx.signer,
    amount: ix.amount,
    duration: ix.duration,
    new_balance: next.balance,
    unlock_ts: next.unlock_ts,
    voting_power: next.voting_power
  })
  return undefined
}

export const unstake: Handler<"Unstake"> = (ctx) => {
  const p = players.get(ctx.store, ctx.signer)
  if (p === undefined) return new PlayerNotFound({ message: "no player record to return the stake to (B15)" })
  const s = stakers.get(ctx.store, ctx.signer)
  if (s === undefined || s.balance === 0n) return new InvalidMove({ message: "Nothing staked" })
  if (ctx.clock.view < s.unlock_ts) return new InvalidMove({ message: `Stake still locked until view ${s.unlock_ts}` })
  const h = house.get(ctx.store)
  const settled = settleStaker(s, h.staking_reward_per_voting_power_x18)
  players.put(ctx.store, ctx.signer, { ...p, chips: p.chips + s.balance })
  stakers.put(ctx.store, ctx.signer, { ...settled, balance: 0n, voting_power: 0n, reward_debt_x18: 0n })
  house.put(ctx.store, { ...h, total_staked_amount: h.total_staked_amount - s.balance, total_voting_power: h.total_voting_power - s.voting_power })
  ctx.emit({ _tag: "Unstaked", player: ctx.signer, amount: s.balance })
  return undefined
}

export const claimRewards: Handler<"ClaimRewards"> = (ctx) => {
  const p = players.get(ctx.store, ctx.signer)
  if (p === undefined) return new PlayerNotFound({ message: "register first" })
  const s = stakers.get(ctx.store, ctx.signer)
  if (s === undefined) return new InvalidMove({ message: "Not a staker" })
  const h = house.get(ctx.store)
  const settled = settleStaker(s, h.staking_reward_per_voting_power_x18)
  const owed = settled.unclaimed_rewards
  if (owed === 0n) return new InvalidMove({ message: "No rewards to claim" })
  if (h.staking_reward_pool < owed) return new InvalidMove({ message: "Insufficient reward pool" })
  players.put(ctx.store, ctx.signer, { ...p, chips: p.chips + owed })
  stakers.put(ctx.store, ctx.signer, { ...settled, unclaimed_rewards: 0n, last_claim_epoch: h.current_epoch })
  house.put(ctx.store, { ...h, staking_reward_pool: h.staking_reward_pool - owed })
  ctx.emit({ _tag: "RewardsClaimed", player: ctx.signer, amount: owed })
  return undefined
}

/** permissionless keeper operation; refused (typed) before the epoch is due */
export const processEpoch: Handler<"ProcessEpoch"> = (ctx) => {
  const h = house.get(ctx.store)
  if (ctx.clock.view < h.epoch_start_view + EPOCH_LENGTH_VIEWS)
    return new InvalidMove({ message: `Epoch ${h.current_epoch} runs until view ${h.epoch_start_view + EPOCH_LENGTH_VIEWS}` })
  const closed = closeEpoch(h, ctx.clock.view)
  house.put(ctx.store, closed.house)
  ctx.emit({ _tag: "EpochProcessed", epoch: closed.house.current_epoch, net_pnl: h.net_pnl, distributed: closed.distributed })
  return undefined
}
