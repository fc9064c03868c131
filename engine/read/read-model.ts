/**
 * The read model: everything a client can read from the chain, as pure functions over the
 * engine's state store at a chain time. Simulation agents observe the chain only through it, and
 * the services' indexer serves the same views, so an agent never sees more than a real client.
 *
 * Values derived at read time (a vault's debt with interest accrued to `clock.now_s`, vested
 * freeroll credits, claimable staking and savings rewards, prices) are computed with the
 * engine's own pure functions (accrue, settleCredits, pendingOf, settle/distribute, borrowPrice,
 * liquidationPrice, maxLtvBps, ltvBps, isLiquidatable); nothing is re-derived here. Reads never
 * write: lazily created singletons are returned as their defaults without being stored.
 */
import { cashLeaderboard, type Standing } from "../casino/leaderboard.ts"
import { house, type House } from "../casino/house.ts"
import { players, type Player } from "../casino/player.ts"
import type { ChainClock } from "../execute/context.ts"
import { ammPool, lpBalances } from "../economy/amm/pool.ts"
import { bridgeRefunds, bridgeRefundTotals, bridgeState, bridgeWithdrawals } from "../economy/bridge/bridge.ts"
import { oracleState, type OracleState } from "../economy/oracle/oracle.ts"
import { borrowPrice, liquidationPrice, spotPrice } from "../economy/oracle/price.ts"
import { policyState } from "../economy/policy-state.ts"
import type { Policy } from "../economy/policy.ts"
import { distribute, emptySavingsBalance, settle } from "../economy/savings/distribute.ts"
import { savingsBalances, savingsPool } from "../economy/savings/savings.ts"
import { EPOCH_LENGTH_VIEWS, emptyStaker, pendingOf } from "../economy/staking/rewards.ts"
import { stakers } from "../economy/staking/staker.ts"
import { creditTranches, settleCredits } from "../economy/tournament/credits.ts"
import { ISSUANCE_CAP } from "../economy/tournament/payout.ts"
import { tournaments, type Tournament } from "../economy/tournament/tournament.ts"
import { ACCOUNT_TIER_NEW_SECS, TOURNAMENT_JOIN_COOLDOWN_SECS, TRIAL_DAILY_LIMIT } from "../economy/tournament/tournament-handlers.ts"
import { treasury, treasuryVesting } from "../economy/treasury/treasury.ts"
import type { TreasuryAllocation, TreasuryVesting } from "../economy/treasury-records.ts"
import { accrue } from "../economy/vault/accrue.ts"
import { isLiquidatable, ltvBps } from "../economy/vault/liquidation.ts"
import { maxLtvBps } from "../economy/vault/tier.ts"
import { vaults } from "../economy/vault/vault.ts"
import { getSession, type GameSession } from "../games/session.ts"
import { BPS, mulDivDown } from "../math.ts"
import { PublicKey } from "../schema/primitives.ts"
import { accounts } from "../state/account.ts"
import type { StateStore } from "../state/store.ts"
import type { AmmView, BalancesView, BridgeView, BridgeWithdrawalView, FreerollView, MembershipView, SavingsView, StakingView, VaultView } from "./views.ts"

/** the most vaults `vaultOwners` lists (a keeper scans them; bounded like every loop) */
export const VAULT_SCAN_MAX = 100_000

// ------------------------------------------------------------------ pure functions

export const readNonce = (store: StateStore, key: PublicKey): bigint => accounts.get(store, key)?.nonce ?? 0n

export const readPlayer = (store: StateStore, key: PublicKey): Player | undefined => players.get(store, key)

export const readSession = (store: StateStore, id: bigint): GameSession | undefined => getSession({ store }, id)

export const readHouse = (store: StateStore): House => house.get(store)

export const readPolicy = (store: StateStore): Policy => policyState.get(store)

export const readOracle = (store: StateStore): OracleState => oracleState.get(store)

export const readTreasury = (store: StateStore): { readonly allocation: TreasuryAllocation; readonly vesting: TreasuryVesting } => ({
  allocation: treasury.get(store),
  vesting: treasuryVesting.get(store)
})

export const readAmm = (store: StateStore): AmmView => {
  const pool = ammPool.get(store)
  return { pool, tradable: pool.reserve_rng > 0n && pool.reserve_vusdt > 0n, spot: spotPrice(pool) }
}

export const readLpShares = (store: StateStore, key: PublicKey): bigint => lpBalances.get(store, key)?.shares ?? 0n

