/**
 * The casino admin key (chain-and-services.md §4.9, §6.6), first hit wins:
 *   CASINO_ADMIN_PRIVATE_KEY_URL (secret manager: raw hex or JSON with the key under a common
 *   field; optional bearer / vault token), CASINO_ADMIN_PRIVATE_KEY_FILE, and
 *   CASINO_ADMIN_PRIVATE_KEY_HEX only outside production or with ALLOW_INSECURE_ADMIN_KEY_ENV=true.
 * No key → ConfigInvalid (the service does not start). The key is never logged; only its public key.
 */
import { readFile } from "node:fs/promises"
import { fromHex } from "../../engine/codec/bytes.ts"
import { signerFromSecret, type Signer } from "../../engine/tx/sign.ts"
import { authError } from "./errors.ts"

const KEY_HEX = /^(0x)?[0-9a-fA-F]{64}$/
const FIELDS = ["privateKey", "private_key", "key", "value", "secret", "adminPrivateKey"] as const
const FETCH_TIMEOUT_MS = 10_000

export const adminSignerFromHex = (raw: string, source: string): Signer => {
  const hex = raw.trim()
  if (!KEY_HEX.test(hex)) throw authError("ConfigInvalid", `the admin key from ${source} is not 32 bytes of hex`)
  return signerFromSecret(fromHex(hex.replace(/^0x/i, "")))
}

const fromBody = (body: string, source: string): Signer => {
  const t = body.trim()
  if (KEY_HEX.test(t)) return adminSignerFromHex(t, source)
  let parsed: unknown
  try {
    parsed = JSON.parse(t)
  } catch {
    throw authError("ConfigInvalid", `the admin key from ${source} is neither hex nor JSON`)
  }
  const walk = (v: unknown, depth: number): string | null => {
    if (depth > 4 || typeof v !== "object" || v === null) return null
    for (const f of FIELDS) {
      const x: unknown = Reflect.get(v, f)
      if (typeof x === "string" && KEY_HEX.test(x.trim())) return x
    }
    for (const x of Object.values(v)) {
      const found = walk(x, depth + 1)
      if (found !== null) return found
    }
    return null
  }
  const key = walk(parsed, 0)
  if (key === null) throw authError("ConfigInvalid", `no admin key field in the JSON from ${source}`)
  return adminSignerFromHex(key, source)
}

export const resolveAdminSigner = async (env: Readonly<Record<string, string | undefined>>): Promise<Signer> => {
  const url = env["CASINO_ADMIN_PRIVATE_KEY_URL"]
  if (url !== undefined && url !== "") {
    const headers: Record<string, string> = {}
    const token = env["CASINO_ADMIN_PRIVATE_KEY_TOKEN"]
    if (token !== undefined && token !== "") headers["authorization"] = `Bearer ${token}`
    const vault = env["VAULT_TOKEN"]
    if (vault !== undefined && vault !== "") headers["x-vault-token"] = vault
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) }).catch(() => null)
    if (res === null || !res.ok) throw authError("ConfigInvalid", `the admin key URL answered ${res === null ? "nothing" : res.status}`)
    return fromBody(await res.text(), "CASINO_ADMIN_PRIVATE_KEY_URL")
  }
  const file = env["CASINO_ADMIN_PRIVATE_KEY_FILE"]
  if (file !== undefined && file !== "") {
    const body = await readFile(file, "utf8").catch(() => null)
    if (body === null) throw authError("ConfigInvalid", "CASINO_ADMIN_PRIVATE_KEY_FILE cannot be read")
    return fromBody(body, "CASINO_ADMIN_PRIVATE_KEY_FILE")
  }
  const hex = env["CASINO_ADMIN_PRIVATE_KEY_HEX"]
  if (hex !== undefined && hex !== "") {
    if (env["NODE_ENV"] === "production" && env["ALLOW_INSECURE_ADMIN_KEY_ENV"] !== "true")
      throw authError("ConfigInvalid", "CASINO_ADMIN_PRIVATE_KEY_HEX is refused in production (use _URL or _FILE)")
    return adminSignerFromHex(hex, "CASINO_ADMIN_PRIVATE_KEY_HEX")
  }
  throw authError("ConfigInvalid", "no admin key: set CASINO_ADMIN_PRIVATE_KEY_URL or CASINO_ADMIN_PRIVATE_KEY_FILE (or _HEX outside production)")
}
