/**
 * The economy's invariants as the runner checks them, each with a stable name a violation
 * report carries.
 *
 * Two kinds (docs/economy-invariants.md):
 *  - transaction laws run inside every transaction, before it commits, on the rows it wrote
 *    (`ApplyOptions.check_invariants` as a function). The default is the engine's own checker
 *    (engine/chain/invariants.ts: RNG and vUSDT supply conservation), named `supply.rng` /
 *    `supply.vusdt` from its message.
 *  - block laws run after every block on the whole state: vault debt total, savings totals and
 *    solvency, staking totals and solvency, freeroll issuance cap, interest accounting.
 *
 * A law returns null when it holds, else a one-line detail. Tests inject their own suite (a law
 * that fails at a known transaction) to prove a violation report names the right block and tx.
 */
import { AssertionFailed } from "../../engine/assert.ts"
import { house } from "../../engine/casino/house.ts"
import { players } from "../../engine/casino/player.ts"
import { checkTransactionInvariants } from "../../engine/chain/invariants.ts"
import { savingsBalances, savingsPool } from "../../engine/economy/savings/savings.ts"
import { stakers } from "../../engine/economy/staking/staker.ts"
import { ISSUANCE_CAP } from "../../engine/economy/tournament/payout.ts"
import { vaults } from "../../engine/economy/vault/vault.ts"
import type { DigestHex } from "../../engine/schema/primitives.ts"
import type { StateStore } from "../../engine/state/store.ts"

const SCALE_X18 = 10n ** 18n

/** context of the transaction being checked */
export interface TxCheckContext {
  readonly tx_id: DigestHex
  readonly index: number
  /** height of the block being executed */
  readonly height: bigint
}

export interface TransactionLaw {
  readonly name: string
  readonly check: (store: StateStore, tx: TxCheckContext) => string | null
}

export interface BlockLaw {
  readonly name: string
  readonly check: (store: StateStore, height: bigint) => string | null
}

export interface InvariantSuite {
  readonly transaction: ReadonlyArray<TransactionLaw>
  readonly block: ReadonlyArray<BlockLaw>
}

/** the engine's per-transaction supply laws, each failure named by the asset its message names */
export const engineSupplyLaw: TransactionLaw = {
  name: "supply",
  check: (store) => {
    try {
      checkTransactionInvariants(store)
      return null
    } catch (e) {
      if (e instanceof AssertionFailed) return e.message
      throw e
    }
  }
}

/** the stable name of an engine supply failure: supply.rng or supply.vusdt */
export const supplyLawName = (detail: string): string => (detail.includes("vUSDT") ? "supply.vusdt" : detail.includes("RNG") ? "supply.rng" : "supply")

const sumOf = <A>(values: Iterable<A>, f: (a: A) => bigint): bigint => {
  let s = 0n
  for (const v of values) s += f(v)
  return s
}

export const BLOCK_LAWS: ReadonlyArray<BlockLaw> = [
  {
    name: "vault.debt_total",
    check: (store) => {
      const total = sumOf(vaults.values(store), (v) => v.debt_vusdt)
      const h = house.get(store).total_vusdt_debt
      return total === h ? null : `Σ vault debt ${total} ≠ house.total_vusdt_debt ${h}`
    }
  },
  {
    name: "savings.deposits_total",
    check: (store) => {
      const total = sumOf(savingsBalances.values(store), (b) => b.deposit_balance)
      const pool = savingsPool.get(store).total_deposits
      return total === pool ? null : `Σ savings deposits ${total} ≠ pool.total_deposits ${pool}`
    }
  },
  {
    name: "savings.solvency",
    check: (store) => {
      const pool = savingsPool.get(store)
      const owed = sumOf(
        savingsBalances.values(store),
        (b) => b.unclaimed_rewards + (b.deposit_balance * pool.reward_per_share_x18 - b.reward_debt_x18) / SCALE_X18
      )
      if (pool.total_rewards_paid > pool.total_rewards_accrued) return `savings paid ${pool.total_rewards_paid} > accrued ${pool.total_rewards_accrued}`
      const left = pool.total_rewards_accrued - pool.total_rewards_paid
      return owed <= left ? null : `savings owed ${owed} > accrued − paid ${left}`
    }
  },
  {
    name: "staking.totals",
    check: (store) => {
      const h = house.get(store)
      const staked = sumOf(stakers.values(store), (s) => s.balance)
      const power = sumOf(stakers.values(store), (s) => s.voting_power)
      if (staked !== h.total_staked_amount) return `Σ staked ${staked} ≠ house.total_staked_amount ${h.total_staked_amount}`
      return power === h.total_voting_power ? null : `Σ voting power ${power} ≠ house.total_voting_power ${h.total_voting_power}`
    }
  },
  {
    name: "staking.solvency",
    check: (store) => {
      const h = house.get(store)
      const owed = sumOf(
        stakers.values(store),
        (s) => s.unclaimed_rewards + (s.voting_power * h.staking_reward_per_voting_power_x18 - s.reward_debt_x18) / SCALE_X18
      )
      return owed <= h.staking_reward_pool ? null : `staking owed ${owed} > reward pool ${h.staking_reward_pool}`
    }
  },
  {
    name: "freeroll.issuance",
    check: (store) => {
      const h = house.get(store)
      if (h.total_issuance > ISSUANCE_CAP) return `total_issuance ${h.total_issuance} > cap ${ISSUANCE_CAP}`
      const held = sumOf(players.values(store), (p) => p.freeroll_credits + p.freeroll_credits_locked)
      return held <= h.total_issuance ? null : `credits held ${held} > credits issued ${h.total_issuance}`
    }
  },
  {
    name: "interest.accrued",
    check: (store) => {
      const a = house.get(store).stability_fees_accrued
      const b = savingsPool.get(store).total_rewards_accrued
      return a === b ? null : `house.stability_fees_accrued ${a} ≠ savings.total_rewards_accrued ${b}`
    }
  }
]

/** what every run checks unless a test hands in its own suite */
export const DEFAULT_INVARIANTS: InvariantSuite = { transaction: [engineSupplyLaw], block: BLOCK_LAWS }
