/**
 * Seeded WebSocket upgrades of the /updates and /mempool feeds for the fuzzer: foreign or odd
 * origins, paths next to the feeds, malformed account and session filters (bad hex, out-of-range
 * numbers, both at once, repeated), forwarded headers, next to well-formed
 * ones, some offering subprotocols. An upgrade may be refused (a typed JSON 4xx before the handshake), closed for its filter
 * (4400 MalformedFilter), or opened; anything else — a 5xx, a refusal that is not `{error, code}`,
 * a connection dropped without an answer, another close code — is a failure.
 */
import WebSocket from "ws"
import { FuzzRandom } from "./requests.ts"

export interface WsFuzzRequest {
  readonly path: string
  /** subprotocols offered (none is served) */
  readonly protocols: ReadonlyArray<string>
  readonly headers: Readonly<Record<string, string>>
  /** the filter is malformed: the server must close the socket with 4400 (or refuse the upgrade) */
  readonly bad_filter: boolean
  readonly kind: string
}

export interface WsOutcome {
  /** "refused <status>", "closed <code>", "open" or "error" */
  readonly label: string
  readonly status: number
  readonly close_code: number | null
  readonly detail: string
}

const CLOSE_MALFORMED_FILTER = 4400
const OUTCOME_TIMEOUT_MS = 5_000
const BAD_ACCOUNTS = ["", "zz", "ab".repeat(31), "ab".repeat(33), "AB".repeat(32) + "x", "0x" + "ab".repeat(31), "%00", "\u{1F3B2}", "a".repeat(3_000)]
const BAD_SESSIONS = ["", "-1", "18446744073709551616", "1e3", "0x10", "NaN", " 1", "1.0", "9".repeat(500)]
const GOOD_ACCOUNT = "ab".repeat(32)
const PATHS_NEAR = ["/updates/", "/updates/x", "/mempool/", "/mempoolx", "/update", "/explorer", "/", "/%2e%2e/updates", "/submit"]

export const wsRequestGenerator = (seed: number): ((index: number) => WsFuzzRequest) => {
  const r = new FuzzRandom(seed)
  return () => {
    const headers: Record<string, string> = { origin: "https://play.nullspace.test" }
    if (r.int(5) === 0) headers["origin"] = r.pick(["https://evil.test", "null", "http://127.0.0.1:1", "https://play.nullspace.test.evil", ""])
    if (r.int(8) === 0) headers["x-forwarded-for"] = r.pick(["1.2.3.4", "::1", "x".repeat(300), "1.2.3.4, 5.6.7.8"])
    if (r.int(10) === 0) headers["x-request-id"] = r.pick(["", "a".repeat(500), "../../x"])
    const feed = r.pick(["/updates", "/mempool"])
    const protocols = r.int(8) === 0 ? r.pick([["a"], ["a", "b"], ["x".repeat(200)]]) : []
    const at = (o: Omit<WsFuzzRequest, "protocols" | "headers">): WsFuzzRequest => ({ ...o, headers, protocols })
    switch (r.int(4)) {
      case 0:
        return at({ path: r.pick(PATHS_NEAR), bad_filter: false, kind: "ws: a path next to the feeds" })
      case 1: {
        const which = r.int(3)
        const qs =
          which === 0
            ? `account=${encodeURIComponent(r.pick(BAD_ACCOUNTS))}`
            : which === 1
              ? `session=${encodeURIComponent(r.pick(BAD_SESSIONS))}`
              : `account=${GOOD_ACCOUNT}&session=${r.int(1_000)}`
        return at({ path: `${feed}?${qs}`, bad_filter: true, kind: "ws: malformed filter" })
      }
      case 2: {
        const qs = r.pick([`account=${GOOD_ACCOUNT}`, `account=0x${GOOD_ACCOUNT.toUpperCase()}`, `session=${r.int(1_000_000)}`, "", "x=1", "account", `session=1&x=${encodeURIComponent("\u{1F3B2}")}`])
        return at({ path: `${feed}${qs === "" ? "" : `?${qs}`}`, bad_filter: qs === "account", kind: "ws: well-formed upgrade" })
      }
      default:
        return at({ path: `${feed}?account=${GOOD_ACCOUNT}&account=${encodeURIComponent(r.pick(BAD_ACCOUNTS))}`, bad_filter: false, kind: "ws: repeated filter" })
    }
  }
}

/** one upgrade and what became of it (an opened socket is closed by us at once, unless the filter is bad: then the server must close it) */
export const sendWs = (base: string, req: WsFuzzRequest): Promise<WsOutcome> =>
  new Promise((resolve) => {
    let settled = false
    const done = (o: WsOutcome) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      ws.terminate()
      resolve(o)
    }
    const ws = new WebSocket(`${base}${req.path}`, [...req.protocols], { headers: req.headers, handshakeTimeout: OUTCOME_TIMEOUT_MS })
    const timer = setTimeout(() => done({ label: "timeout", status: 0, close_code: null, detail: `no outcome within ${OUTCOME_TIMEOUT_MS} ms` }), OUTCOME_TIMEOUT_MS)
    ws.on("unexpected-response", (_request, res) => {
      const chunks: Buffer[] = []
      res.on("data", (c: Buffer) => chunks.push(c))
      res.on("end", () => done({ label: `refused ${res.statusCode ?? 0}`, status: res.statusCode ?? 0, close_code: null, detail: Buffer.concat(chunks).toString("utf8").slice(0, 2_000) }))
      res.on("error", (e) => done({ label: "error", status: -1, close_code: null, detail: e.message }))
    })
    ws.on("open", () => {
      if (!req.bad_filter) done({ label: "open", status: 101, close_code: null, detail: "" })
    })
    ws.on("close", (code, reason) => done({ label: `closed ${code}`, status: 101, close_code: code, detail: reason.toString("utf8") }))
    ws.on("error", (e) => done({ label: "error", status: -1, close_code: null, detail: e.message }))
  })

const isTypedError = (body: string): boolean => {
  try {
    const parsed: unknown = JSON.parse(body)
    return typeof parsed === "object" && parsed !== null && "error" in parsed && typeof parsed.error === "string" && "code" in parsed && typeof parsed.code === "number"
  } catch {
    return false
  }
}

/** a failure's reason, or null when the outcome is acceptable */
export const judgeWs = (req: WsFuzzRequest, o: WsOutcome): string | null => {
  if (o.label === "timeout" || o.label === "error") return `no answer: ${o.detail}`
  if (o.close_code === null && o.status !== 101) {
    if (o.status >= 500 || o.status < 400) return `refused with status ${o.status}`
    return isTypedError(o.detail) ? null : "a refusal without {error, code}"
  }
  if (o.close_code !== null) return req.bad_filter && o.close_code === CLOSE_MALFORMED_FILTER ? null : `closed with ${o.close_code} (${o.detail.slice(0, 80)})`
  return req.bad_filter ? "a malformed filter was accepted" : null
}
