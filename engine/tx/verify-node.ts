/**
 * The node:crypto verification fast path (servers): the rule of tx/verify.ts with its byte-level
 * pre-checks (canonical A and R, small-order blacklist, S < L) run first, then OpenSSL's
 * cofactorless Ed25519 equation. Same answers as the noble verifier (tested on published vectors
 * and by fuzzing). KeyObjects are cached (bounded, least recently used evicted) so a key seen
 * before costs no DER parsing. This file is the engine's one documented node: import.
 */
import { createPublicKey, verify, type KeyObject } from "node:crypto"
import { Layer } from "effect"
import { SignatureVerifier, signatureProblem, type SignatureVerifierShape } from "./verify.ts"

const SPKI_ED25519_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00])
export const KEY_CACHE_ENTRIES_MAX = 4_096

const keyCache = new Map<string, KeyObject | null>()

const keyObject = (public_key: Uint8Array): KeyObject | null => {
  const id = Buffer.from(public_key.buffer, public_key.byteOffset, public_key.byteLength).toString("latin1")
  const hit = keyCache.get(id)
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
  if (keyCache.size >= KEY_CACHE_ENTRIES_MAX) {
    const oldest = keyCache.keys().next()
    if (oldest.done !== true) keyCache.delete(oldest.value)
  }
  keyCache.set(id, key)
  return key
}

export const nodeVerifier: SignatureVerifierShape = {
  name: "node:crypto",
  verify: (public_key, message, signature) => {
    if (signatureProblem(public_key, signature) !== null) return false
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
