/**
 * EVM wallet links (chain-and-services.md §4.6): an EIP-191 personal_sign of a challenge message
 * naming the app, origin, checksummed address, chain id, user and a random nonce; verified with
 * viem's verifyMessage. One link row per user; an address actively linked to another user is
 * refused; switching to another address within 7 days of the last link/unlink is refused;
 * relinking the same address keeps linked_at_ms; unlink marks the row `unlinked`.
 */
import { randomBytes, randomUUID } from "node:crypto"
import { getAddress, isAddress, isHex, verifyMessage } from "viem"
import { authError } from "./errors.ts"
import { num, optNum, str, type Queryable } from "./sql.ts"

export const EVM_RELINK_COOLDOWN_MS = 7 * 86_400_000

export interface EvmLink {
  readonly address: string
  readonly chainId: number
  readonly status: string
  readonly linkedAtMs: number
  readonly lastVerifiedAtMs: number
  readonly unlinkedAtMs: number | null
}

export const parseEvmAddress = (raw: unknown): `0x${string}` => {
  if (typeof raw !== "string" || !isAddress(raw, { strict: false })) throw authError("InvalidRequest", "address is not an EVM address")
  return getAddress(raw)
}

export const parseChainId = (raw: unknown, allowed: ReadonlyArray<number>): number => {
  if (typeof raw !== "number" || !Number.isSafeInteger(raw) || raw <= 0) throw authError("InvalidRequest", "chainId must be a positive integer")
  if (allowed.length > 0 && !allowed.includes(raw)) throw authError("EvmChainNotAllowed", `chain ${raw} is not accepted here`)
  return raw
}

export const evmMessage = (app: string, origin: string, address: string, chain_id: number, user_id: string, nonce: string): string =>
  [`${app}-evm-link`, `origin:${origin}`, `address:${address}`, `chainId:${chain_id}`, `userId:${user_id}`, `nonce:${nonce}`].join("\n")

export const issueEvmChallenge = async (
  q: Queryable,
  app: string,
  user_id: string,
  address: `0x${string}`,
  chain_id: number,
  origin: string,
  ttl_ms: number,
  now_ms: number
) => {
  const challengeId = randomUUID()
  const message = evmMessage(app, origin, address, chain_id, user_id, randomBytes(32).toString("hex"))
  const expiresAtMs = now_ms + ttl_ms
  await q.query(
    `INSERT INTO evm_challenges (challenge_id, user_id, evm_address, chain_id, message, origin, expires_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [challengeId, user_id, address.toLowerCase(), chain_id, message, origin, expiresAtMs]
  )
  return { challengeId, message, expiresAtMs, address, chainId: chain_id }
}

const linkOf = (r: Readonly<Record<string, unknown>>): EvmLink => ({
  address: getAddress(str(r["evm_address"])),
  chainId: num(r["chain_id"]),
  status: str(r["status"]),
  linkedAtMs: num(r["linked_at_ms"]),
  lastVerifiedAtMs: num(r["last_verified_at_ms"]),
  unlinkedAtMs: optNum(r["unlinked_at_ms"])
})

export const evmLinkOf = async (q: Queryable, user_id: string): Promise<EvmLink | null> => {
  const [r] = await q.query(`SELECT * FROM evm_links WHERE user_id = $1`, [user_id])
  return r === undefined ? null : linkOf(r)
}

/** consume the challenge, verify the signature, apply the link rules (caller holds a transaction) */
export const linkEvm = async (
  q: Queryable,
  user_id: string,
  body: { readonly address: unknown; readonly chainId: unknown; readonly signature: unknown; readonly challengeId: unknown },
  allowed_chain_ids: ReadonlyArray<number>,
  origin: string,
  now_ms: number
): Promise<EvmLink> => {
  const address = parseEvmAddress(body.address)
  const chain_id = parseChainId(body.chainId, allowed_chain_ids)
  if (typeof body.signature !== "string" || !isHex(body.signature) || body.signature.length > 2 + 2 * 200) throw authError("InvalidRequest", "signature must be 0x-prefixed hex")
  if (typeof body.challengeId !== "string" || !/^[0-9a-f-]{36}$/.test(body.challengeId)) throw authError("InvalidRequest", "challengeId must be a UUID")
  const [row] = await q.query(
    `UPDATE evm_challenges SET used_at_ms = $5 WHERE challenge_id = $1 AND user_id = $2 AND evm_address = $3 AND origin = $4 AND used_at_ms IS NULL AND expires_at_ms > $5 RETURNING chain_id, message`,
    [body.challengeId, user_id, address.toLowerCase(), origin, now_ms]
  )
  if (row === undefined) throw authError("ChallengeInvalid", "the EVM challenge is unknown, used, expired, or for another user, address or origin")
  if (num(row["chain_id"]) !== chain_id) throw authError("ChallengeInvalid", "the chain id differs from the challenge's")
  const ok = await verifyMessage({ address, message: str(row["message"]), signature: body.signature }).catch(() => false)
  if (!ok) throw authError("SignatureInvalid", "the signature does not recover to the address")
  const [other] = await q.query(`SELECT user_id FROM evm_links WHERE evm_address = $1 AND status = 'active' AND user_id <> $2`, [address.toLowerCase(), user_id])
  if (other !== undefined) throw authError("EvmAddressTaken", "the address is linked to another account")
  const existing = await evmLinkOf(q, user_id)
  if (existing !== null && existing.address.toLowerCase() !== address.toLowerCase()) {
    const since = Math.max(existing.linkedAtMs, existing.unlinkedAtMs ?? 0)
    if (now_ms - since < EVM_RELINK_COOLDOWN_MS) throw authError("EvmLinkCooldown", "another address can be linked 7 days after the last link or unlink")
  }
  const keep = existing !== null && existing.address.toLowerCase() === address.toLowerCase()
  await q.query(
    `INSERT INTO evm_links (user_id, evm_address, chain_id, status, signature_type, linked_at_ms, last_verified_at_ms, unlinked_at_ms) VALUES ($1, $2, $3, 'active', 'personal_sign', $4, $5, NULL)
     ON CONFLICT (user_id) DO UPDATE SET evm_address = $2, chain_id = $3, status = 'active', linked_at_ms = $4, last_verified_at_ms = $5, unlinked_at_ms = NULL`,
    [user_id, address.toLowerCase(), chain_id, keep && existing !== null ? existing.linkedAtMs : now_ms, now_ms]
  )
  const link = await evmLinkOf(q, user_id)
  if (link === null) throw authError("StorageFailure", "the link row vanished")
  return link
}

export const unlinkEvm = async (q: Queryable, user_id: string, now_ms: number): Promise<boolean> =>
  (await q.query(`UPDATE evm_links SET status = 'unlinked', unlinked_at_ms = $2 WHERE user_id = $1 AND status = 'active' RETURNING user_id`, [user_id, now_ms])).length === 1
