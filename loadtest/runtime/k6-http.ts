/**
 * The 'k6/http' module: synchronous request/get/post/put/patch/del/head/options/batch returning
 * k6 Response objects, the expectedStatuses response callback and http_req_* metrics with k6's
 * tags (method, url, name, status, proto, expected_response, error_code, group, scenario).
 */
import { types } from "node:util"
import { parseDuration_ms } from "./duration.ts"
import type { HttpRequestSpec, HttpResult, ResponseType } from "./protocol.ts"
import type { VuHost } from "./vu-host.ts"

const DEFAULT_TIMEOUT_MS = 60_000

interface StatusRange {
  readonly min: number
  readonly max: number
}
interface ExpectedStatuses {
  readonly __k6_expected_statuses: ReadonlyArray<StatusRange>
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)
const isExpected = (u: unknown): u is ExpectedStatuses => isRecord(u) && Array.isArray(u["__k6_expected_statuses"])

/** gjson-like path for Response.json(selector): dotted keys and array indexes ("events.0._tag"). */
const select = (value: unknown, path: string): unknown => {
  let cur: unknown = value
  for (const part of path.split(".")) {
    if (Array.isArray(cur)) {
      if (part === "#") return cur.length
      cur = /^\d+$/.test(part) ? cur[Number(part)] : undefined
    } else if (isRecord(cur)) cur = cur[part]
    else return undefined
    if (cur === undefined) return undefined
  }
  return cur
}

