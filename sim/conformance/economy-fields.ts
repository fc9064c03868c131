/**
 * Reads the state fields economy vectors may name (VOCABULARY.md §3.3) from the engine's tables,
 * as decimal strings (booleans as "true"/"false", empty options as null). A name the vocabulary
 * does not list is an error, never a skip.
 */
import { Schema } from "effect"
import { House, house } from "../../engine/casino/house.ts"
import { Player, players } from "../../engine/casino/player.ts"
import { AmmPool, ammPool, lpBalances } from "../../engine/economy/amm/pool.ts"
import { bridgeState, BridgeState } from "../../engine/economy/bridge/bridge.ts"
import { oracleState, OracleState } from "../../engine/economy/oracle/oracle.ts"
import { savingsBalances, savingsPool, SavingsBalance, SavingsPool } from "../../engine/economy/savings/savings.ts"
import { stakers, Staker } from "../../engine/economy/staking/staker.ts"
import { treasury, treasuryVesting } from "../../engine/economy/treasury/treasury.ts"
import { TREASURY_BUCKETS, TreasuryAllocation, VestingSchedule } from "../../engine/economy/treasury-records.ts"
import { vaults, Vault } from "../../engine/economy/vault/vault.ts"
import type { StateStore } from "../../engine/state/store.ts"

export class UnknownField extends Error {}

const scalar = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === "object" ? JSON.stringify(v) : String(v))

const fieldOf = <A, I>(schema: Schema.Schema<A, I>, value: A, field: string, what: string): string | null => {
  const encoded: unknown = Schema.encodeSync(schema)(value)
  if (typeof encoded !== "object" || encoded === null || !(field in encoded)) throw new UnknownField(`unknown ${what} field "${field}"`)
  return scalar(Object.entries(encoded).find(([k]) => k === field)?.[1])
}

const ZERO_STAKER: Staker = { balance: 0n, unlock_ts: 0n, last_claim_epoch: 0n, voting_power: 0n, reward_debt_x18: 0n, unclaimed_rewards: 0n }
const ZERO_VAULT: Vault = { collateral_rng: 0n, debt_vusdt: 0n, last_accrual_ts: 0n, interest_remainder: 0n, created_ts: 0n }
const ZERO_SAVINGS: SavingsBalance = { deposit_balance: 0n, reward_debt_x18: 0n, unclaimed_rewards: 0n }

/** `owner` is an actor's public key, or a bucket name for treasury_vesting, or null for globals */
export const readExpectedField = (store: StateStore, section: string, field: string, owner: string | null): string | null => {
  switch (section) {
    case "balances": {
      const p = players.get(store, owner ?? "")
      if (p === undefined) return null
      return fieldOf(Player, p, field, "player")
    }
    case "lp_balance":
      return (lpBalances.get(store, owner ?? "")?.shares ?? 0n).toString()
    case "amm":
      return fieldOf(AmmPool, ammPool.get(store), field, "amm")
    case "house":
      return fieldOf(House, house.get(store), field, "house")
    case "vault":
      return fieldOf(Vault, vaults.get(store, owner ?? "") ?? ZERO_VAULT, field, "vault")
    case "savings":
      return fieldOf(SavingsPool, savingsPool.get(store), field, "savings")
    case "savings_balance":
      return fieldOf(SavingsBalance, savingsBalances.get(store, owner ?? "") ?? ZERO_SAVINGS, field, "savings balance")
    case "staker":
      return fieldOf(Staker, stakers.get(store, owner ?? "") ?? ZERO_STAKER, field, "staker")
    case "treasury":
      return fieldOf(TreasuryAllocation, treasury.get(store), field, "treasury")
    case "treasury_vesting": {
      const bucket = TREASURY_BUCKETS.find((b) => b === owner)
      if (bucket === undefined) throw new UnknownField(`unknown treasury bucket "${owner}"`)
      return fieldOf(VestingSchedule, treasuryVesting.get(store)[bucket], field, "vesting")
    }
    case "oracle":
      return fieldOf(OracleState, oracleState.get(store), field, "oracle")
    case "bridge":
      return fieldOf(BridgeState, bridgeState.get(store), field, "bridge")
    default:
      throw new UnknownField(`unknown expect section "${section}"`)
  }
}
