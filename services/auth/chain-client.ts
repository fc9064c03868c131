/**
 * What the auth service asks of the indexer API (CASINO_API_URL): a player's daily freeroll limit
 * (`GET /player/:pk`), the admin account's executed nonce (`GET /account/:pk`) and `POST /submit`
 * of a signed transaction. Answers are decoded with Effect Schema; transport failures and
 * unexpected answers are ChainUnavailable, a nonce rejection says which nonce the chain expects.
 */
import { Schema } from "effect"
import type { Transaction } from "../../engine/tx/transaction.ts"
import { encodeSubmission } from "../api/submission.ts"
import { authError } from "./errors.ts"

const TIMEOUT_MS = 10_000
const PlayerAnswer = Schema.Struct({ daily_limit: Schema.Number })
const AccountAnswer = Schema.Struct({ nonce: Schema.String })
const SubmitRejection = Schema.Struct({ error: Schema.String, code: Schema.Number, message: Schema.String, expected: Schema.optional(Schema.String) })

export type SubmitResult = { readonly kind: "accepted" } | { readonly kind: "nonce"; readonly expected: bigint } | { readonly kind: "rejected"; readonly error: string; readonly message: string }

export interface ChainClient {
  readonly dailyLimit: (public_key: string) => Promise<number | null>
  readonly accountNonce: (public_key: string) => Promise<bigint>
  readonly submit: (tx: Transaction) => Promise<SubmitResult>
}

const call = async (url: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> => {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) })
    const text = await res.text()
    let body: unknown = null
    try {
      body = JSON.parse(text)
    } catch {
      body = null
    }
    return { status: res.status, body }
  } catch (e) {
    throw authError("ChainUnavailable", `the chain API at ${new URL(url).origin} did not answer: ${e instanceof Error ? e.message : String(e)}`)
  }
}

export const makeChainClient = (api_url: string): ChainClient => {
  const base = api_url.replace(/\/$/, "")
  return {
    dailyLimit: async (pk) => {
      const r = await call(`${base}/player/${pk}`)
      if (r.status === 404) return null
      const d = Schema.decodeUnknownEither(PlayerAnswer)(r.body)
      if (r.status !== 200 || d._tag === "Left") throw authError("ChainUnavailable", `GET /player answered ${r.status}`)
      return d.right.daily_limit
    },
    accountNonce: async (pk) => {
      const r = await call(`${base}/account/${pk}`)
      const d = Schema.decodeUnknownEither(AccountAnswer)(r.body)
      if (r.status !== 200 || d._tag === "Left" || !/^\d+$/.test(d.right.nonce)) throw authError("ChainUnavailable", `GET /account answered ${r.status}`)
      return BigInt(d.right.nonce)
    },
    submit: async (tx) => {
      const r = await call(`${base}/submit`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: new Uint8Array(encodeSubmission([tx])) })
      if (r.status === 200) return { kind: "accepted" }
      const d = Schema.decodeUnknownEither(SubmitRejection)(r.body)
      if (d._tag === "Left") throw authError("ChainUnavailable", `POST /submit answered ${r.status}`)
      const e = d.right
      if ((e.error === "NonceGap" || e.error === "NonceReplay") && e.expected !== undefined && /^\d+$/.test(e.expected)) return { kind: "nonce", expected: BigInt(e.expected) }
      if (r.status >= 500 || r.status === 429) throw authError("ChainUnavailable", `POST /submit answered ${r.status} ${e.error}`)
      return { kind: "rejected", error: e.error, message: e.message }
    }
  }
}
