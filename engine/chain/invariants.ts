/**
 * Supply invariants checked after every transaction when a driver asks for it
 * (`ApplyOptions.check_invariants`: simulations and tests do). Cheap by construction: each law
 * is checked on the change the transaction made — only the rows it wrote — never by scanning
 * the state. With the laws holding at genesis (empty state), per-transaction balance means they
 * hold after every transaction:
 *  - RNG:   Σ chips + Σ vault collateral + Σ staked + AMM RNG reserve + house game balance
 *           + staking reward pool + penalty RNG  =  chips minted − chips burned
 *  - vUSDT: Σ vUSDT balances + AMM vUSDT reserve + savings deposits + recovery pool
 *           =  vUSDT minted − vUSDT burned
 * (economy.md §3; the same laws engine/economy/test/laws.ts checks on whole snapshots.)
 */
import { assert, fail } from "../assert.ts"
import { house, type House } from "../casino/house.ts"
import { players } from "../casino/player.ts"
import { ammPool } from "../economy/amm/pool.ts"
import { savingsPool } from "../economy/savings/savings.ts"
import { stakers } from "../economy/staking/staker.ts"
import { vaults } from "../economy/vault/vault.ts"
import type { SingletonDef, StateStore, TableDef } from "../state/store.ts"

/** Σ term(after) − Σ term(before) over the rows the open transaction changed (absent row = 0) */
const tableDelta = <A, I>(store: StateStore, def: TableDef<A, I>, term: (a: A) => bigint): bigint => {
  let d = 0n
  def.forEachTxChange(store, (_key, before, after) => {
    if (after !== undefined) d += term(after)
    if (before !== undefined) d -= term(before)
  })
  return d
}

/** the same for a singleton (an unwritten singleton reads as its initial value) */
const singletonDelta = <A, I>(store: StateStore, def: SingletonDef<A, I>, term: (a: A) => bigint): bigint => {
  let d = 0n
  def.table.forEachTxChange(store, (_key, before, after) => {
    d += term(after ?? def.initial()) - term(before ?? def.initial())
  })
  return d
}

const rngHouse = (h: House): bigint => h.game_balance + h.staking_reward_pool + h.penalty_rng - (h.chips_minted - h.chips_burned)
const vusdtHouse = (h: House): bigint => h.recovery_pool_vusdt - (h.vusdt_minted - h.vusdt_burned)

/** assert the supply laws over the open transaction's writes (call before it commits) */
export const checkTransactionInvariants = (store: StateStore): void => {
  assert(store.transactionOpen, "invariants are checked on an open transaction")
  const rng =
    tableDelta(store, players, (p) => p.chips) +
    tableDelta(store, vaults, (v) => v.collateral_rng) +
    tableDelta(store, stakers, (s) => s.balance) +
    singletonDelta(store, ammPool, (p) => p.reserve_rng) +
    singletonDelta(store, house, rngHouse)
  if (rng !== 0n) fail(`RNG held − (minted − burned) moved by ${rng}`)
  const vusdt =
    tableDelta(store, players, (p) => p.vusdt_balance) +
    singletonDelta(store, ammPool, (p) => p.reserve_vusdt) +
    singletonDelta(store, savingsPool, (s) => s.total_deposits) +
    singletonDelta(store, house, vusdtHouse)
  if (vusdt !== 0n) fail(`vUSDT held − (minted − burned) moved by ${vusdt}`)
}
