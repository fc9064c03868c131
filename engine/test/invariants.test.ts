/**
 * The per-transaction supply check (chain/invariants.ts) sees exactly the rows a transaction
 * wrote: a balanced change passes, an unbalanced one (chips from nowhere, vUSDT vanishing)
 * throws AssertionFailed, and a block run with the check on refuses such a transaction.
 */
import { describe, expect, it } from "vitest"
import { AssertionFailed, present } from "../assert.ts"
import { checkTransactionInvariants } from "../chain/invariants.ts"
import { house } from "../casino/house.ts"
import { newPlayer, players } from "../casino/player.ts"
import { PublicKey } from "../schema/primitives.ts"
import { StateStore } from "../state/store.ts"

const pk = PublicKey.make("cd".repeat(32))

/** run `write` as one transaction, then the check; returns what the check threw (or null) */
const checked = (store: StateStore, write: () => void): unknown => {
  store.begin()
  write()
  try {
    checkTransactionInvariants(store)
    return null
  } catch (e) {
    return e
  } finally {
    store.commit()
  }
}

describe("per-transaction supply invariants", () => {
  it("a mint recorded on both sides passes; chips or vUSDT from nowhere fail", () => {
    const store = new StateStore()
    const minted = checked(store, () => {
      players.put(store, pk, newPlayer("p", 1_000n, 0n))
      house.update(store, (h) => ({ ...h, chips_minted: h.chips_minted + 1_000n }))
    })
    expect(minted).toBe(null)
    const p = present(players.get(store, pk), "player")
    const fromNowhere = checked(store, () => players.put(store, pk, { ...p, chips: p.chips + 1n }))
    expect(fromNowhere).toBeInstanceOf(AssertionFailed)
    expect(String(fromNowhere)).toContain("RNG")
    const q = present(players.get(store, pk), "player")
    const usd = checked(store, () => players.put(store, pk, { ...q, vusdt_balance: q.vusdt_balance + 5n }))
    expect(usd).toBeInstanceOf(AssertionFailed)
    expect(String(usd)).toContain("vUSDT")
    // a key written twice in one transaction counts once, from its value before the transaction
    const r = present(players.get(store, pk), "player")
    const twice = checked(store, () => {
      players.put(store, pk, { ...r, chips: r.chips + 7n })
      players.put(store, pk, { ...r, chips: r.chips + 3n })
      house.update(store, (h) => ({ ...h, game_balance: h.game_balance - 3n }))
    })
    expect(twice).toBe(null)
  })
})
