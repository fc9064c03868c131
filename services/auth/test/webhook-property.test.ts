/**
 * Property (seeded, test/fast-check-seed.ts): whatever order Stripe's deliveries arrive in —
 * shuffled, duplicated, stale re-deliveries — the entitlements after all of them equal those the
 * latest subscription state implies: each of its items at its status with the allowlist's tier,
 * every price the subscription once had and no longer has canceled, and the freeroll limit that
 * follows. Deliveries go through the real endpoint, signed with generateTestHeaderString.
 */
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { memoryLogSink } from "../../log.ts"
import { adminSignerFromHex } from "../admin-key.ts"
import { entitlementsOfCustomer, UNLISTED_TIER } from "../entitlements.ts"
import { startAuthServer, type AuthServer } from "../start.ts"
import { desiredFreerollLimit } from "../subscription.ts"
import { signedDelivery, StripeStub, type StubSubscription } from "./stripe-stub.ts"
import { dropSchema, MEMBER_PRICE, PRICE_TIERS, pgStorage, STRIPE_KEY, testConfig, uniqueSchema, WEBHOOK_SECRET } from "./helpers.ts"

const schema = uniqueSchema("prop")
const stub = new StripeStub(STRIPE_KEY)
let server: AuthServer

beforeAll(async () => {
  await stub.start()
  server = await startAuthServer(
    testConfig({ storage: pgStorage(schema), stripe_port: stub.port, rate_limits: { challenge: { window_ms: 1, max: 0 }, profile: { window_ms: 1, max: 0 }, billing: { window_ms: 1, max: 0 }, webhook: { window_ms: 1, max: 0 } } }),
    adminSignerFromHex("22".repeat(32), "test"),
    memoryLogSink()
  )
})

afterAll(async () => {
  await server?.close()
  await stub.close()
  await dropSchema(schema)
})

const PRICES = [MEMBER_PRICE, "price_supporter", "price_unlisted"] as const
const STATUSES = ["incomplete", "trialing", "active", "past_due", "unpaid", "canceled"] as const

const stateArb = fc.record({
  status: fc.constantFrom(...STATUSES),
  prices: fc.subarray([...PRICES], { minLength: 1 }),
  gap_s: fc.integer({ min: 1, max: 5_000 })
})

const historyArb = fc.record({
  states: fc.array(stateArb, { minLength: 1, maxLength: 5 }),
  // the delivery order: a permutation of the events plus duplicates and late re-deliveries
  order: fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
  shuffle: fc.array(fc.nat(), { minLength: 0, maxLength: 12 })
})

let run = 0

const deliverAll = async (events: ReadonlyArray<unknown>) => {
  for (const e of events) {
    const d = signedDelivery(e, WEBHOOK_SECRET)
    const res = await fetch(`${server.url}/stripe/webhook`, { method: "POST", body: d.payload, headers: { "stripe-signature": d.header } })
    expect(res.status).toBe(200)
    await res.arrayBuffer()
  }
}

describe("webhook ordering property", () => {
  it("at the same timestamp a terminal state wins in either arrival order", async () => {
    for (const reversed of [false, true]) {
      const customer = `cus_tie_${reversed ? "b" : "a"}`
      const sub = stub.createSubscription(customer, [{ price: MEMBER_PRICE, product: "prod_m" }])
      const active = stub.event("customer.subscription.updated", { ...sub, status: "active" }, 1_950_000_000)
      const canceled = stub.event("customer.subscription.deleted", { ...sub, status: "canceled" }, 1_950_000_000)
      await deliverAll(reversed ? [canceled, active] : [active, canceled])
      expect((await entitlementsOfCustomer(server.service.sql, customer)).map((e) => e.status)).toEqual(["canceled"])
    }
  })

  it("the entitlement after shuffled, duplicated and stale deliveries is the latest state's", async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async ({ states, order, shuffle }) => {
        run++
        const customer = `cus_prop_${run}`
        const base: StubSubscription = stub.createSubscription(customer, [{ price: MEMBER_PRICE, product: "prod_m" }])
        let t = 1_900_000_000
        const events = states.map((s, i) => {
          t += s.gap_s
          const sub: StubSubscription = {
            ...base,
            status: s.status,
            items: { object: "list", data: s.prices.map((p) => ({ id: `si_${p}`, object: "subscription_item", quantity: 1, price: { id: p, object: "price", product: `prod_${p}` }, current_period_start: t, current_period_end: t + 2_592_000 })) }
          }
          return stub.event(i === 0 ? "customer.subscription.created" : s.status === "canceled" ? "customer.subscription.deleted" : "customer.subscription.updated", sub, t)
        })
        // every event at least once, in a shuffled order, then duplicates / stale re-deliveries
        const deck = [...events]
        for (const [i, k] of shuffle.entries()) {
          const j = k % deck.length
          const a = deck[i % deck.length]
          const b = deck[j]
          if (a !== undefined && b !== undefined) {
            deck[i % deck.length] = b
            deck[j] = a
          }
        }
        const extra = order.map((k) => events[k % events.length]).filter((e) => e !== undefined)
        for (const e of [...deck, ...extra]) {
          const d = signedDelivery(e, WEBHOOK_SECRET)
          const res = await fetch(`${server.url}/stripe/webhook`, { method: "POST", body: d.payload, headers: { "stripe-signature": d.header } })
          if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`)
          await res.arrayBuffer().catch(() => undefined)
        }
        const latest = states[states.length - 1]
        if (latest === undefined) throw new Error("no state")
        // the latest state's items at its status; any other price the subscription had is canceled
        // (or was never recorded, when its only state arrived after a newer one)
        const expected = [...latest.prices].sort().map((p) => ({ price_id: p, tier: PRICE_TIERS.get(p) ?? UNLISTED_TIER, status: latest.status }))
        const rows = (await entitlementsOfCustomer(server.service.sql, customer)).map((e) => ({ price_id: e.price_id, tier: e.tier, status: e.status }))
        const current = rows.filter((r) => latest.prices.some((p) => p === r.price_id))
        expect(current).toEqual(expected)
        for (const r of rows) if (!latest.prices.some((p) => p === r.price_id)) expect(r.status).toBe("canceled")
        const got = rows
        const limits = { free: 1, member: 10 }
        const expectedLimit = ["active", "trialing"].includes(latest.status) && latest.prices.includes(MEMBER_PRICE) ? 10 : 1
        expect(desiredFreerollLimit(got, ["member"], limits)).toBe(expectedLimit)
      }),
      { numRuns: 40 }
    )
  }, 120_000)
})
