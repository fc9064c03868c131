/**
 * Test fixture: a local HTTP server that answers the Stripe REST API shapes the official SDK calls
 * here (customers, checkout sessions, billing portal sessions, the subscriptions list), so the SDK
 * is pointed at it with host/port/protocol and no test touches the network. It also plays Stripe's
 * side of a subscription's life (completeCheckout, update, cancel) and builds the event objects a
 * webhook delivery carries; deliveries are signed with stripe.webhooks.generateTestHeaderString.
 */
import { createServer, type IncomingMessage, type Server } from "node:http"
import Stripe from "stripe"

export interface StubItem {
  readonly price: string
  readonly product: string
}

export interface StubSubscription {
  id: string
  object: "subscription"
  customer: string
  status: string
  created: number
  metadata: Record<string, string>
  cancel_at_period_end: boolean
  items: {
    object: "list"
    data: Array<{ id: string; object: "subscription_item"; quantity: number; price: { id: string; object: "price"; product: string }; current_period_start: number; current_period_end: number }>
  }
}

export interface StubRequest {
  readonly method: string
  readonly path: string
  readonly form: URLSearchParams
  readonly authorized: boolean
}

const MONTH_S = 30 * 86_400

export class StripeStub {
  readonly requests: StubRequest[] = []
  readonly customers = new Map<string, { id: string; object: "customer"; metadata: Record<string, string> }>()
  readonly sessions = new Map<string, { id: string; customer: string; price: string; metadata: Record<string, string>; url: string }>()
  readonly subscriptions = new Map<string, StubSubscription>()
  private readonly idempotent = new Map<string, string>()
  private counter = 0
  private server: Server | null = null
  port = 0
  /** Stripe's clock (seconds), moved by tests */
  now_s = 1_800_000_000

  constructor(readonly secret_key: string) {}

