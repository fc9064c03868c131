/**
 * The recovery pool (economy.md §2.26–2.28, §3.18), admin only: fund it (vUSDT representing
 * off-chain proceeds), retire a vault's debt from it, or retire the worst vault's debt. The worst
 * vault is ranked by LTV with interest accrued (B25), ties to the oldest vault (created first),
 * then the smaller key.
 */
import { assert } from "../../assert.ts"
import { InvalidBet, InvalidMove } from "../../errors.ts"
import type { Handler, HandlerResult, TxContext } from "../../execute/context.ts"
import { house } from "../../casino/house.ts"
import { ammPool } from "../amm/pool.ts"
import { oracleState } from "../oracle/oracle.ts"
import { liquidationPrice } from "../oracle/price.ts"
import { policyState } from "../policy-state.ts"
import { accrue } from "./accrue.ts"
import { touchVault } from "./ledger.ts"
import { vaults } from "./vault.ts"
import { PublicKey } from "../../schema/primitives.ts"
import type { StateStore } from "../../state/store.ts"

export const fundRecoveryPool: Handler<"FundRecoveryPool"> = (ctx, ix) => {
  if (ix.amount === 0n) return new InvalidBet({ message: "fund a positive amount" })
  const h = house.update(ctx.store, (x) => ({ ...x, recovery_pool_vusdt: x.recovery_pool_vusdt + ix.amount, vusdt_minted: x.vusdt_minted + ix.amount }))
  ctx.emit({ _tag: "RecoveryPoolFunded", admin: ctx.signer, amount: ix.amount, new_balance: h.recovery_pool_vusdt })
  return undefined
}

const retire = (ctx: TxContext, target: PublicKey, amount: bigint): HandlerResult => {
  if (amount === 0n) return new InvalidBet({ message: "retire a positive amount" })
  const stored = vaults.get(ctx.store, target)
  if (stored === undefined) return new InvalidMove({ message: "No vault for that key" })
  const v = touchVault(ctx, target, stored)
  const h = house.get(ctx.store)
  let r = amount < h.recovery_pool_vusdt ? amount : h.recovery_pool_vusdt
  if (v.debt_vusdt < r) r = v.debt_vusdt
  if (r === 0n) return new InvalidMove({ message: "No debt to retire" })
  const next = { ...v, debt_vusdt: v.debt_vusdt - r, interest_remainder: v.debt_vusdt === r ? 0n : v.interest_remainder }
  vaults.put(ctx.store, target, next)
  const after = house.update(ctx.store, (x) => ({
    ...x,
    total_vusdt_debt: x.total_vusdt_debt - r,
    recovery_pool_vusdt: x.recovery_pool_vusdt - r,
    recovery_pool_retired: x.recovery_pool_retired + r,
    vusdt_burned: x.vusdt_burned + r
  }))
  ctx.emit({ _tag: "RecoveryPoolRetired", admin: ctx.signer, target, amount: r, new_debt: next.debt_vusdt, pool_balance: after.recovery_pool_vusdt })
  return undefined
}

export const retireVaultDebt: Handler<"RetireVaultDebt"> = (ctx, ix) => retire(ctx, ix.target, ix.amount)

interface Ranked {
  readonly key: string
  readonly debt: bigint
  /** collateral value at the liquidation price; 0 is an unbounded LTV */
  readonly cv: bigint
  readonly created: bigint
}

/** a ranks before b: higher LTV (debt/cv compared exactly by cross-multiplying), then older, then smaller key */
const ranksBefore = (a: Ranked, b: Ranked): boolean => {
  if (a.cv === 0n || b.cv === 0n) {
    if (a.cv !== b.cv) return a.cv === 0n
  } else {
    const lhs = a.debt * b.cv
    const rhs = b.debt * a.cv
    if (lhs !== rhs) return lhs > rhs
  }
  if (a.created !== b.created) return a.created < b.created
  return a.key < b.key
}

/**
 * The vault to retire first: highest accrued LTV at the liquidation price, then oldest, then
 * smallest key. One pass over the vault table in storage order (the ranking is a total order, so
 * the result does not depend on it), bounded by the table's row count; no sort, no copy.
 */
export const worstVault = (store: StateStore, now_s: bigint): PublicKey | null => {
  const policy = policyState.get(store)
  const price = liquidationPrice(policy, ammPool.get(store), oracleState.get(store), now_s)
  const vaults_max = vaults.count(store)
  let scanned = 0
  let best: Ranked | null = null
  for (const [key, stored] of vaults.unorderedEntries(store)) {
    scanned++
    assert(scanned <= vaults_max, `worstVault scanned more than the ${vaults_max} stored vaults`)
    const debt = accrue(stored, now_s, policy.stability_fee_apr_bps).vault.debt_vusdt
    if (debt === 0n) continue
    const cv = price.den === 0n ? 0n : (stored.collateral_rng * price.num) / price.den
    const candidate: Ranked = { key, debt, cv, created: stored.created_ts }
    if (best === null || ranksBefore(candidate, best)) best = candidate
  }
  return best === null ? null : PublicKey.make(best.key)
}

export const retireWorstVaultDebt: Handler<"RetireWorstVaultDebt"> = (ctx, ix) => {
  if (ix.amount === 0n) return new InvalidBet({ message: "retire a positive amount" })
  if (vaults.count(ctx.store) === 0) return new InvalidMove({ message: "No vaults registered" })
  const target = worstVault(ctx.store, ctx.clock.now_s)
  if (target === null) return new InvalidMove({ message: "No vault debt to retire" })
  return retire(ctx, target, ix.amount)
}
