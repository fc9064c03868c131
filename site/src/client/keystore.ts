/**
 * The player's ed25519 key, held in this browser only (localStorage): generated from the
 * browser's CSPRNG or imported as 64 hex characters. The secret is never sent anywhere; only
 * signatures made with it (engine/tx/sign.ts) leave the page.
 */
import { fromHex, toHex } from "../../../engine/codec/bytes.ts"
import { signerFromSecret, type Signer } from "../../../engine/tx/sign.ts"

const SECRET_KEY = "nullspace.secret"
const SECRET_HEX = /^[0-9a-f]{64}$/

export class KeyImportError extends Error {
  readonly _tag = "KeyImportError"
}

export const storedSigner = (): Signer | null => {
  const hex = localStorage.getItem(SECRET_KEY)
  return hex !== null && SECRET_HEX.test(hex) ? signerFromSecret(fromHex(hex)) : null
}

export const generateSigner = (): Signer => {
  const secret = new Uint8Array(32)
  crypto.getRandomValues(secret)
  localStorage.setItem(SECRET_KEY, toHex(secret))
  return signerFromSecret(secret)
}

/** import a secret key (64 hex characters, optional 0x); a typed error for anything else */
export const importSigner = (text: string): Signer | KeyImportError => {
  const hex = text.trim().toLowerCase().replace(/^0x/, "")
  if (!SECRET_HEX.test(hex)) return new KeyImportError("a secret key is 64 hex characters (32 bytes)")
  localStorage.setItem(SECRET_KEY, hex)
  return signerFromSecret(fromHex(hex))
}

export const exportSecret = (): string | null => localStorage.getItem(SECRET_KEY)

export const forgetSigner = (): void => localStorage.removeItem(SECRET_KEY)