export const readVault = (store: StateStore, key: PublicKey, clock: ChainClock): VaultView | undefined => {
  const vault = vaults.get(store, key)
  if (vault === undefined) return undefined
  const policy = policyState.get(store)
  const pool = ammPool.get(store)
  const oracle = oracleState.get(store)
  const debt_now = accrue(vault, clock.now_s, policy.stability_fee_apr_bps).vault.debt_vusdt
  const bp = borrowPrice(policy, pool, oracle, clock.now_s)
  const lp = liquidationPrice(policy, pool, oracle, clock.now_s)
  const max_ltv_bps = maxLtvBps(policy, players.get(store, key), stakers.get(store, key)?.balance ?? 0n, clock.now_s)
  const max_debt = bp.den === 0n ? 0n : mulDivDown(vault.collateral_rng * bp.num, max_ltv_bps, bp.den * BPS)
  return {
    owner: key,
    vault,
    debt_now,
    borrow_price: bp,
    liquidation_price: lp,
    ltv_bps: ltvBps(debt_now, vault.collateral_rng, lp),
    max_ltv_bps,
    borrow_headroom: max_debt > debt_now ? max_debt - debt_now : 0n,
    liquidatable: vault.collateral_rng > 0n && isLiquidatable(debt_now, vault.collateral_rng, lp, policy)
  }
}

/** every vault owner, in key order (at most VAULT_SCAN_MAX) */
export const readVaultOwners = (store: StateStore): PublicKey[] => {
  const out: PublicKey[] = []
  for (const [key] of vaults.entries(store)) {
    if (out.length >= VAULT_SCAN_MAX) break
    out.push(PublicKey.make(key))
  }
  return out
}

export const readSavings = (store: StateStore, key: PublicKey): SavingsView => {
  const pool = savingsPool.get(store)
  const balance = savingsBalances.get(store, key) ?? emptySavingsBalance()
  const settled = settle(balance, distribute(pool))
  const available = pool.total_rewards_accrued - pool.total_rewards_paid
  return { pool, balance, claimable: settled.unclaimed_rewards < available ? settled.unclaimed_rewards : available }
}

export const readStaking = (store: StateStore, key: PublicKey, clock: ChainClock): StakingView => {
  const h = house.get(store)
  const staker = stakers.get(store, key) ?? emptyStaker()
  return {
    staker,
    current_epoch: h.current_epoch,
    epoch_start_view: h.epoch_start_view,
    epoch_due_view: h.epoch_start_view + EPOCH_LENGTH_VIEWS,
    total_staked: h.total_staked_amount,
    total_voting_power: h.total_voting_power,
    reward_pool: h.staking_reward_pool,
    claimable: staker.unclaimed_rewards + pendingOf(staker, h.staking_reward_per_voting_power_x18),
    unlocked: clock.view >= staker.unlock_ts
  }
}

export const readTournament = (store: StateStore, id: bigint): Tournament | undefined => tournaments.get(store, id.toString())

export const readCashLeaderboard = (store: StateStore): ReadonlyArray<Standing> => cashLeaderboard.get(store).entries

export const readMembership = (p: Player, clock: ChainClock): MembershipView => {
  const joins_today = clock.day > p.last_tournament_ts / 86_400n ? 0 : p.tournaments_played_today
  const base = p.daily_limit === 0 ? 1 : p.daily_limit
  const age = clock.now_s > p.created_ts ? clock.now_s - p.created_ts : 0n
  return {
    daily_limit: p.daily_limit,
    member: p.daily_limit > 1,
    joins_today,
    limit_today: age < ACCOUNT_TIER_NEW_SECS ? Math.min(base, TRIAL_DAILY_LIMIT) : base,
    cooldown_over: p.last_tournament_ts === 0n || clock.now_s - p.last_tournament_ts >= TOURNAMENT_JOIN_COOLDOWN_SECS
  }
}

export const readFreeroll = (store: StateStore, key: PublicKey, p: Player, clock: ChainClock): FreerollView => {
  const tranches = creditTranches.get(store, key)?.tranches ?? []
  const settled = settleCredits({ player: p, tranches }, clock.now_s).player
  return {
    unlocked: p.freeroll_credits,
    locked: p.freeroll_credits_locked,
    vested_since_settlement: settled.freeroll_credits - p.freeroll_credits,
    unlock_end_ts: p.freeroll_credits_unlock_end_ts,
    total_issuance: house.get(store).total_issuance,
    issuance_cap: ISSUANCE_CAP
  }
}

