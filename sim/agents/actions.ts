/**
 * Side actions an archetype puts in its day (player-core.ts `Action`): each reads the read model
 * and returns the instructions a sensible client would send now, or none when the observation
 * says the engine would refuse (no AMM yet, nothing to repay, a locked stake). The engine still
 * decides: a stale guess only costs a refused transaction (a CasinoError event).
 */
import { dailyAllowance } from "../../engine/economy/amm/math.ts"
import type { Player } from "../../engine/casino/player.ts"
import type { Instruction } from "../../engine/tx/instruction.ts"
import type { RandomStream } from "../../engine/random/stream.ts"
import type { AgentView } from "./agent.ts"
import type { Action, Self } from "./player-core.ts"
import { between } from "./draw.ts"

const big = (n: number): bigint => BigInt(Math.max(0, Math.floor(n)))

/** RNG's value in vUSDT at the spot price (0 without a tradable pool) */
export const rngValue = (view: AgentView, rng_amount: bigint): bigint => {
  const amm = view.read.amm()
  return amm.spot.den === 0n ? 0n : (rng_amount * amm.spot.num) / amm.spot.den
}

/**
 * What this player may still swap today in one direction: the published daily cap (engine
 * dailyAllowance over the policy and the pool the read model shows) less what it already traded.
 */
export const swapRoom = (view: AgentView, p: Player, buy: boolean): bigint => {
  const policy = view.read.policy()
  const pool = view.read.amm().pool
  const same_day = p.daily_flow_day === view.clock.day
  const allowed = buy
    ? dailyAllowance(p.vusdt_balance, pool.reserve_vusdt, policy.max_daily_buy_bps_balance, policy.max_daily_buy_bps_pool)
    : dailyAllowance(p.chips, pool.reserve_rng, policy.max_daily_sell_bps_balance, policy.max_daily_sell_bps_pool)
  const used = same_day ? (buy ? p.daily_net_buy : p.daily_net_sell) : 0n
  return allowed > used ? allowed - used : 0n
}

/** Swap: buy RNG with vUSDT or sell RNG for vUSDT, `lo..hi` of the input within the daily cap, direction by coin (or fixed). */
export const swap =
  (lo: number, hi: number, direction: "either" | "buy" | "sell" = "either"): Action =>
  (view, _self, rng) => {
    const p = view.player
    if (p === undefined || !view.read.amm().tradable) return []
    const buy = direction === "buy" || (direction === "either" && rng.bounded(2) === 0)
    let amount_in = big(between(rng, lo, hi))
    const have = buy ? p.vusdt_balance : p.chips
    if (amount_in > have) amount_in = have / 2n
    const room = swapRoom(view, p, buy)
    if (amount_in > room) amount_in = room
    if (amount_in <= 0n) return []
    return [{ _tag: "Swap", amount_in, min_amount_out: 0n, is_buying_rng: buy }]
  }

/** Add liquidity at the pool's ratio, up to `rng_max` RNG, within both balances. */
export const addLiquidity =
  (rng_lo: number, rng_hi: number): Action =>
  (view, _self, rng) => {
    const p = view.player
    const amm = view.read.amm()
    if (p === undefined || !amm.tradable) return []
    let r = big(between(rng, rng_lo, rng_hi))
    if (r > p.chips / 2n) r = p.chips / 2n
    let u = (r * amm.pool.reserve_vusdt) / amm.pool.reserve_rng
    if (u > p.vusdt_balance) {
      u = p.vusdt_balance
      r = (u * amm.pool.reserve_rng) / amm.pool.reserve_vusdt
    }
    if (r <= 0n || u <= 0n) return []
    if ((r * amm.pool.total_shares) / amm.pool.reserve_rng === 0n) return []
    return [{ _tag: "AddLiquidity", rng_amount: r, usdt_amount: u }]
  }

/** Remove a fraction (bps) of the agent's LP shares. */
export const removeLiquidity =
  (bps: number): Action =>
  (view, self) => {
    const shares = (view.read.lpShares(self.key) * BigInt(bps)) / 10_000n
    return shares > 0n ? [{ _tag: "RemoveLiquidity", shares }] : []
  }

/**
 * The vault step of §2.2: the first time, CreateVault; then deposit `lo..hi` collateral and borrow
 * up to `borrow_bps` of the headroom the read model shows (never past the LTV rule).
 */
