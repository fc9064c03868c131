/**
 * ed25519 login challenges (chain-and-services.md §4.5, §6.4): 32 random bytes, bound to the
 * public key and the origin that asked, valid `ttl_ms`, single use (consumed atomically with one
 * UPDATE … RETURNING before the signature is checked, so a failed attempt burns it too). The wallet
 * signs "nullspace-auth:" || the raw challenge bytes with plain ed25519.
 */
import { randomBytes, randomUUID } from "node:crypto"
import { concatBytes, fromHex, utf8 } from "../../engine/codec/bytes.ts"
import { nobleVerifier } from "../../engine/tx/verify.ts"
import { authError } from "./errors.ts"
import { str, type Queryable } from "./sql.ts"

export const LOGIN_PREFIX = "nullspace-auth:"
const HEX64 = /^[0-9a-f]{64}$/
const HEX128 = /^[0-9a-f]{128}$/

export const normalizeHex = (raw: string): string => raw.trim().toLowerCase().replace(/^0x/, "")

export const parsePublicKey = (raw: unknown): string => {
  const pk = typeof raw === "string" ? normalizeHex(raw) : ""
  if (!HEX64.test(pk)) throw authError("InvalidRequest", "publicKey must be 64 hex digits")
  return pk
}

export const parseSignature = (raw: unknown): string => {
  const s = typeof raw === "string" ? normalizeHex(raw) : ""
  if (!HEX128.test(s)) throw authError("InvalidRequest", "signature must be 128 hex digits")
  return s
}

export interface IssuedChallenge {
  readonly challengeId: string
  readonly challenge: string
  readonly expiresAtMs: number
}

export const issueChallenge = async (q: Queryable, public_key: string, origin: string, ttl_ms: number, now_ms: number): Promise<IssuedChallenge> => {
  const challengeId = randomUUID()
  const challenge = randomBytes(32).toString("hex")
  const expiresAtMs = now_ms + ttl_ms
  await q.query(`INSERT INTO auth_challenges (challenge_id, public_key, challenge, origin, expires_at_ms) VALUES ($1, $2, $3, $4, $5)`, [
    challengeId,
    public_key,
    challenge,
    origin,
    expiresAtMs
  ])
  return { challengeId, challenge, expiresAtMs }
}

export const loginMessage = (challenge_hex: string): Uint8Array => concatBytes(utf8(LOGIN_PREFIX), fromHex(challenge_hex))

/** consume the challenge and check the signature over it; throws ChallengeInvalid / SignatureInvalid */
export const proveKey = async (q: Queryable, challenge_id: unknown, public_key: string, signature: string, origin: string, now_ms: number): Promise<void> => {
  if (typeof challenge_id !== "string" || !/^[0-9a-f-]{36}$/.test(challenge_id)) throw authError("InvalidRequest", "challengeId must be a UUID")
  const [row] = await q.query(
    `UPDATE auth_challenges SET used_at_ms = $4 WHERE challenge_id = $1 AND public_key = $2 AND origin = $3 AND used_at_ms IS NULL AND expires_at_ms > $4 RETURNING challenge`,
    [challenge_id, public_key, origin, now_ms]
  )
  if (row === undefined) throw authError("ChallengeInvalid", "the challenge is unknown, used, expired, or was issued for another key or origin")
  if (!nobleVerifier.verify(fromHex(public_key), loginMessage(str(row["challenge"])), fromHex(signature)))
    throw authError("SignatureInvalid", "the signature does not verify under the public key")
}

export const pruneChallenges = async (q: Queryable, retention_ms: number, now_ms: number, batch: number): Promise<number> => {
  const a = await q.query(
    `DELETE FROM auth_challenges WHERE challenge_id IN (SELECT challenge_id FROM auth_challenges WHERE expires_at_ms <= $1 LIMIT ${batch}) RETURNING challenge_id`,
    [now_ms - retention_ms]
  )
  const b = await q.query(
    `DELETE FROM evm_challenges WHERE challenge_id IN (SELECT challenge_id FROM evm_challenges WHERE expires_at_ms <= $1 LIMIT ${batch}) RETURNING challenge_id`,
    [now_ms - retention_ms]
  )
  const c = await q.query(`DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions WHERE expires_at_ms <= $1 LIMIT ${batch}) RETURNING token_hash`, [now_ms])
  return a.length + b.length + c.length
}
