/**
 * worstVault (one unsorted pass, a total ranking) selects exactly what the previous selection
 * did: a scan of every vault in key order (the sorted `entries()`), replacing the best only when
 * strictly worse or tied on LTV and older. Random vault sets with many deliberate ties (equal
 * ratios, equal creation times, zero collateral value, zero debt) and random prices and clocks.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { assertCovering } from "../../../../test/coverage.ts"
import { toHex } from "../../../codec/bytes.ts"
import { PublicKey } from "../../../schema/primitives.ts"
import { StateStore } from "../../../state/store.ts"
import { isqrt } from "../../amm/math.ts"
import { ammPool } from "../../amm/pool.ts"
import { oracleState } from "../../oracle/oracle.ts"
import { liquidationPrice } from "../../oracle/price.ts"
import { DEFAULT_POLICY } from "../../policy.ts"
import { policyState } from "../../policy-state.ts"
import { accrue } from "../accrue.ts"
import { worstVault } from "../recovery.ts"
import { vaults, type Vault } from "../vault.ts"

/** the selection as it was before the single-pass rewrite (sorted scan, replace on worse or older tie) */
const previousWorstVault = (store: StateStore, now_s: bigint): PublicKey | null => {
  const policy = policyState.get(store)
  const price = liquidationPrice(policy, ammPool.get(store), oracleState.get(store), now_s)
  let best: { key: string; debt: bigint; cv: bigint; created: bigint } | null = null
  for (const [key, stored] of vaults.entries(store)) {
    const debt = accrue(stored, now_s, policy.stability_fee_apr_bps).vault.debt_vusdt
    if (debt === 0n) continue
    const cv = price.den === 0n ? 0n : (stored.collateral_rng * price.num) / price.den
    const candidate = { key, debt, cv, created: stored.created_ts }
    if (best === null) {
      best = candidate
      continue
    }
    const lhs = candidate.cv === 0n ? null : candidate.debt * best.cv
    const rhs = best.cv === 0n ? null : best.debt * candidate.cv
    const worse = lhs === null ? best.cv !== 0n : rhs === null ? false : lhs > rhs
    const tie = (lhs === null && rhs === null) || (lhs !== null && rhs !== null && lhs === rhs)
    if (worse || (tie && candidate.created < best.created)) best = candidate
  }
  return best === null ? null : PublicKey.make(best.key)
}

const NOW_S = 86_400_000n

/** small value sets so that equal ratios and equal creation times are frequent */
const vaultArb: fc.Arbitrary<Vault> = fc.record({
  collateral_rng: fc.oneof(fc.constantFrom(0n, 1n, 10n, 20n, 1_000n), fc.bigInt({ min: 0n, max: 10n ** 12n })),
  debt_vusdt: fc.oneof(fc.constantFrom(0n, 1n, 5n, 10n, 500n), fc.bigInt({ min: 0n, max: 10n ** 11n })),
  last_accrual_ts: fc.oneof(fc.constant(NOW_S), fc.constant(0n), fc.bigInt({ min: NOW_S - 40_000_000n, max: NOW_S })),
  interest_remainder: fc.constant(0n),
  created_ts: fc.constantFrom(1n, 2n, 3n, NOW_S)
})

const keyArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => PublicKey.make(toHex(b)))

const worldArb = fc.record({
  vaults: fc.uniqueArray(fc.tuple(keyArb, vaultArb), { maxLength: 24, selector: ([k]) => k }),
  pool: fc.oneof(
    fc.constant({ rng: 0n, vusdt: 0n }),
    fc.record({ rng: fc.bigInt({ min: 1n, max: 10n ** 9n }), vusdt: fc.bigInt({ min: 1n, max: 10n ** 8n }) })
  ),
  apr_bps: fc.constantFrom(0, 800, 10_000),
  /** the vaults are written in this rotation, so storage order differs from key order */
  rotate: fc.nat({ max: 23 })
})

describe("worstVault", () => {
  it("selects the same vault as the previous sorted selection on random vault sets", () => {
    let selected = 0
    assertCovering(
      worldArb,
      (w) => {
        const store = new StateStore()
        store.begin()
        policyState.put(store, { ...DEFAULT_POLICY, stability_fee_apr_bps: w.apr_bps })
        if (w.pool.rng > 0n) ammPool.put(store, { ...ammPool.get(store), reserve_rng: w.pool.rng, reserve_vusdt: w.pool.vusdt, total_shares: isqrt(w.pool.rng * w.pool.vusdt) })
        const cut = w.vaults.length === 0 ? 0 : w.rotate % w.vaults.length
        for (const [k, v] of [...w.vaults.slice(cut), ...w.vaults.slice(0, cut)]) vaults.put(store, k, v)
        store.commit()
        const got = worstVault(store, NOW_S)
        expect(got).toBe(previousWorstVault(store, NOW_S))
        if (got !== null) selected++
      },
      () => expect(selected, "runs with some vault debt").toBeGreaterThan(1_000),
      { numRuns: 2_000 }
    )
  })
})
