/**
 * The keys the consensus state machine signs and verifies with, behind two small interfaces so the
 * same state machine runs with production crypto (ed25519 votes + threshold BLS12-381 seed) and in
 * the simulator (sim/vopr/sim-crypto.ts: keyed hashes, same interface, same fail-closed answers).
 *
 * - ConsensusVerifier: what anyone holding the public set (n ed25519 keys in sorted order + the
 *   BLS public polynomial) can check: vote signatures, seed shares, seeds, and seed recovery.
 * - ConsensusSigner: one validator's secrets: its ed25519 key and its BLS share.
 * Implementations must be deterministic (ed25519 and BLS signing are) and must return false, never
 * throw, on malformed input.
 */
import {
  BlsCache,
  blsSign,
  blsVerify,
  G1_IDENTITY_BYTES,
  groupKey,
  namespaced,
  recoverSignature,
  sharePublicKey,
  type PartialSignature,
  type Sharing
} from "../crypto/bls-threshold.ts"
import { signBytes } from "../tx/sign.ts"
import { NS_SEED, viewBytes } from "./messages.ts"

export interface ConsensusVerifier {
  /** validators, in the sorted order that defines their indices */
  readonly n: number
  verify(signer: number, namespace: string, payload: Uint8Array, signature: Uint8Array): boolean
  verifySeedShare(signer: number, view: number, share: Uint8Array): boolean
  /** the seed recovered from `threshold` shares (unverified: check it with verifySeed) */
  recoverSeed(view: number, shares: ReadonlyArray<PartialSignature>): Uint8Array | null
  verifySeed(view: number, seed: Uint8Array): boolean
  /** the seed before view 1 (the G1 identity encoding for BLS) */
  readonly genesis_seed: Uint8Array
}

export interface ConsensusSigner {
  readonly index: number
  sign(namespace: string, payload: Uint8Array): Uint8Array
  seedShare(view: number): Uint8Array
}

/** an ed25519 verification function (the engine's noble verifier or the node:crypto fast path) */
export type Ed25519Verify = (public_key: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean

export interface ValidatorSet {
  /** ed25519 public keys (32 bytes), sorted by their bytes: index i is share i */
  readonly public_keys: ReadonlyArray<Uint8Array>
  readonly sharing: Sharing
}

const compareBytes = (a: Uint8Array, b: Uint8Array): number => {
  const len = Math.min(a.length, b.length)
  for (let i = 0; i < len; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return d
  }
  return a.length - b.length
}
/** the validator order: raw ed25519 public key bytes ascending (chain-and-services.md §1.2) */
export const sortValidatorKeys = (keys: ReadonlyArray<Uint8Array>): Uint8Array[] => [...keys].sort(compareBytes)

/**
 * production verification: ed25519 votes, threshold BLS seed (and its shares). `cache` holds the
 * decoded keys and per-view message hashes; pass the signer's own (keys.ts does) so one validator
 * hashes each view's message once.
 */
export const ed25519BlsVerifier = (set: ValidatorSet, ed25519Verify: Ed25519Verify, cache: BlsCache = new BlsCache()): ConsensusVerifier => {
  const share_keys = set.public_keys.map((_, i) => sharePublicKey(set.sharing, i))
  return {
    ...publicVerifier(set.public_keys, groupKey(set.sharing), ed25519Verify, cache),
    verifySeedShare: (signer, view, share) => {
      const key = share_keys[signer]
      return key !== undefined && blsVerify(key, NS_SEED, viewBytes(view), share, cache)
    },
    recoverSeed: (_view, shares) => recoverSignature(set.sharing.threshold, shares, cache)
  }
}

/**
 * What a client checks certificates with: the public vote keys and the group key alone (it never
 * sees a share, so share checks fail and nothing is recovered). Seeds and every vote verify as in
 * `ed25519BlsVerifier`.
 */
export const publicVerifier = (
  public_keys: ReadonlyArray<Uint8Array>,
  group_key: Uint8Array,
  ed25519Verify: Ed25519Verify,
  cache: BlsCache = new BlsCache()
): ConsensusVerifier => ({
  n: public_keys.length,
  genesis_seed: G1_IDENTITY_BYTES,
  verify: (signer, namespace, payload, signature) => {
    const key = public_keys[signer]
    return key !== undefined && signature.length === 64 && ed25519Verify(key, namespaced(namespace, payload), signature)
  },
  verifySeedShare: () => false,
  recoverSeed: () => null,
  verifySeed: (view, seed) => blsVerify(group_key, NS_SEED, viewBytes(view), seed, cache)
})

/** production signing: ed25519 secret (32-byte seed) and the BLS share (32-byte scalar) */
export const ed25519BlsSigner = (index: number, ed25519_secret: Uint8Array, bls_share: Uint8Array, cache: BlsCache = new BlsCache()): ConsensusSigner => ({
  index,
  sign: (namespace, payload) => signBytes(ed25519_secret, namespaced(namespace, payload)),
  seedShare: (view) => blsSign(bls_share, NS_SEED, viewBytes(view), cache)
})
