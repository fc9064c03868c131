/**
 * Log in to the auth service (services/auth, docs/auth.md) with the browser-held key: ask for a
 * challenge for the public key, sign "nullspace-auth:" followed by the 32 raw challenge bytes with
 * the key (engine/tx/sign.ts signBytes, plain ed25519), and log in; the session is the service's
 * httpOnly cookie and the CSRF token stays in this page's memory. Then show the profile (tier,
 * entitlements, EVM link, freeroll limit), allow logging out, and start the membership checkout
 * (the service answers Stripe Checkout's URL; Stripe sends the browser back to this page).
 */
import { Either, Schema } from "effect"
import { fromHex, toHex, utf8 } from "../../../engine/codec/bytes.ts"
import { signBytes } from "../../../engine/tx/sign.ts"
import { authBase, authChosen, setAuthBase } from "./config.ts"
import { byId, factsTable, inputById, logLine, showJson } from "./dom.ts"
import { storedSigner } from "./keystore.ts"
import { guarded } from "./session.ts"

const REQUEST_TIMEOUT_MS = 15_000
const log = byId("log")
let csrf: string | null = null

const call = async (method: "GET" | "POST", path: string, body?: unknown): Promise<{ readonly status: number; readonly body: unknown }> => {
  const headers: Record<string, string> = {}
  if (body !== undefined) headers["content-type"] = "application/json"
  if (csrf !== null) headers["x-csrf-token"] = csrf
  // a refused origin gets no CORS headers, so the browser shows this page only a network error
  const res = await fetch(`${authBase()}${path}`, { method, headers, credentials: "include", body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).catch(() => {
    throw new Error(unreachable())
  })
  return { status: res.status, body: await res.json().catch(() => null) }
}

const unreachable = (): string => `The auth service at ${authBase()} is not answering or does not allow this page's origin (${location.origin}).`

const ErrorBody = Schema.decodeUnknownEither(Schema.Struct({ error: Schema.String, code: Schema.Number, message: Schema.String }))
const why = (r: { readonly status: number; readonly body: unknown }): string => {
  const e = ErrorBody(r.body)
  return Either.isRight(e) ? `${e.right.error} (${e.right.code}): ${e.right.message}` : `HTTP ${r.status}`
}

const Challenge = Schema.decodeUnknownEither(Schema.Struct({ challengeId: Schema.String, challenge: Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/)) }))
const Session = Schema.decodeUnknownEither(Schema.Struct({ user: Schema.Unknown, csrfToken: Schema.String }))

const showProfile = async (): Promise<void> => {
  const out = byId("profile")
  const r = await call("GET", "/profile")
  if (r.status !== 200) {
    out?.replaceChildren(r.status === 401 ? "Not logged in." : why(r))
    out?.setAttribute("data-logged-in", "no")
    return
  }
  out?.setAttribute("data-logged-in", "yes")
  const rows = typeof r.body === "object" && r.body !== null ? Object.entries(r.body).map(([k, v]): readonly [string, string] => [k, showJson(v)]) : []
  out?.replaceChildren(factsTable(rows))
}

byId("login")?.addEventListener(
  "click",
  guarded(async () => {
    const signer = storedSigner()
    if (signer === null) return logLine(log, "No key in this browser: generate or import one on the Wallet page first.", "bad")
    const c = await call("POST", "/auth/challenge", { publicKey: signer.public_key })
    const ch = Challenge(c.body)
    if (c.status !== 200 || Either.isLeft(ch)) return logLine(log, `Challenge refused: ${why(c)}`, "bad")
    const message = new Uint8Array([...utf8("nullspace-auth:"), ...fromHex(ch.right.challenge)])
    const signature = toHex(signBytes(signer.secret, message))
    const l = await call("POST", "/auth/login", { publicKey: signer.public_key, signature, challengeId: ch.right.challengeId })
    const s = Session(l.body)
    if (l.status !== 200 || Either.isLeft(s)) return logLine(log, `Login refused: ${why(l)}`, "bad")
    csrf = s.right.csrfToken
    logLine(log, `Logged in as ${signer.public_key.slice(0, 16)}…`, "ok")
    await showProfile()
  })
)

byId("logout")?.addEventListener(
  "click",
  guarded(async () => {
    const r = await call("POST", "/auth/logout", {})
    logLine(log, r.status === 200 ? "Logged out." : `Logout: ${why(r)}`, r.status === 200 ? "ok" : "bad")
    csrf = null
    await showProfile()
  })
)

const Checkout = Schema.decodeUnknownEither(Schema.Struct({ url: Schema.String.pipe(Schema.pattern(/^https:\/\//)) }))

byId("checkout")?.addEventListener(
  "click",
  guarded(async () => {
    if (csrf === null) return logLine(log, "Log in first.", "bad")
    const back = `${location.origin}${location.pathname}`
    const r = await call("POST", "/billing/checkout", { tier: "member", successUrl: back, cancelUrl: back })
    const c = Checkout(r.body)
    if (r.status !== 200 || Either.isLeft(c)) return logLine(log, `Checkout refused: ${why(r)}`, "bad")
    logLine(log, "Opening the checkout…", "ok")
    location.assign(c.right.url)
  })
)

const url = inputById("auth-url")
if (url !== null) url.value = authBase()
byId("auth-save")?.addEventListener(
  "click",
  guarded(async () => {
    if (url !== null && url.value.trim() !== "") setAuthBase(url.value)
    logLine(log, `Using the auth service at ${authBase()}.`, "ok")
  })
)

// after a reload the session cookie may still be valid: fetch the CSRF token again (only once an
// auth service was chosen here, so the page makes no request to a default nobody configured)
if (authChosen()) guarded(async () => {
  const s = await call("GET", "/auth/session").catch(() => null)
  if (s === null) return void byId("profile")?.replaceChildren(unreachable())
  const decoded = Session(s.body)
  if (s.status === 200 && Either.isRight(decoded)) csrf = decoded.right.csrfToken
  await showProfile()
})()
else byId("profile")?.replaceChildren("Not logged in: choose the auth service and log in.")