export const readBalances = (store: StateStore, key: PublicKey, clock: ChainClock): BalancesView => {
  const p = players.get(store, key)
  const vault = vaults.get(store, key)
  const policy = policyState.get(store)
  const fr = p === undefined ? undefined : readFreeroll(store, key, p, clock)
  return {
    chips: p?.chips ?? 0n,
    vusdt: p?.vusdt_balance ?? 0n,
    tournament_chips: p?.tournament.chips ?? 0n,
    freeroll_credits: fr === undefined ? 0n : fr.unlocked + fr.vested_since_settlement,
    freeroll_credits_locked: fr === undefined ? 0n : fr.locked - fr.vested_since_settlement,
    lp_shares: readLpShares(store, key),
    staked: stakers.get(store, key)?.balance ?? 0n,
    savings_deposit: savingsBalances.get(store, key)?.deposit_balance ?? 0n,
    vault_collateral: vault?.collateral_rng ?? 0n,
    vault_debt: vault === undefined ? 0n : accrue(vault, clock.now_s, policy.stability_fee_apr_bps).vault.debt_vusdt
  }
}

export const readBridge = (store: StateStore): BridgeView => {
  const state = bridgeState.get(store)
  const refunds = bridgeRefundTotals.get(store)
  const back = state.total_deposited + refunds.total_refunded
  return { state, refunds, outstanding: state.total_withdrawn > back ? state.total_withdrawn - back : 0n }
}

/** one withdrawal with its status (pending, finalized, refunded) and its refund row */
export const readBridgeWithdrawal = (store: StateStore, id: bigint): BridgeWithdrawalView | undefined => {
  const withdrawal = bridgeWithdrawals.get(store, id.toString())
  if (withdrawal === undefined) return undefined
  const refund = bridgeRefunds.get(store, id.toString()) ?? null
  return { withdrawal, status: refund !== null ? "refunded" : withdrawal.fulfilled ? "finalized" : "pending", refund }
}

// ------------------------------------------------------------------ the handle

/** One handle over a store at a chain time: what agents and the indexer hold. */
export class ReadModel {
  constructor(
    readonly store: StateStore,
    readonly clock: ChainClock
  ) {}
  nonce(key: PublicKey): bigint {
    return readNonce(this.store, key)
  }
  player(key: PublicKey): Player | undefined {
    return readPlayer(this.store, key)
  }
  balances(key: PublicKey): BalancesView {
    return readBalances(this.store, key, this.clock)
  }
  session(id: bigint): GameSession | undefined {
    return readSession(this.store, id)
  }
  house(): House {
    return readHouse(this.store)
  }
  policy(): Policy {
    return readPolicy(this.store)
  }
  oracle(): OracleState {
    return readOracle(this.store)
  }
  treasury(): { readonly allocation: TreasuryAllocation; readonly vesting: TreasuryVesting } {
    return readTreasury(this.store)
  }
  amm(): AmmView {
    return readAmm(this.store)
  }
  lpShares(key: PublicKey): bigint {
    return readLpShares(this.store, key)
  }
  vault(key: PublicKey): VaultView | undefined {
    return readVault(this.store, key, this.clock)
  }
  vaultOwners(): PublicKey[] {
    return readVaultOwners(this.store)
  }
  savings(key: PublicKey): SavingsView {
    return readSavings(this.store, key)
  }
  staking(key: PublicKey): StakingView {
    return readStaking(this.store, key, this.clock)
  }
  tournament(id: bigint): Tournament | undefined {
    return readTournament(this.store, id)
  }
  cashLeaderboard(): ReadonlyArray<Standing> {
    return readCashLeaderboard(this.store)
  }
  membership(key: PublicKey): MembershipView | undefined {
    const p = readPlayer(this.store, key)
    return p === undefined ? undefined : readMembership(p, this.clock)
  }
  bridge(): BridgeView {
    return readBridge(this.store)
  }
  bridgeWithdrawal(id: bigint): BridgeWithdrawalView | undefined {
    return readBridgeWithdrawal(this.store, id)
  }
  freeroll(key: PublicKey): FreerollView | undefined {
    const p = readPlayer(this.store, key)
    return p === undefined ? undefined : readFreeroll(this.store, key, p, this.clock)
  }
}
