/**
 * The login page through the real auth service in chromium (playwright-core): the site is built
 * once and served on 127.0.0.1 (port 0); a dev chain + API (services/test/helpers.ts, the auth
 * service's admin key in its admin list) and the auth service (services/auth, real Postgres with a
 * unique schema, the Stripe-API stub of its tests behind the official SDK) run on 127.0.0.1 too, on
 * other ports — same host name, so the SameSite=Strict session cookie is sent on the page's
 * cross-port `credentials: "include"` calls (CORS allows exactly the site's origin).
 *  - a player generates a key and registers on the wallet page, logs in on /play/login/ (the
 *    challenge signed in the browser), sees the profile, logs out; the secret never leaves the page;
 *  - a page on another origin (another port of the same host) is refused by the auth service;
 *  - checkout (stub) from the page → signed webhook → after the redirect back the profile shows the
 *    member entitlement and freeroll limit 10, and the chain has daily limit 10; a cancellation
 *    webhook takes both back to 1.
 */
import { chromium, type Browser, type Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { memoryLogSink } from "../services/log.ts"
import type { DevServer } from "../services/server.ts"
import { get, startTestServer, waitUntil } from "../services/test/helpers.ts"
import { adminSignerFromHex } from "../services/auth/admin-key.ts"
import { startAuthServer, type AuthServer } from "../services/auth/start.ts"
import { dropSchema, pgStorage, STRIPE_KEY, testConfig, uniqueSchema, WEBHOOK_SECRET } from "../services/auth/test/helpers.ts"
import { signedDelivery, StripeStub } from "../services/auth/test/stripe-stub.ts"
import { sharedSiteBuild, sharedSiteOutDir } from "./site-build.ts"
import { serveStatic, type StaticServer } from "./static-server.ts"

const CHROMIUM = "/usr/bin/chromium"
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]
const STEP_TIMEOUT_MS = 30_000

const admin = adminSignerFromHex("6b".repeat(32), "test")
const schema = uniqueSchema("site_login")
const stub = new StripeStub(STRIPE_KEY)
let site: StaticServer | null = null
let otherSite: StaticServer | null = null
let chain: DevServer | null = null
let auth: AuthServer | null = null
let browser: Browser | null = null
const timings: string[] = []

const need = <A>(a: A | null, what: string): A => {
  if (a === null) throw new Error(`no ${what}`)
  return a
}

const dailyLimit = async (pk: string): Promise<number | null> => {
  const r = await get(need(chain, "chain"), `/player/${pk}`)
  return r.status === 200 && typeof r.body["daily_limit"] === "number" ? r.body["daily_limit"] : null
}

beforeAll(async () => {
  const t0 = performance.now()
  const outDir = sharedSiteOutDir()
  site = await serveStatic(outDir)
  otherSite = await serveStatic(outDir)
  const origin = site.origin
  const services = async () => {
    chain = await startTestServer({ adminKeys: [admin.public_key], blockIntervalMs: 20, config: { allowed_origins: [origin] } })
    await stub.start()
    // the production cookie (Secure): chromium keeps a Secure cookie from http://127.0.0.1 (a trustworthy origin)
    auth = await startAuthServer(testConfig({ storage: pgStorage(schema), stripe_port: stub.port, casino_api_url: chain.url, allowed_origins: [origin], cookie_secure: true }), admin, memoryLogSink())
  }
  const [launched, , build] = await Promise.all([chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS }), services(), sharedSiteBuild()])
  browser = launched
  timings.push(`setup (${build.built_here ? "build" : "shared build"} + services + chromium) ${(performance.now() - t0).toFixed(0)} ms`)
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await auth?.close()
  await stub.close()
  await chain?.close()
  await site?.close()
  await otherSite?.close()
  await dropSchema(schema)
  console.log(`site login browser test: ${timings.join("; ")}`)
}, 60_000)

