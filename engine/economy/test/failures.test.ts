/**
 * Invariant 5 (docs/economy-invariants.md): failure hygiene. Every transaction runs in its own
 * block; one that fails changes nothing but its signer's nonce (the store, accounts excluded, is
 * byte-identical before and after), and none is skipped. Admin instructions from other keys
 * always fail; an admin SetPolicy applies exactly when the policy satisfies every §4.2 bound,
 * and the stored policy always does.
 */
import { describe, expect, it } from "vitest"
import { assertCovering } from "../../../test/coverage.ts"
import { ADMIN_INSTRUCTIONS } from "../../tx/instruction.ts"
import { MIXED, sequenceArb, type Step } from "./arbitraries.ts"
import { ADMIN, type TxRecord } from "./harness.ts"
import { policyIsValid } from "./laws.ts"
import { Runner, type Checker } from "./run.ts"
import { supplyChecker } from "./supply-checker.ts"

interface Tally {
  failed: number
  applied: number
  policies: number
}

const hygieneChecker = (tally: Tally): Checker => ({
  tx: (r: TxRecord) => {
    expect(r.out.status, "a correctly signed transaction with the right nonce is never skipped").not.toBe("skipped")
    if (r.out.status === "failed") {
      tally.failed++
      expect(r.dumpAfter, `${r.ix._tag} failed (${r.out.error?.message ?? ""}) but changed state`).toBe(r.dumpBefore)
    } else tally.applied++
    if (ADMIN_INSTRUCTIONS.has(r.ix._tag) && r.who.public_key !== ADMIN.public_key) expect(r.out.status).toBe("failed")
    expect(policyIsValid(r.post.policy), "the stored policy always satisfies §4.2").toBe(true)
  },
  step: (step: Step, records) => {
    if (step.k !== "setPolicy") return
    const [r] = records
    if (r === undefined || r.who.public_key !== ADMIN.public_key) return
    tally.policies++
    expect(policyIsValid(step.policy), "the generator labels policies correctly").toBe(step.valid)
    expect(r.out.status === "applied", `SetPolicy(valid=${step.valid}) → ${r.out.error?.message ?? "applied"}`).toBe(step.valid)
  }
})

describe("failure hygiene", () => {
  it("a failed transaction changes nothing but the nonce, along random sequences of every kind", () => {
    const tally: Tally = { failed: 0, applied: 0, policies: 0 }
    assertCovering(
      sequenceArb({ ...MIXED, setPolicy: 4 }, 70),
      (steps) => new Runner({ seeded: true }, [hygieneChecker(tally), supplyChecker()], true).run(steps),
      () => {
        expect(tally.failed).toBeGreaterThan(100)
        expect(tally.applied).toBeGreaterThan(100)
        expect(tally.policies).toBeGreaterThan(5)
      },
      { numRuns: 10 }
    )
  })
})
