/**
 * SHA-256 for the engine. Portable (pure JS from @noble/hashes) so the same code runs in Node,
 * browsers and k6 bundles; every driver therefore computes identical digests.
 */
import { sha256 as nobleSha256 } from "@noble/hashes/sha2"
import { concatBytes, utf8 } from "../codec/bytes.ts"

export const sha256 = (data: Uint8Array): Uint8Array => nobleSha256(data)

export const sha256Concat = (...parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  const h = nobleSha256.create()
  for (const p of parts) h.update(p)
  return h.digest()
}

export const sha256Text = (text: string): Uint8Array => sha256(utf8(text))

export { concatBytes }

/** an incremental noble SHA-256 (for callers that resume from a midstate: update, clone, digest) */
export const sha256Create = () => nobleSha256.create()