/** a fresh browser context (its own localStorage and cookies) with errors and request bodies collected */
const openPage = async (): Promise<{ page: Page; errors: string[]; bodies: string[]; close: () => Promise<void> }> => {
  const context = await need(browser, "browser").newContext()
  // the checkout URL the stub answers is Stripe's host: never leave the machine, stand in for it
  await context.route("https://checkout.stripe.test/**", (r) => r.fulfill({ status: 200, contentType: "text/html", body: "<title>checkout</title><p>stub checkout</p>" }))
  const page = await context.newPage()
  const errors: string[] = []
  const bodies: string[] = []
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`)
  })
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`))
  page.on("request", (r) => bodies.push(`${r.url()} ${r.postData() ?? ""}`))
  return { page, errors, bodies, close: () => context.close() }
}

const profileText = (page: Page): Promise<string> => page.locator("#profile").innerText()

describe("login through the auth service in chromium", () => {
  it("generate a key → register → log in (challenge signed in the browser) → profile → checkout → webhook → member, limit 10 → cancel → 1 → log out", async () => {
    const s = need(site, "site")
    const a = need(auth, "auth")
    const c = need(chain, "chain")
    const t0 = performance.now()
    const { page, errors, bodies, close } = await openPage()
    await page.goto(`${s.origin}/play/?api=${encodeURIComponent(c.url)}`)
    await page.click("#key-generate")
    await page.waitForSelector("#key-status:not([data-key='none'])", { timeout: STEP_TIMEOUT_MS })
    const publicKey = (await page.getAttribute("#key-status", "data-key")) ?? ""
    expect(publicKey).toMatch(/^[0-9a-f]{64}$/)
    const secret = await page.evaluate(() => localStorage.getItem("nullspace.secret") ?? "")
    await page.fill("#register-name", "login e2e")
    await page.click("#register")
    await page.waitForSelector("#wallet[data-registered='yes']", { timeout: STEP_TIMEOUT_MS })
    expect(await dailyLimit(publicKey)).toBe(1)

    // log in: no session yet, then challenge → signature → cookie + CSRF token
    await page.goto(`${s.origin}/play/login/?auth=${encodeURIComponent(a.url)}`)
    await page.waitForSelector("#profile[data-logged-in='no']", { timeout: STEP_TIMEOUT_MS })
    const tLogin = performance.now()
    await page.click("#login")
    await page.waitForSelector("#profile[data-logged-in='yes']", { timeout: STEP_TIMEOUT_MS })
    timings.push(`login click → profile ${(performance.now() - tLogin).toFixed(0)} ms`)
    expect(await profileText(page)).toContain(publicKey)
    expect(await profileText(page)).toMatch(/"desiredLimit":\s*1\b/)
    // the session cookie belongs to the auth service's origin, out of the page's reach
    const cookies = await page.context().cookies(a.url)
    expect(cookies.map((k) => ({ name: k.name, httpOnly: k.httpOnly, sameSite: k.sameSite, secure: k.secure }))).toEqual([{ name: "ns_session", httpOnly: true, sameSite: "Strict", secure: true }])
    expect(await page.evaluate(() => document.cookie)).toBe("")
    // the session is the service's cookie: a reload finds it again (GET /auth/session → CSRF token)
    await page.reload()
    await page.waitForSelector("#profile[data-logged-in='yes']", { timeout: STEP_TIMEOUT_MS })
    const logins = await a.service.sql.query(`SELECT actor FROM audit_events WHERE action = 'auth.login'`)
    expect(logins).toHaveLength(1)

    // checkout from the page → the stub's checkout URL → Stripe completes it and signs the webhook
    await page.click("#checkout")
    await page.waitForURL(/^https:\/\/checkout\.stripe\.test\//, { timeout: STEP_TIMEOUT_MS })
    const session = [...stub.sessions.values()].at(-1)
    if (session === undefined) throw new Error("the stub saw no checkout")
    expect(session.price).toBe("price_member_monthly")
    const sub = stub.completeCheckout(session.id)
    const d = signedDelivery(stub.event("customer.subscription.created", sub), WEBHOOK_SECRET)
    const hook = await fetch(`${a.url}/stripe/webhook`, { method: "POST", body: d.payload, headers: { "stripe-signature": d.header } })
    expect(await hook.json()).toMatchObject({ outcome: "applied" })
    await waitUntil("the limit is 10 on chain", async () => (await dailyLimit(publicKey)) === 10, STEP_TIMEOUT_MS)
    // Stripe sends the browser back to the success URL: the login page, still logged in
    await page.goto(`${s.origin}/play/login/`)
    await page.waitForSelector("#profile[data-logged-in='yes']", { timeout: STEP_TIMEOUT_MS })
    const member = await profileText(page)
    expect(member).toMatch(/"tier":\s*"member"/)
    expect(member).toMatch(/"status":\s*"active"/)
    expect(member).toMatch(/"desiredLimit":\s*10\b/)
    // cancelled: Stripe's later event takes the limit back to 1, on chain and on the page
    stub.now_s += 60
    const cancel = signedDelivery(stub.event("customer.subscription.deleted", stub.setStatus(sub.id, "canceled")), WEBHOOK_SECRET)
    expect(await (await fetch(`${a.url}/stripe/webhook`, { method: "POST", body: cancel.payload, headers: { "stripe-signature": cancel.header } })).json()).toMatchObject({ outcome: "applied" })
    await waitUntil("the limit is back to 1 on chain", async () => (await dailyLimit(publicKey)) === 1, STEP_TIMEOUT_MS)
    await page.reload()
    await page.waitForSelector("#profile[data-logged-in='yes']", { timeout: STEP_TIMEOUT_MS })
    expect(await profileText(page)).toMatch(/"desiredLimit":\s*1\b/)
    expect(await profileText(page)).toMatch(/"status":\s*"canceled"/)

    await page.click("#logout")
    await page.waitForSelector("#profile[data-logged-in='no']", { timeout: STEP_TIMEOUT_MS })
    await page.reload()
    await page.waitForSelector("#profile[data-logged-in='no']", { timeout: STEP_TIMEOUT_MS })
    expect(await a.service.sql.query(`SELECT 1 FROM sessions`)).toEqual([])
    timings.push(`key → member → logged out ${(performance.now() - t0).toFixed(0)} ms`)
    await close()
    // the secret key never left the page; the service saw a signature, not the key
    expect(secret).toMatch(/^[0-9a-f]{64}$/)
    expect(bodies.filter((b) => b.includes(secret))).toEqual([])
    // the 401 of the logged-out profile is an expected answer, anything else is an error
    expect(errors.filter((e) => !e.includes("401"))).toEqual([])
  }, 120_000)

  it("refuses the login page served from another origin", async () => {
    const o = need(otherSite, "other site")
    const a = need(auth, "auth")
    const { page, close } = await openPage()
    await page.goto(`${o.origin}/play/?api=${encodeURIComponent(need(chain, "chain").url)}`)
    await page.click("#key-generate")
    await page.waitForSelector("#key-status:not([data-key='none'])", { timeout: STEP_TIMEOUT_MS })
    await page.goto(`${o.origin}/play/login/?auth=${encodeURIComponent(a.url)}`)
    // the service sends no CORS headers to a refused origin: the page can only say so
    await page.waitForSelector("#profile:has-text('does not allow this page')", { timeout: STEP_TIMEOUT_MS })
    expect(await profileText(page)).toContain(o.origin)
    await page.click("#login")
    await page.waitForSelector("#log :text('does not allow this page')", { timeout: STEP_TIMEOUT_MS })
    expect(await page.getAttribute("#profile", "data-logged-in")).not.toBe("yes")
    expect(await a.service.sql.query(`SELECT 1 FROM auth_challenges WHERE origin = $1`, [o.origin])).toEqual([])
    // straight to the service with that Origin: the tagged refusal the browser is not allowed to read
    const direct = await fetch(`${a.url}/auth/challenge`, { method: "POST", headers: { origin: o.origin, "content-type": "application/json" }, body: JSON.stringify({ publicKey: "ab".repeat(32) }) })
    expect(direct.status).toBe(403)
    expect(await direct.json()).toMatchObject({ error: "OriginNotAllowed" })
    await close()
  }, 60_000)
})
