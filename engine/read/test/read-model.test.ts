/**
 * The read model against hand-written state: it reports what the engine's records and pure
 * functions say (accrued debt, LTV at the liquidation price, liquidatability, vested credits,
 * membership limits, claimable rewards), its views satisfy their Schemas, and reading never
 * writes (the state root and table sizes are unchanged).
 */
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { newPlayer, players } from "../../casino/player.ts"
import { clockAt } from "../../chain/clock.ts"
import { ammPool, emptyPool } from "../../economy/amm/pool.ts"
import { creditTranches } from "../../economy/tournament/credits.ts"
import { vaults } from "../../economy/vault/vault.ts"
import { PublicKey } from "../../schema/primitives.ts"
import { StateStore } from "../../state/store.ts"
import { ReadModel } from "../read-model.ts"
import { AmmView, BalancesView, MembershipView, VaultView } from "../views.ts"

const ALICE = PublicKey.make("a".repeat(64))
const BOB = PublicKey.make("b".repeat(64))
const DAY = 28_800n // views per day

const world = (reserve_rng: bigint, reserve_vusdt: bigint): StateStore => {
  const store = new StateStore()
  store.begin()
  ammPool.put(store, { ...emptyPool(), reserve_rng, reserve_vusdt, total_shares: 1_000_000n })
  players.put(store, ALICE, {
    ...newPlayer("alice", 5_000n, 0n),
    vusdt_balance: 70n,
    daily_limit: 10,
    freeroll_credits: 100n,
    freeroll_credits_locked: 400n,
    freeroll_credits_unlock_start_ts: 0n,
    freeroll_credits_unlock_end_ts: 400n
  })
  creditTranches.put(store, ALICE, { tranches: [{ locked: 400n, start_ts: 0n, end_ts: 400n }] })
  vaults.put(store, ALICE, { collateral_rng: 1_000n, debt_vusdt: 500n, last_accrual_ts: 3n, interest_remainder: 0n, created_ts: 3n })
  store.commit()
  return store
}

describe("read model", () => {
  it("reports a vault's accrued debt, LTV and health at the read time", () => {
    const store = world(1_000_000n, 1_000_000n)
    const at0 = new ReadModel(store, clockAt(0n)).vault(ALICE)
    expect(at0?.debt_now).toBe(500n)
    expect(at0?.ltv_bps).toBe(5_000n) // 500 / (1,000 × 1.0)
    expect(at0?.liquidatable).toBe(false) // threshold 6,000
    expect(at0?.borrow_headroom).toBe(0n) // new accounts borrow to 30 %
    const later = new ReadModel(store, clockAt(1n + 365n * DAY)).vault(ALICE)
    expect(later?.debt_now).toBe(540n) // 8 % a year
    expect(Schema.is(VaultView)(later)).toBe(true)
    // the price halves: 500 / 500 = 100 % LTV, liquidatable
    const crashed = new ReadModel(world(2_000_000n, 1_000_000n), clockAt(0n)).vault(ALICE)
    expect(crashed?.ltv_bps).toBe(10_000n)
    expect(crashed?.liquidatable).toBe(true)
    expect(new ReadModel(store, clockAt(0n)).vault(BOB)).toBeUndefined()
  })

  it("reports balances, vested credits and membership from the records", () => {
    const store = world(1_000_000n, 2_000_000n)
    const read = new ReadModel(store, clockAt(100n)) // now = 300 s: 3/4 of the 400 locked credits vested
    const b = read.balances(ALICE)
    expect(Schema.is(BalancesView)(b)).toBe(true)
    expect(b).toMatchObject({ chips: 5_000n, vusdt: 70n, vault_collateral: 1_000n, freeroll_credits: 400n, freeroll_credits_locked: 100n })
    const m = read.membership(ALICE)
    expect(Schema.is(MembershipView)(m)).toBe(true)
    expect(m).toMatchObject({ daily_limit: 10, member: true, limit_today: 3 }) // trial week: min(10, 3)
    expect(new ReadModel(store, clockAt(8n * DAY)).membership(ALICE)?.limit_today).toBe(10)
    const amm = read.amm()
    expect(Schema.is(AmmView)(amm)).toBe(true)
    expect(amm).toMatchObject({ tradable: true, spot: { num: 2_000_000n, den: 1_000_000n } })
    expect(read.staking(ALICE)).toMatchObject({ claimable: 0n, epoch_due_view: 100n, unlocked: true })
    expect(read.savings(ALICE).claimable).toBe(0n)
  })

  it("never writes: the root and the table sizes are the same after every read", () => {
    const store = world(1_000_000n, 1_000_000n)
    const root = Buffer.from(store.root()).toString("hex")
    const nonEmpty = () => JSON.stringify(Object.entries(store.tableSizes()).filter(([, n]) => n > 0))
    const sizes = nonEmpty()
    const read = new ReadModel(store, clockAt(5n * DAY))
    read.balances(ALICE)
    read.balances(BOB)
    read.vault(ALICE)
    read.vaultOwners()
    read.savings(BOB)
    read.staking(BOB)
    read.tournament(7n)
    read.treasury()
    read.policy()
    read.oracle()
    read.house()
    read.cashLeaderboard()
    read.freeroll(ALICE)
    expect(Buffer.from(store.root()).toString("hex")).toBe(root)
    expect(nonEmpty()).toBe(sizes)
    expect(read.vaultOwners()).toEqual([ALICE])
  })
})
