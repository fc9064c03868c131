/**
 * Fast simulated keys for the simulator: the production state machine's ConsensusVerifier /
 * ConsensusSigner interfaces (engine/consensus/crypto.ts) implemented with a keyed 64-bit hash
 * instead of ed25519 and BLS, because a pairing costs ~25 ms and a run verifies thousands of
 * votes. It keeps the properties consensus relies on: a signature verifies only for the key that
 * made it (a Byzantine actor holds only its own secrets and never searches for collisions, so
 * relabelled votes fail), seed shares verify per signer, and the seed of a view is one value
 * recoverable only from q valid shares. Not cryptographic: simulation only. The real crypto is
 * exercised by engine/consensus/test (production keys end to end) and by the bench.
 */
import type { PartialSignature } from "../../engine/crypto/bls-threshold.ts"
import type { ConsensusSigner, ConsensusVerifier } from "../../engine/consensus/crypto.ts"

/** two 32-bit multiply-xorshift lanes over a key, a label and bytes → 8 bytes */
const mac = (key: number, label: string, payload: Uint8Array | null, extra: number): Uint8Array => {
  let h1 = (0x9e3779b9 ^ key) >>> 0
  let h2 = (0x85ebca6b ^ Math.imul(key, 0xc2b2ae35)) >>> 0
  const mix = (b: number): void => {
    h1 = Math.imul(h1 ^ b, 0x01000193) >>> 0
    h2 = Math.imul((h2 ^ b) + 0x7f4a7c15, 0x5bd1e995) >>> 0
    h2 ^= h2 >>> 13
  }
  for (let i = 0; i < label.length; i++) mix(label.charCodeAt(i))
  if (payload !== null) for (let i = 0; i < payload.length; i++) mix(payload[i] ?? 0)
  mix(extra & 0xff)
  mix((extra >>> 8) & 0xff)
  mix((extra >>> 16) & 0xff)
  mix(Math.floor(extra / 0x1000000) & 0xff)
  h1 ^= h2 >>> 7
  h2 ^= Math.imul(h1, 0x27d4eb2f) >>> 0
  const out = new Uint8Array(8)
  const v = new DataView(out.buffer)
  v.setUint32(0, h1 >>> 0)
  v.setUint32(4, h2 >>> 0)
  return out
}

const equal = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

export interface SimKeyring {
  readonly verifier: ConsensusVerifier
  signer(index: number): ConsensusSigner
}

export const simKeyring = (n: number, quorum: number, seed: number): SimKeyring => {
  const keyOf = (role: number, i: number): number => Math.imul((seed ^ 0x5bd1e995) >>> 0, 2654435761 + role * 97 + i * 7919) >>> 0
  const sign = (i: number, ns: string, payload: Uint8Array): Uint8Array => mac(keyOf(1, i), ns, payload, 0)
  const share = (i: number, view: number): Uint8Array => mac(keyOf(2, i), "seed-share", null, view)
  const seedOf = (view: number): Uint8Array => mac(keyOf(3, 0), "seed", null, view)
  const verifier: ConsensusVerifier = {
    n,
    genesis_seed: new Uint8Array(8),
    verify: (signer, ns, payload, signature) => signer >= 0 && signer < n && equal(sign(signer, ns, payload), signature),
    verifySeedShare: (signer, view, s) => signer >= 0 && signer < n && equal(share(signer, view), s),
    recoverSeed: (view, shares: ReadonlyArray<PartialSignature>) => {
      if (shares.length < quorum || new Set(shares.map((s) => s.index)).size !== shares.length) return null
      return shares.every((s) => s.index >= 0 && s.index < n && equal(share(s.index, view), s.signature)) ? seedOf(view) : new Uint8Array(8)
    },
    verifySeed: (view, s) => equal(seedOf(view), s)
  }
  return {
    verifier,
    signer: (index) => ({ index, sign: (ns, payload) => sign(index, ns, payload), seedShare: (view) => share(index, view) })
  }
}
