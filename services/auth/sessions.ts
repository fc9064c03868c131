/**
 * Users and sessions. A session is an opaque random token (32 bytes, base64url) sent as an
 * httpOnly, SameSite=Strict cookie; only its SHA-256 is stored. Each session carries its own
 * random CSRF token, which every state-changing request must echo in `x-csrf-token`.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto"
import { authError } from "./errors.ts"
import { num, optStr, str, type Queryable } from "./sql.ts"

export const SESSION_COOKIE = "ns_session"

export interface User {
  readonly id: string
  readonly auth_provider: string
  readonly auth_subject: string
  readonly public_key: string | null
  readonly stripe_customer_id: string | null
  readonly created_at_ms: number
}

export interface Session {
  readonly user: User
  readonly csrf_token: string
  readonly expires_at_ms: number
}

const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex")

export const userOf = (r: Readonly<Record<string, unknown>>): User => ({
  id: str(r["id"]),
  auth_provider: str(r["auth_provider"]),
  auth_subject: str(r["auth_subject"]),
  public_key: optStr(r["public_key"]),
  stripe_customer_id: optStr(r["stripe_customer_id"]),
  created_at_ms: num(r["created_at_ms"])
})

export const userById = async (q: Queryable, id: string): Promise<User | null> => {
  const [r] = await q.query(`SELECT * FROM users WHERE id = $1`, [id])
  return r === undefined ? null : userOf(r)
}

export const userByCustomer = async (q: Queryable, customer_id: string): Promise<User | null> => {
  const [r] = await q.query(`SELECT * FROM users WHERE stripe_customer_id = $1`, [customer_id])
  return r === undefined ? null : userOf(r)
}

/** the user a verified key logs into: the one holding that casino key, else a new one keyed by it */
export const userForKey = async (q: Queryable, public_key: string, now_ms: number): Promise<User> => {
  const [held] = await q.query(`SELECT * FROM users WHERE public_key = $1`, [public_key])
  if (held !== undefined) return userOf(held)
  const [r] = await q.query(
    `INSERT INTO users (id, auth_provider, auth_subject, public_key, created_at_ms) VALUES ($1, 'passkey', $2, $2, $3)
     ON CONFLICT (auth_provider, auth_subject) DO UPDATE SET auth_subject = EXCLUDED.auth_subject RETURNING *`,
    [randomUUID(), public_key, now_ms]
  )
  if (r === undefined) throw authError("StorageFailure", "the user upsert returned nothing")
  return userOf(r)
}

export const createSession = async (q: Queryable, user_id: string, ttl_ms: number, now_ms: number): Promise<{ token: string; csrf_token: string; expires_at_ms: number }> => {
  const token = randomBytes(32).toString("base64url")
  const csrf_token = randomBytes(32).toString("base64url")
  const expires_at_ms = now_ms + ttl_ms
  await q.query(`INSERT INTO sessions (token_hash, user_id, csrf_token, created_at_ms, expires_at_ms) VALUES ($1, $2, $3, $4, $5)`, [
    hashToken(token),
    user_id,
    csrf_token,
    now_ms,
    expires_at_ms
  ])
  return { token, csrf_token, expires_at_ms }
}

export const sessionOf = async (q: Queryable, token: string, now_ms: number): Promise<Session | null> => {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null
  const [r] = await q.query(
    `SELECT s.csrf_token, s.expires_at_ms, u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at_ms > $2`,
    [hashToken(token), now_ms]
  )
  return r === undefined ? null : { user: userOf(r), csrf_token: str(r["csrf_token"]), expires_at_ms: num(r["expires_at_ms"]) }
}

export const deleteSession = (q: Queryable, token: string) => q.query(`DELETE FROM sessions WHERE token_hash = $1`, [hashToken(token)])

export const csrfMatches = (expected: string, got: string | undefined): boolean => {
  if (got === undefined) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(got)
  return a.length === b.length && timingSafeEqual(a, b)
}

export const sessionCookie = (token: string, max_age_s: number, secure: boolean): string =>
  `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${max_age_s}${secure ? "; Secure" : ""}`

export const clearedCookie = (secure: boolean): string => `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? "; Secure" : ""}`

export const cookieValue = (header: string | undefined, name: string): string | undefined => {
  if (header === undefined) return undefined
  for (const part of header.split(";").slice(0, 64)) {
    const [k, ...v] = part.trim().split("=")
    if (k === name) return v.join("=")
  }
  return undefined
}
