/**
 * Login, sessions, profile, key and EVM linking, checkout / portal / reconcile against the Stripe
 * stub through the official SDK, and signed webhooks — one auth server on the real Postgres
 * (a schema of its own, dropped after).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { privateKeyToAccount } from "viem/accounts"
import { actorSigner } from "../../../engine/tx/sign.ts"
import { memoryLogSink } from "../../log.ts"
import { adminSignerFromHex } from "../admin-key.ts"
import { activeEvmLinks } from "../evm-export.ts"
import { startAuthServer, type AuthServer } from "../start.ts"
import { signedDelivery, StripeStub } from "./stripe-stub.ts"
import { Browser, dropSchema, MEMBER_PRICE, ORIGIN, OTHER_ORIGIN, pgStorage, signChallenge, STRIPE_KEY, testConfig, uniqueSchema, WEBHOOK_SECRET } from "./helpers.ts"

const schema = uniqueSchema("flow")
const stub = new StripeStub(STRIPE_KEY)
const log = memoryLogSink()
let server: AuthServer
const admin = adminSignerFromHex("11".repeat(32), "test")

beforeAll(async () => {
  await stub.start()
  server = await startAuthServer(testConfig({ storage: pgStorage(schema), stripe_port: stub.port }), admin, log)
})

afterAll(async () => {
  await server?.close()
  await stub.close()
  await dropSchema(schema)
})

const linkedAt = (body: Record<string, unknown>): unknown => {
  const l = body["link"]
  return typeof l === "object" && l !== null ? Reflect.get(l, "linkedAtMs") : undefined
}

const audits = async (action: string) => (await server.service.sql.query(`SELECT * FROM audit_events WHERE action = $1`, [action])).length

describe("login", () => {
  it("logs in with an ed25519 challenge and shows the profile; the challenge is single use", async () => {
    const b = new Browser(server.url)
    const alice = actorSigner("auth-alice")
    const c = await b.call("POST", "/auth/challenge", { publicKey: alice.public_key })
    expect(c.status).toBe(200)
    const signature = signChallenge(alice, String(c.body["challenge"]))
    const login = await b.call("POST", "/auth/login", { publicKey: alice.public_key, signature, challengeId: c.body["challengeId"] })
    expect(login.status).toBe(200)
    expect(login.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Strict/)
    b.csrf = String(login.body["csrfToken"])
    const profile = await b.call("GET", "/profile")
    expect(profile.status).toBe(200)
    expect(profile.body["user"]).toMatchObject({ publicKey: alice.public_key })
    expect(profile.body["freeroll"]).toEqual({ desiredLimit: 1 })
    // replaying the same challenge and signature is refused
    const again = await new Browser(server.url).call("POST", "/auth/login", { publicKey: alice.public_key, signature, challengeId: c.body["challengeId"] })
    expect(again.body).toMatchObject({ error: "ChallengeInvalid", code: 306 })
    expect(await audits("auth.login")).toBeGreaterThanOrEqual(1)
  })

  it("refuses a wrong signature, another key's challenge, another origin, and no origin", async () => {
    const alice = actorSigner("auth-alice2")
    const mallory = actorSigner("auth-mallory")
    const b = new Browser(server.url)
    const c = await b.call("POST", "/auth/challenge", { publicKey: alice.public_key })
    const bad = await b.call("POST", "/auth/login", { publicKey: alice.public_key, signature: signChallenge(mallory, String(c.body["challenge"])), challengeId: c.body["challengeId"] })
    expect(bad.body).toMatchObject({ error: "SignatureInvalid", code: 307 })
    const c2 = await b.call("POST", "/auth/challenge", { publicKey: alice.public_key })
    const wrongKey = await b.call("POST", "/auth/login", { publicKey: mallory.public_key, signature: signChallenge(mallory, String(c2.body["challenge"])), challengeId: c2.body["challengeId"] })
    expect(wrongKey.body).toMatchObject({ error: "ChallengeInvalid" })
    const c3 = await b.call("POST", "/auth/challenge", { publicKey: alice.public_key })
    const elsewhere = new Browser(server.url, OTHER_ORIGIN)
    const cross = await elsewhere.call("POST", "/auth/login", { publicKey: alice.public_key, signature: signChallenge(alice, String(c3.body["challenge"])), challengeId: c3.body["challengeId"] })
    expect(cross).toMatchObject({ status: 403, body: { error: "OriginNotAllowed", code: 301 } })
    const none = await new Browser(server.url, null).call("POST", "/auth/challenge", { publicKey: alice.public_key })
    expect(none.status).toBe(403)
    expect(cross.headers.get("access-control-allow-origin")).toBeNull()
  })

  it("refuses a body that does not decode, changing nothing", async () => {
    const b = new Browser(server.url)
    const before = (await server.service.sql.query(`SELECT count(*)::int AS n FROM auth_challenges`))[0]?.["n"]
    expect((await b.call("POST", "/auth/challenge", { publicKey: 5 })).body).toMatchObject({ error: "InvalidRequest", code: 305 })
    expect((await b.call("POST", "/auth/challenge", { publicKey: "zz" })).body).toMatchObject({ error: "InvalidRequest", code: 305 })
    expect((await server.service.sql.query(`SELECT count(*)::int AS n FROM auth_challenges`))[0]?.["n"]).toBe(before)
  })

  it("a freeroll sync that cannot reach the chain is retried with backoff, then fails visibly (502, metrics, audit) and stays pending", async () => {
    const b = new Browser(server.url)
    const who = actorSigner("auth-offline")
    await b.login(who)
    await server.service.idle()
    const failures = await server.service.metrics.value("freeroll.sync.failure")
    const retries = await server.service.metrics.value("freeroll.sync.retry")
    const r = await b.call("POST", "/profile/sync-freeroll", {})
    expect(r).toMatchObject({ status: 502, body: { error: "FreerollSyncFailed", code: 318 } })
    expect(await server.service.metrics.value("freeroll.sync.failure")).toBe(failures + 1)
    expect(await server.service.metrics.value("freeroll.sync.retry")).toBe(retries + server.service.config.freeroll_retry_max)
    const failed = await server.service.sql.query(`SELECT details FROM audit_events WHERE action = 'tournament_limit.failed' AND details->>'player' = $1`, [who.public_key])
    expect(failed.length).toBeGreaterThanOrEqual(1)
    const pending = await server.service.sql.query(`SELECT desired_limit, synced_limit FROM freeroll_limits WHERE public_key = $1`, [who.public_key])
    expect(pending).toEqual([{ desired_limit: 1, synced_limit: null }])
  })

  it("needs the session cookie and the CSRF token on account endpoints", async () => {
    const b = new Browser(server.url)
    expect((await b.call("GET", "/profile")).body).toMatchObject({ error: "Unauthorized", code: 303 })
    await b.login(actorSigner("auth-carol"))
    const noCsrf = await b.call("POST", "/profile/unlink-evm", {}, { "x-csrf-token": "wrong" })
    expect(noCsrf).toMatchObject({ status: 403, body: { error: "CsrfInvalid", code: 302 } })
    const other = new Browser(server.url, OTHER_ORIGIN)
    other.cookie = b.cookie
    other.csrf = b.csrf
    expect((await other.call("GET", "/profile")).status).toBe(403)
    const out = await b.call("POST", "/auth/logout", {})
    expect(out.status).toBe(200)
    expect((await b.call("GET", "/profile")).status).toBe(401)
  })

  it("links another public key with a signature proof, and refuses a key another account holds", async () => {
    const b = new Browser(server.url)
    await b.login(actorSigner("auth-dave"))
    const second = actorSigner("auth-dave-2")
    const c = await b.call("POST", "/auth/challenge", { publicKey: second.public_key })
    const linked = await b.call("POST", "/profile/link-public-key", { publicKey: second.public_key, signature: signChallenge(second, String(c.body["challenge"])), challengeId: c.body["challengeId"] })
    expect(linked.body).toEqual({ ok: true })
    expect((await b.call("GET", "/profile")).body["user"]).toMatchObject({ publicKey: second.public_key })
    const taken = actorSigner("auth-alice")
    const c2 = await b.call("POST", "/auth/challenge", { publicKey: taken.public_key })
    const refused = await b.call("POST", "/profile/link-public-key", { publicKey: taken.public_key, signature: signChallenge(taken, String(c2.body["challenge"])), challengeId: c2.body["challengeId"] })
    expect(refused.body).toMatchObject({ error: "PublicKeyTaken", code: 308 })
  })

  it("links an EVM wallet with a personal_sign proof verified by viem, and unlinks it", async () => {
    const b = new Browser(server.url)
    await b.login(actorSigner("auth-erin"))
    const wallet = privateKeyToAccount(`0x${"42".repeat(32)}`)
    const ch = await b.call("POST", "/profile/evm-challenge", { address: wallet.address.toLowerCase(), chainId: 8453 })
    expect(ch.status).toBe(200)
    expect(String(ch.body["message"])).toContain(`address:${wallet.address}`)
    const forged = await privateKeyToAccount(`0x${"43".repeat(32)}`).signMessage({ message: String(ch.body["message"]) })
    const bad = await b.call("POST", "/profile/link-evm", { address: wallet.address, chainId: 8453, signature: forged, challengeId: ch.body["challengeId"] })
    expect(bad.body).toMatchObject({ error: "SignatureInvalid" })
    const ch2 = await b.call("POST", "/profile/evm-challenge", { address: wallet.address, chainId: 8453 })
    const signature = await wallet.signMessage({ message: String(ch2.body["message"]) })
    const ok = await b.call("POST", "/profile/link-evm", { address: wallet.address, chainId: 8453, signature, challengeId: ch2.body["challengeId"] })
    expect(ok.body).toMatchObject({ ok: true, link: { address: wallet.address, chainId: 8453, status: "active" } })
    // another account cannot take the address
    const other = new Browser(server.url)
    await other.login(actorSigner("auth-frank"))
    const ch3 = await other.call("POST", "/profile/evm-challenge", { address: wallet.address, chainId: 8453 })
    const taken = await other.call("POST", "/profile/link-evm", { address: wallet.address, chainId: 8453, signature: await wallet.signMessage({ message: String(ch3.body["message"]) }), challengeId: ch3.body["challengeId"] })
    expect(taken.body).toMatchObject({ error: "EvmAddressTaken", code: 309 })
    expect((await b.call("POST", "/profile/unlink-evm", {})).body).toEqual({ ok: true })
    expect((await b.call("GET", "/profile")).body["evmLink"]).toMatchObject({ status: "unlinked" })
    // another address within 7 days of the unlink is refused; the same address may come back
    const next = privateKeyToAccount(`0x${"44".repeat(32)}`)
    const ch4 = await b.call("POST", "/profile/evm-challenge", { address: next.address, chainId: 8453 })
    const soon = await b.call("POST", "/profile/link-evm", { address: next.address, chainId: 8453, signature: await next.signMessage({ message: String(ch4.body["message"]) }), challengeId: ch4.body["challengeId"] })
    expect(soon.body).toMatchObject({ error: "EvmLinkCooldown", code: 310 })
    const ch5 = await b.call("POST", "/profile/evm-challenge", { address: wallet.address, chainId: 8453 })
    const back = await b.call("POST", "/profile/link-evm", { address: wallet.address, chainId: 8453, signature: await wallet.signMessage({ message: String(ch5.body["message"]) }), challengeId: ch5.body["challengeId"] })
    expect(back.body).toMatchObject({ ok: true, link: { status: "active" } })
    expect(linkedAt(back.body)).toBe(linkedAt(ok.body))
    const exported = await activeEvmLinks(server.service.sql, "", 100)
    expect(exported.links.filter((l) => l.address === wallet.address)).toEqual([expect.objectContaining({ publicKey: actorSigner("auth-erin").public_key, chainId: 8453 })])
  })
})

describe("billing", () => {
  it("checks out the member tier through the SDK, refuses prices outside the allowlist, opens the portal", async () => {
    const b = new Browser(server.url)
    await b.login(actorSigner("auth-gina"))
    const urls = { successUrl: `${ORIGIN}/ok`, cancelUrl: `${ORIGIN}/cancel` }
    const foreign = await b.call("POST", "/billing/checkout", { priceId: "price_attacker", ...urls })
    expect(foreign).toMatchObject({ status: 400, body: { error: "PriceNotAllowed", code: 350 } })
    const mismatch = await b.call("POST", "/billing/checkout", { priceId: MEMBER_PRICE, tier: "supporter", ...urls })
    expect(mismatch.body).toMatchObject({ error: "TierMismatch", code: 351 })
    const redirect = await b.call("POST", "/billing/checkout", { tier: "member", successUrl: "https://evil.example/ok", cancelUrl: urls.cancelUrl })
    expect(redirect.body).toMatchObject({ error: "RedirectNotAllowed", code: 352 })
    const noPortal = await b.call("POST", "/billing/portal", { returnUrl: `${ORIGIN}/account` })
    expect(noPortal.body).toMatchObject({ error: "NoStripeCustomer" })
    const before = stub.requests.length
    const ok = await b.call("POST", "/billing/checkout", { tier: "member", ...urls })
    expect(ok.status).toBe(200)
    expect(String(ok.body["url"])).toMatch(/^https:\/\/checkout\.stripe\.test\//)
    const made = stub.requests.slice(before)
    expect(made.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1/customers", "POST /v1/checkout/sessions"])
    expect(made.every((r) => r.authorized)).toBe(true)
    expect(made[1]?.form.get("line_items[0][price]")).toBe(MEMBER_PRICE)
    const portal = await b.call("POST", "/billing/portal", { returnUrl: `${ORIGIN}/account` })
    expect(String(portal.body["url"])).toMatch(/^https:\/\/billing\.stripe\.test\//)
    expect(await audits("billing.checkout")).toBeGreaterThanOrEqual(1)
  })

  it("a signed webhook grants the entitlement; duplicates and stale deliveries change nothing; bad signatures are refused", async () => {
    const b = new Browser(server.url)
    await b.login(actorSigner("auth-hana"))
    await b.call("POST", "/billing/checkout", { tier: "member", successUrl: `${ORIGIN}/ok`, cancelUrl: `${ORIGIN}/c` })
    const session = [...stub.sessions.values()].at(-1)
    if (session === undefined) throw new Error("no session")
    const sub = stub.completeCheckout(session.id)
    const deliver = async (event: unknown, secret = WEBHOOK_SECRET) => {
      const d = signedDelivery(event, secret)
      const res = await fetch(`${server.url}/stripe/webhook`, { method: "POST", body: d.payload, headers: { "stripe-signature": d.header, "content-type": "application/json" } })
      return { status: res.status, body: await res.json() }
    }
    const created = stub.event("customer.subscription.created", sub, stub.now_s)
    expect((await deliver(created)).body).toMatchObject({ outcome: "applied" })
    expect((await deliver(created)).body).toMatchObject({ outcome: "duplicate" })
    const profile = await b.call("GET", "/profile")
    expect(profile.body["entitlements"]).toMatchObject([{ tier: "member", status: "active" }])
    expect(profile.body["freeroll"]).toEqual({ desiredLimit: 10 })
    // cancel at t+20, then a stale "active" update from t+10 arrives late
    const canceled = stub.setStatus(sub.id, "canceled")
    expect((await deliver(stub.event("customer.subscription.deleted", canceled, stub.now_s + 20))).body).toMatchObject({ outcome: "applied" })
    const staleActive = { ...canceled, status: "active" }
    expect((await deliver(stub.event("customer.subscription.updated", staleActive, stub.now_s + 10))).body).toMatchObject({ outcome: "stale" })
    expect((await b.call("GET", "/profile")).body["freeroll"]).toEqual({ desiredLimit: 1 })
    const forged = await deliver(stub.event("customer.subscription.updated", { ...sub, status: "active" }, stub.now_s + 30), "whsec_wrong")
    expect(forged).toMatchObject({ status: 400, body: { error: "WebhookSignatureInvalid", code: 356 } })
    const missing = await fetch(`${server.url}/stripe/webhook`, { method: "POST", body: "{}" })
    expect(await missing.json()).toMatchObject({ error: "WebhookSignatureMissing", code: 355 })
    // an old signature timestamp is outside the tolerance
    const old = signedDelivery(stub.event("customer.subscription.updated", sub), WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 3_600)
    const late = await fetch(`${server.url}/stripe/webhook`, { method: "POST", body: old.payload, headers: { "stripe-signature": old.header } })
    expect(late.status).toBe(400)
    expect((await b.call("GET", "/profile")).body["freeroll"]).toEqual({ desiredLimit: 1 })
  })

  it("reconciles from the subscriptions list on demand (a missed webhook is recovered)", async () => {
    const b = new Browser(server.url)
    await b.login(actorSigner("auth-ivan"))
    await b.call("POST", "/billing/checkout", { tier: "member", successUrl: `${ORIGIN}/ok`, cancelUrl: `${ORIGIN}/c` })
    const session = [...stub.sessions.values()].at(-1)
    if (session === undefined) throw new Error("no session")
    stub.completeCheckout(session.id) // no webhook delivered
    expect((await b.call("GET", "/profile")).body["freeroll"]).toEqual({ desiredLimit: 1 })
    const r = await b.call("POST", "/billing/reconcile", {})
    expect(r.body).toEqual({ processed: 1 })
    expect(stub.requests.at(-1)).toMatchObject({ method: "GET", path: "/v1/subscriptions" })
    expect((await b.call("GET", "/profile")).body["freeroll"]).toEqual({ desiredLimit: 10 })
    const scheduled = await server.service.reconcileScheduled(Date.now())
    expect(scheduled.customers).toBeGreaterThanOrEqual(1)
  })

  it("retention prunes expired challenges and old processed events only", async () => {
    const now = Date.now()
    const q = server.service.sql
    await q.query(`INSERT INTO auth_challenges (challenge_id, public_key, challenge, origin, expires_at_ms) VALUES ('00000000-0000-0000-0000-000000000001', 'aa', 'bb', $1, $2)`, [ORIGIN, now - 2 * 3_600_000])
    await q.query(`INSERT INTO stripe_events (event_id, event_type, processed_at_ms) VALUES ('evt_old', 'x', $1), ('evt_new', 'x', $2)`, [now - 40 * 86_400_000, now])
    const r = await server.service.retention(now)
    expect(r.events).toBe(1)
    expect(r.challenges).toBeGreaterThanOrEqual(1)
    expect((await q.query(`SELECT event_id FROM stripe_events WHERE event_id IN ('evt_old', 'evt_new')`)).map((x) => x["event_id"])).toEqual(["evt_new"])
  })

  it("never logs a secret", () => {
    const text = JSON.stringify(log.records)
    for (const secret of [STRIPE_KEY, WEBHOOK_SECRET, "11".repeat(32)]) expect(text).not.toContain(secret)
  })
})