  private id(prefix: string): string {
    this.counter++
    return `${prefix}_stub${this.counter.toString().padStart(6, "0")}`
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.answer(req).then(({ status, body }) => {
        res.writeHead(status, { "content-type": "application/json", "request-id": `req_${this.counter}` })
        res.end(JSON.stringify(body))
      })
    })
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", () => resolve()))
    const a = this.server.address()
    this.port = typeof a === "object" && a !== null ? a.port : 0
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.server === null) return resolve()
      this.server.closeAllConnections()
      this.server.close(() => resolve())
    })
  }

  private async answer(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)))
    const url = new URL(req.url ?? "/", "http://stub")
    const form = req.method === "GET" ? url.searchParams : new URLSearchParams(Buffer.concat(chunks).toString("utf8"))
    const authorized = req.headers["authorization"] === `Bearer ${this.secret_key}`
    this.requests.push({ method: req.method ?? "", path: url.pathname, form, authorized })
    if (!authorized) return { status: 401, body: { error: { type: "invalid_request_error", message: "Invalid API Key provided" } } }
    const key = req.headers["idempotency-key"]
    const metadata = (prefix: string) => {
      const out: Record<string, string> = {}
      for (const [k, v] of form) {
        const m = k.match(new RegExp(`^${prefix.replace(/[[\]]/g, "\\$&")}\\[([^\\]]+)\\]$`))
        if (m?.[1] !== undefined) out[m[1]] = v
      }
      return out
    }
    if (req.method === "POST" && url.pathname === "/v1/customers") {
      const existing = typeof key === "string" ? this.idempotent.get(key) : undefined
      const c = existing === undefined ? undefined : this.customers.get(existing)
      if (c !== undefined) return { status: 200, body: c }
      const created = { id: this.id("cus"), object: "customer" as const, metadata: metadata("metadata") }
      this.customers.set(created.id, created)
      if (typeof key === "string") this.idempotent.set(key, created.id)
      return { status: 200, body: created }
    }
    const customerGet = url.pathname.match(/^\/v1\/customers\/([A-Za-z0-9_]+)$/)
    if (req.method === "GET" && customerGet?.[1] !== undefined) {
      const c = this.customers.get(customerGet[1])
      return c === undefined ? { status: 404, body: { error: { type: "invalid_request_error", message: "No such customer" } } } : { status: 200, body: c }
    }
    if (req.method === "POST" && url.pathname === "/v1/checkout/sessions") {
      const customer = form.get("customer") ?? ""
      const price = form.get("line_items[0][price]") ?? ""
      if (!this.customers.has(customer) || price === "" || form.get("mode") !== "subscription")
        return { status: 400, body: { error: { type: "invalid_request_error", message: "bad checkout request" } } }
      const id = this.id("cs")
      const s = { id, customer, price, metadata: metadata("subscription_data[metadata]"), url: `https://checkout.stripe.test/c/pay/${id}` }
      this.sessions.set(id, s)
      return { status: 200, body: { id, object: "checkout.session", mode: "subscription", customer, url: s.url, status: "open", success_url: form.get("success_url"), cancel_url: form.get("cancel_url") } }
    }
    if (req.method === "POST" && url.pathname === "/v1/billing_portal/sessions") {
      const customer = form.get("customer") ?? ""
      if (!this.customers.has(customer)) return { status: 400, body: { error: { type: "invalid_request_error", message: "No such customer" } } }
      const id = this.id("bps")
      return { status: 200, body: { id, object: "billing_portal.session", customer, return_url: form.get("return_url"), url: `https://billing.stripe.test/p/session/${id}` } }
    }
    if (req.method === "GET" && url.pathname === "/v1/subscriptions") {
      const customer = form.get("customer")
      const limit = Number(form.get("limit") ?? "10")
      const data = [...this.subscriptions.values()].filter((s) => customer === null || s.customer === customer).slice(0, limit)
      return { status: 200, body: { object: "list", url: "/v1/subscriptions", has_more: false, data } }
    }
    return { status: 404, body: { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${url.pathname})` } } }
  }

  /** the customer pays: an active subscription with the session's price */
  completeCheckout(session_id: string): StubSubscription {
    const s = this.sessions.get(session_id)
    if (s === undefined) throw new Error(`no checkout session ${session_id}`)
    return this.createSubscription(s.customer, [{ price: s.price, product: "prod_member" }], s.metadata)
  }

  createSubscription(customer: string, items: ReadonlyArray<StubItem>, metadata: Record<string, string> = {}, status = "active"): StubSubscription {
    const sub: StubSubscription = {
      id: this.id("sub"),
      object: "subscription",
      customer,
      status,
      created: this.now_s,
      metadata,
      cancel_at_period_end: false,
      items: {
        object: "list",
        data: items.map((i) => ({
          id: this.id("si"),
          object: "subscription_item",
          quantity: 1,
          price: { id: i.price, object: "price", product: i.product },
          current_period_start: this.now_s,
          current_period_end: this.now_s + MONTH_S
        }))
      }
    }
    this.subscriptions.set(sub.id, sub)
    return structuredClone(sub)
  }

  setStatus(id: string, status: string): StubSubscription {
    const sub = this.subscriptions.get(id)
    if (sub === undefined) throw new Error(`no subscription ${id}`)
    sub.status = status
    return structuredClone(sub)
  }

  /** the event object Stripe would deliver for this subscription state */
  event(type: string, sub: StubSubscription, created_s = this.now_s): { id: string; object: "event"; type: string; created: number; livemode: false; api_version: string; pending_webhooks: number; request: { id: null; idempotency_key: null }; data: { object: StubSubscription } } {
    return { id: this.id("evt"), object: "event", type, created: created_s, livemode: false, api_version: "2026-11-18.endive", pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object: structuredClone(sub) } }
  }
}

/** a webhook delivery: the exact payload bytes and its stripe-signature header */
export const signedDelivery = (event: unknown, webhook_secret: string, timestamp_s?: number): { payload: string; header: string } => {
  const payload = JSON.stringify(event)
  const header = Stripe.webhooks.generateTestHeaderString(timestamp_s === undefined ? { payload, secret: webhook_secret } : { payload, secret: webhook_secret, timestamp: timestamp_s })
  return { payload, header }
}
