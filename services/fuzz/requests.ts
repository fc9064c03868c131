/**
 * Seeded malformed and unauthorised requests for every API endpoint (the fuzzer's corpus, drawn on
 * the fly): wrong methods, broken path parameters (bad hex, out-of-range numbers, traversal,
 * unicode, oversize), foreign origins, bad or missing metrics tokens, and structure-aware
 * mutations of valid signed submissions (bit flips, truncation, extension, a rewritten kind or
 * count, a transaction whose signature was made under another key or namespace), and the explorer's
 * routes (bad heights, digests, hashes, public keys and session ids, limits and cursors beyond
 * their bounds, bad search queries, wrong methods). Each request is
 * a plain value, so a failing one prints and replays from (seed, index).
 */
import { encodeRouletteMove } from "../../engine/games/roulette/roulette.ts"
import { GAME_TYPES } from "../../engine/tx/instruction.ts"
import { actorSigner, signTransaction } from "../../engine/tx/sign.ts"
import type { Transaction } from "../../engine/tx/transaction.ts"
import { encodeSubmission } from "../api/submission.ts"

export interface FuzzRequest {
  readonly method: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array | null
  /** what the request is (for the report) */
  readonly kind: string
}

/** xorshift32: small, seeded, deterministic */
export class FuzzRandom {
  private s: number
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9
  }
  next(): number {
    let x = this.s
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    this.s = x >>> 0
    return this.s
  }
  int(n: number): number {
    return this.next() % n
  }
  pick<T>(xs: ReadonlyArray<T>): T {
    const x = xs[this.int(xs.length)]
    if (x === undefined) throw new RangeError("pick from an empty list")
    return x
  }
  bytes(n: number): Uint8Array {
    return Uint8Array.from({ length: n }, () => this.int(256))
  }
}

const BAD_PARAMS = [
  "",
  "0x",
  "zz",
  "%00",
  "..%2F..%2Fetc%2Fpasswd",
  "ff".repeat(31),
  "ff".repeat(33),
  "GG".repeat(32),
  "-1",
  "18446744073709551616",
  "99999999999999999999999",
  "1e9",
  "NaN",
  "\u{1F3B2}",
  "a".repeat(5_000),
  "%E0%A4%A",
  "1;DROP TABLE"
]
const ROUTE_TEMPLATES = ["/account/:p", "/player/:p", "/session/:p", "/session/:p/verification"]
const PLAIN_ROUTES = ["/healthz", "/chain", "/house", "/config", "/metrics", "/metrics/prometheus", "/submit"]
const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]

/** explorer ids: bad heights, digests, hashes, public keys, session ids (and a few well-formed ones that name nothing) */
const EXPLORER_IDS = [
  ...BAD_PARAMS,
  "0",
  "1",
  "18446744073709551615",
  "00".repeat(32),
  "AB".repeat(32),
  "0x" + "ab".repeat(32),
  " 1",
  "1.0",
  "+1",
  "01"
]
const EXPLORER_ID_ROUTES = ["/explorer/blocks/:p", "/explorer/tx/:p", "/explorer/account/:p", "/explorer/accounts/:p", "/explorer/sessions/:p", "/explorer/games/:p"]
const EXPLORER_PAGED = ["/explorer/blocks", "/explorer/account/" + "ab".repeat(32), "/explorer/games/" + "ab".repeat(32)]
const EXPLORER_PLAIN = ["/explorer/status", "/explorer/blocks", "/explorer/search?q=1", "/explorer/blocks/1"]
/** limits and cursors beyond their bounds (limit ≤ 200 / 100, before a height, height.position or session id) */
const EXPLORER_PAGE_VALUES = ["0", "-1", "201", "101", "1000000", "18446744073709551616", "1.5", "", "x", "1.", ".1", "1.2.3", "1.-1", "1.99999999999", "%00", "1e3"]
/** search queries: empty, oversize, neither decimal nor 64 hex, injection-shaped */
const EXPLORER_QUERIES = ["", " ", "a".repeat(201), "9".repeat(201), "ab".repeat(31), "ab".repeat(33), "' OR 1=1 --", "%", "_", "\\", "18446744073709551616", "-5", "\u0000", "\u{1F3B2}"]