export const vaultBorrow =
  (lo: number, hi: number, borrow_bps: number): Action =>
  (view, self, rng) => {
    const p = view.player
    if (p === undefined) return []
    const v = view.read.vault(self.key)
    const deposit = big(between(rng, lo, hi))
    if (v === undefined) {
      self.flags.add("vault")
      return deposit <= p.chips ? [{ _tag: "CreateVault" }, { _tag: "DepositCollateral", amount: deposit }] : [{ _tag: "CreateVault" }]
    }
    if (!view.read.amm().tradable && view.read.amm().pool.total_shares === 0n) return []
    const out: Instruction[] = []
    let collateral = v.vault.collateral_rng
    if (deposit > 0n && deposit <= p.chips) {
      out.push({ _tag: "DepositCollateral", amount: deposit })
      collateral += deposit
    }
    const bp = v.borrow_price
    const max_debt = bp.den === 0n ? 0n : (collateral * bp.num * v.max_ltv_bps) / (bp.den * 10_000n)
    const headroom = max_debt > v.debt_now ? max_debt - v.debt_now : 0n
    const borrow = (headroom * BigInt(borrow_bps)) / 10_000n
    if (borrow > 0n) out.push({ _tag: "BorrowUSDT", amount: borrow })
    return out
  }

/** Repay up to `bps` of the vault's debt from the vUSDT held. */
export const repay =
  (bps: number): Action =>
  (view, self) => {
    const p = view.player
    const v = view.read.vault(self.key)
    if (p === undefined || v === undefined || v.debt_now === 0n) return []
    let amount = (v.debt_now * BigInt(bps)) / 10_000n
    if (amount > p.vusdt_balance) amount = p.vusdt_balance
    return amount > 0n ? [{ _tag: "RepayUSDT", amount }] : []
  }

/** Deposit `bps` of the vUSDT held into savings. */
export const depositSavings =
  (bps: number): Action =>
  (view) => {
    const p = view.player
    if (p === undefined) return []
    const amount = (p.vusdt_balance * BigInt(bps)) / 10_000n
    return amount > 0n ? [{ _tag: "DepositSavings", amount }] : []
  }

/** Claim savings rewards when the read model shows some. */
export const claimSavings: Action = (view, self) => (view.read.savings(self.key).claimable > 0n ? [{ _tag: "ClaimSavingsRewards" }] : [])

/** Withdraw `bps` of the savings deposit. */
export const withdrawSavings =
  (bps: number): Action =>
  (view, self) => {
    const amount = (view.read.savings(self.key).balance.deposit_balance * BigInt(bps)) / 10_000n
    return amount > 0n ? [{ _tag: "WithdrawSavings", amount }] : []
  }

/**
 * The stake step of §2.2: the first time, Stake `lo..hi` for `days_lo..days_hi` days (in views);
 * afterwards ClaimRewards with p = 0.3 when something is claimable, or Unstake once unlocked.
 */
export const stakeStep =
  (lo: number, hi: number, days_lo: number, days_hi: number): Action =>
  (view, self, rng) => {
    const p = view.player
    if (p === undefined) return []
    const st = view.read.staking(self.key)
    if (st.staker.balance === 0n) {
      const amount = big(between(rng, lo, hi))
      if (amount <= 0n || amount > p.chips / 2n) return []
      return [{ _tag: "Stake", amount, duration: BigInt(between(rng, days_lo, days_hi)) * 28_800n }]
    }
    if (st.unlocked && rng.bounded(10) < 2) return [{ _tag: "Unstake" }]
    if (st.claimable > 0n && st.reward_pool >= st.claimable && rng.bounded(10) < 3) return [{ _tag: "ClaimRewards" }]
    return []
  }

/** Close the staking epoch when the read model shows it due (anyone may; keepers do). */
export const processEpoch: Action = (view, self) => {
  const st = view.read.staking(self.key)
  return view.clock.view >= st.epoch_due_view ? [{ _tag: "ProcessEpoch" }] : []
}

/** a one-time action: runs until it returns instructions once */
export const once =
  (flag: string, action: Action): Action =>
  (view: AgentView, self: Self, rng: RandomStream) => {
    if (self.flags.has(flag)) return []
    const ixs = action(view, self, rng)
    if (ixs.length > 0) self.flags.add(flag)
    return ixs
  }
