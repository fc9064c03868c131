/** The node:crypto verification fast path (servers). Same answers as the noble verifier. */
import { createPublicKey, verify, type KeyObject } from "node:crypto"
import { Layer } from "effect"
import { toHex } from "../codec/bytes.ts"
import { SignatureVerifier, type SignatureVerifierShape } from "./verify.ts"

const SPKI_ED25519_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00])
const KEY_CACHE_ENTRIES_MAX = 4_096

const keyCache = new Map<string, KeyObject | null>()

const keyObject = (public_key: Uint8Array): KeyObject | null => {
  const hex = toHex(public_key)
  const hit = keyCache.get(hex)
  if (hit !== undefined) return hit
  let key: KeyObject | null
  try {
    const der = new Uint8Array(SPKI_ED25519_PREFIX.length + 32)
    der.set(SPKI_ED25519_PREFIX)
    der.set(public_key, SPKI_ED25519_PREFIX.length)
    key = createPublicKey({ key: Buffer.from(der), format: "der", type: "spki" })
  } catch {
    key = null
  }
  if (keyCache.size >= KEY_CACHE_ENTRIES_MAX) keyCache.clear()
  keyCache.set(hex, key)
  return key
}

export const nodeVerifier: SignatureVerifierShape = {
  name: "node:crypto",
  verify: (public_key, message, signature) => {
    if (public_key.length !== 32 || signature.length !== 64) return false
    const key = keyObject(public_key)
    if (key === null) return false
    try {
      return verify(null, message, key, signature)
    } catch {
      return false
    }
  }
}

export const NodeVerifierLive = Layer.succeed(SignatureVerifier, nodeVerifier)