/** Go's url.QueryEscape: unreserved bytes stay, space becomes '+', the rest %XX. */
const queryEscape = (s: string): string => {
  let out = ""
  for (const b of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(b)
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c
    else if (c === " ") out += "+"
    else out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`
  }
  return out
}

/** k6 sends an object body as Go's url.Values.Encode(): keys sorted, query-escaped. */
const formEncode = (o: Record<string, unknown>): string =>
  Object.keys(o)
    .sort()
    .map((k) => `${queryEscape(k)}=${queryEscape(String(o[k]))}`)
    .join("&")

export const makeHttpModule = (host: VuHost) => {
  let responseCallback: ExpectedStatuses | null = { __k6_expected_statuses: [{ min: 200, max: 399 }] }

  const expectedStatuses = (...args: unknown[]): ExpectedStatuses => {
    const ranges: StatusRange[] = []
    for (const a of args) {
      if (typeof a === "number" && Number.isInteger(a)) ranges.push({ min: a, max: a })
      else if (isRecord(a) && typeof a["min"] === "number" && typeof a["max"] === "number") ranges.push({ min: a["min"], max: a["max"] })
      else throw host.realm.makeError("expectedStatuses takes integers or {min, max} objects")
    }
    return { __k6_expected_statuses: ranges }
  }

  const setResponseCallback = (cb: unknown): void => {
    if (cb === null || cb === undefined) responseCallback = null
    else if (isExpected(cb)) responseCallback = cb
    else throw host.realm.makeError("setResponseCallback takes the result of http.expectedStatuses() or null")
  }

  const bodyBytes = (body: unknown, headers: Record<string, string>): Uint8Array | null => {
    if (body === null || body === undefined) return null
    if (typeof body === "string") return new TextEncoder().encode(body)
    if (types.isArrayBuffer(body)) return new Uint8Array(body.slice(0))
    if (ArrayBuffer.isView(body)) throw host.realm.makeError("pass request bodies as a string, an object or an ArrayBuffer (k6 does not send typed arrays as raw bytes)")
    if (isRecord(body)) {
      if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["Content-Type"] = "application/x-www-form-urlencoded"
      return new TextEncoder().encode(formEncode(body))
    }
    return new TextEncoder().encode(String(body))
  }

  interface Prepared {
    readonly spec: HttpRequestSpec
    readonly tags: Record<string, string>
    readonly callback: ExpectedStatuses | null
    readonly request: Record<string, unknown>
  }

  const prepare = (method: unknown, url: unknown, body: unknown, params: unknown): Prepared => {
    const m = String(method).toUpperCase()
    const u = String(url)
    const p = isRecord(params) ? params : {}
    const headers: Record<string, string> = {}
    if (isRecord(p["headers"])) for (const [k, v] of Object.entries(p["headers"])) headers[k] = String(v)
    const bytes = bodyBytes(body, headers)
    let timeout_ms = DEFAULT_TIMEOUT_MS
    if (p["timeout"] !== undefined) {
      const t = parseDuration_ms(p["timeout"])
      if (t instanceof Error) throw host.realm.makeError(t.message)
      timeout_ms = t
    }
    const rt = p["responseType"]
    const response_type: ResponseType = rt === "binary" || rt === "none" ? rt : "text"
    const tags: Record<string, string> = {}
    if (isRecord(p["tags"])) for (const [k, v] of Object.entries(p["tags"])) tags[k] = String(v)
    let callback = responseCallback
    if ("responseCallback" in p) {
      const cb = p["responseCallback"]
      if (cb === null || cb === undefined) callback = null
      else if (isExpected(cb)) callback = cb
      else throw host.realm.makeError("responseCallback must come from http.expectedStatuses() or be null")
    }
    const request = { method: m, url: u, headers, body: typeof body === "string" ? body : bytes === null ? "" : `[${bytes.length} bytes]` }
    return { spec: { method: m, url: u, headers, body: bytes, timeout_ms, response_type }, tags, callback, request }
  }

  const finish = (prep: Prepared, r: HttpResult): Record<string, unknown> => {
    const expected =
      prep.callback === null ? null : prep.callback.__k6_expected_statuses.some((range) => r.status >= range.min && r.status <= range.max)
    const tags: Record<string, string> = {
      ...host.systemTags(),
      method: prep.spec.method,
      url: prep.spec.url,
      name: prep.spec.url,
      status: String(r.status),
      proto: r.proto,
      ...prep.tags
    }
    if (expected !== null) tags["expected_response"] = String(expected)
    if (r.error_code !== 0) {
      tags["error_code"] = String(r.error_code)
      tags["error"] = r.error
    }
    const t = r.timings
    host.emit("http_reqs", 1, tags)
    host.emit("http_req_duration", t.duration, tags)
    host.emit("http_req_blocked", t.blocked, tags)
    host.emit("http_req_connecting", t.connecting, tags)
    host.emit("http_req_tls_handshaking", t.tls_handshaking, tags)
    host.emit("http_req_sending", t.sending, tags)
    host.emit("http_req_waiting", t.waiting, tags)
    host.emit("http_req_receiving", t.receiving, tags)
    if (expected !== null) host.emit("http_req_failed", expected ? 0 : 1, tags)
    host.emit("data_sent", r.bytes_sent, tags)
    host.emit("data_received", r.bytes_received, tags)
    if (r.error !== "") host.logError(`request ${prep.spec.method} ${prep.spec.url} failed: ${r.error}`)
    const body: unknown =
      r.body_bytes !== null ? host.realm.arrayBufferOf(r.body_bytes) : r.body_text !== null ? r.body_text : prep.spec.response_type === "none" ? null : ""
    return {
      url: r.url,
      status: r.status,
      status_text: r.status_text,
      proto: r.proto,
      headers: r.headers,
      body,
      error: r.error,
      error_code: r.error_code,
      timings: { ...t },
      request: prep.request,
      remote_ip: "127.0.0.1",
      json(selector?: unknown): unknown {
        if (typeof body !== "string") throw host.realm.makeError("the response has no text body to parse (responseType is not 'text')")
        let parsed: unknown
        try {
          parsed = host.realm.jsonParse(body)
        } catch (e) {
          throw host.realm.makeError(`cannot parse json due to an error at offset: ${e instanceof Error ? e.message : String(e)}`)
        }
        return selector === undefined ? parsed : select(parsed, String(selector))
      }
    }
  }

  const resultAt = (results: ReadonlyArray<HttpResult>, i: number): HttpResult => {
    const r = results[i]
    if (r === undefined) throw host.realm.makeError("the I/O hub returned fewer responses than requests")
    return r
  }

  const request = (method: unknown, url: unknown, body?: unknown, params?: unknown): Record<string, unknown> => {
    host.requireVuContext("Making http requests")
    const prep = prepare(method, url, body, params)
    const [r] = host.channel.http([prep.spec])
    if (r === undefined) throw host.realm.makeError("the I/O hub returned no response")
    return finish(prep, r)
  }

  const batch = (requests: unknown): unknown => {
    host.requireVuContext("Making http requests")
    const toPrepared = (item: unknown): Prepared => {
      if (typeof item === "string") return prepare("GET", item, null, undefined)
      if (Array.isArray(item)) return prepare(item[0], item[1], item[2], item[3])
      if (isRecord(item)) return prepare(item["method"] ?? "GET", item["url"], item["body"], item["params"])
      throw host.realm.makeError("a batch request is a URL, an array [method, url, body, params] or an object")
    }
    if (Array.isArray(requests)) {
      const preps = requests.map(toPrepared)
      const results = host.channel.http(preps.map((p) => p.spec))
      return preps.map((p, i) => finish(p, resultAt(results, i)))
    }
    if (isRecord(requests)) {
      const keys = Object.keys(requests)
      const preps = keys.map((k) => toPrepared(requests[k]))
      const results = host.channel.http(preps.map((p) => p.spec))
      const out: Record<string, unknown> = {}
      preps.forEach((p, i) => (out[keys[i] ?? ""] = finish(p, resultAt(results, i))))
      return out
    }
    throw host.realm.makeError("http.batch takes an array or an object of requests")
  }

  const mod = {
    request,
    batch,
    get: (url: unknown, params?: unknown) => request("GET", url, null, params),
    head: (url: unknown, params?: unknown) => request("HEAD", url, null, params),
    post: (url: unknown, body?: unknown, params?: unknown) => request("POST", url, body, params),
    put: (url: unknown, body?: unknown, params?: unknown) => request("PUT", url, body, params),
    patch: (url: unknown, body?: unknown, params?: unknown) => request("PATCH", url, body, params),
    del: (url: unknown, body?: unknown, params?: unknown) => request("DELETE", url, body, params),
    options: (url: unknown, body?: unknown, params?: unknown) => request("OPTIONS", url, body, params),
    expectedStatuses,
    setResponseCallback
  }
  return { ...mod, default: mod }
}