const explorerRequest = (r: FuzzRandom, headers: Record<string, string>): FuzzRequest => {
  switch (r.int(4)) {
    case 0: {
      const path = r.pick(EXPLORER_ID_ROUTES).replace(":p", encodeURIComponent(r.pick(EXPLORER_IDS)).slice(0, 6_000))
      return { method: r.pick(["GET", "GET", "GET", "HEAD", "POST"]), path, headers, body: null, kind: "explorer: bad id" }
    }
    case 1: {
      const qs = new URLSearchParams()
      if (r.int(3) !== 0) qs.set("limit", r.pick(EXPLORER_PAGE_VALUES))
      if (r.int(3) !== 0) qs.set("before", r.pick(EXPLORER_PAGE_VALUES))
      if (r.int(4) === 0) qs.append("limit", r.pick(EXPLORER_PAGE_VALUES))
      return { method: "GET", path: `${r.pick(EXPLORER_PAGED)}?${qs}`, headers, body: null, kind: "explorer: limit or before beyond bounds" }
    }
    case 2: {
      const q = r.pick(EXPLORER_QUERIES)
      const path = r.int(5) === 0 ? "/explorer/search" : `/explorer/search?q=${encodeURIComponent(q)}${r.int(4) === 0 ? "&q=1" : ""}`
      return { method: "GET", path, headers, body: null, kind: "explorer: bad search query" }
    }
    default: {
      const method = r.pick(["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
      const extra: Record<string, string> = r.int(4) === 0 ? { "if-none-match": r.pick(["*", '"x"', "", "W/\"" + "a".repeat(300) + "\""]) } : {}
      return { method, path: r.pick(EXPLORER_PLAIN), headers: { ...headers, ...extra }, body: method === "OPTIONS" ? null : r.bytes(r.int(128)), kind: "explorer: wrong method" }
    }
  }
}

/** valid signed transactions the mutations start from */
const seedTransactions = (): Transaction[] => {
  const a = actorSigner("fuzz/a")
  const b = actorSigner("fuzz/b")
  return [
    signTransaction(a, 0n, { _tag: "CasinoRegister", name: "a" }),
    signTransaction(a, 1n, { _tag: "StartGame", game_type: GAME_TYPES.indexOf("roulette"), bet: 0n, session_id: 1n }),
    signTransaction(a, 2n, { _tag: "GameMove", session_id: 1n, payload: encodeRouletteMove({ _tag: "Batch", bets: [{ type: "RED", number: 0, amount: 1n }] }) }),
    signTransaction(b, 0n, { _tag: "Swap", amount_in: 5n, min_amount_out: 0n, is_buying_rng: true })
  ]
}

/** a submission that is never admissible: mutated bytes, or a signature that is not the key's */
const badSubmission = (r: FuzzRandom, valid: ReadonlyArray<Uint8Array>, forged: ReadonlyArray<Uint8Array>): { body: Uint8Array; kind: string } => {
  const base = r.pick(valid)
  const copy = new Uint8Array(base)
  switch (r.int(8)) {
    case 0: {
      const i = r.int(copy.length)
      copy[i] = (copy[i] ?? 0) ^ (1 << r.int(8))
      return { body: copy, kind: "submit: one bit flipped" }
    }
    case 1:
      return { body: copy.subarray(0, r.int(copy.length)), kind: "submit: truncated" }
    case 2:
      return { body: Uint8Array.from([...copy, ...r.bytes(1 + r.int(64))]), kind: "submit: trailing bytes" }
    case 3:
      copy[0] = r.pick([0x00, 0x02, 0x03, 0xff])
      return { body: copy, kind: "submit: another kind" }
    case 4:
      copy[1] = r.pick([0x00, 0x7f, 0x81, 0xff])
      return { body: copy, kind: "submit: another count" }
    case 5:
      return { body: r.bytes(r.int(2_048)), kind: "submit: random bytes" }
    case 6:
      return { body: r.pick(forged), kind: "submit: signed under another key or namespace" }
    default: {
      for (let k = 0; k < 1 + r.int(8); k++) {
        const i = r.int(copy.length)
        copy[i] = ((copy[i] ?? 0) + 1 + r.int(255)) % 256 // always another value: an unchanged valid submission would be admitted
      }
      return { body: copy, kind: "submit: bytes rewritten" }
    }
  }
}

export const requestGenerator = (seed: number): ((index: number) => FuzzRequest) => {
  const r = new FuzzRandom(seed)
  const txs = seedTransactions()
  const valid = [encodeSubmission(txs.slice(0, 1)), encodeSubmission(txs.slice(0, 3)), encodeSubmission(txs)]
  const other = actorSigner("fuzz/mallory")
  const forged = txs.map((tx) => {
    // the victim's key with mallory's signature, and a signature under another network's namespace
    const stolen = { ...signTransaction(other, tx.nonce, tx.instruction), public_key: tx.public_key }
    return encodeSubmission([stolen])
  })
  forged.push(encodeSubmission([signTransaction(actorSigner("fuzz/a"), 0n, { _tag: "CasinoRegister", name: "a" }, "_ANOTHER_NETWORK_TX")]))
  return () => {
    const headers: Record<string, string> = {}
    if (r.int(6) === 0) headers["origin"] = r.pick(["https://evil.test", "null", "http://127.0.0.1:1", "https://play.nullspace.test.evil"])
    if (r.int(8) === 0) headers["authorization"] = r.pick(["Bearer ", "Bearer x", "Basic Zm9vOmJhcg==", "Bearer " + "t".repeat(300)])
    if (r.int(10) === 0) headers["x-request-id"] = r.pick(["", "a".repeat(500), "%C3%A9t%C3%A9", "../../x"])
    if (r.int(10) === 0) headers["content-type"] = r.pick(["application/json", "text/plain", "multipart/form-data; boundary=x"])
    switch (r.int(5)) {
      case 0: {
        const path = r.pick(ROUTE_TEMPLATES).replace(":p", encodeURIComponent(r.pick(BAD_PARAMS)).slice(0, 6_000))
        return { method: r.pick(["GET", "GET", "GET", "POST", "DELETE"]), path, headers, body: null, kind: "bad path parameter" }
      }
      case 1: {
        const path = r.pick(PLAIN_ROUTES)
        const method = r.pick(METHODS)
        const body = method === "GET" || method === "OPTIONS" ? null : r.bytes(r.int(256))
        return { method, path, headers, body, kind: `${method} ${path}` }
      }
      case 2: {
        const path = `/${r.pick(["", "..", "%2e%2e", "submit/", "chain/x", "account", "updates", "explorer", "metrics/x"])}${r.int(2) === 0 ? "?q=" + encodeURIComponent(r.pick(BAD_PARAMS)) : ""}`
        return { method: r.pick(METHODS), path, headers, body: null, kind: "unknown route" }
      }
      case 3:
        return explorerRequest(r, headers)
      default: {
        const { body, kind } = badSubmission(r, valid, forged)
        return { method: "POST", path: "/submit", headers: { ...headers, "content-type": "application/octet-stream" }, body, kind }
      }
    }
  }
}
