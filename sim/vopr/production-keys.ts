/**
 * Production consensus keys for a simulated network (dev and tests): ed25519 vote keys derived
 * from the run's seed, sorted by public key bytes (that order defines the indices), and a
 * dealer-generated t-of-n BLS sharing with t = q (engine/crypto/bls-threshold.ts). The same
 * SimKeyring shape as sim-crypto.ts, so a run can swap the fast simulated keys for the real ones.
 */
import { ed25519BlsSigner, ed25519BlsVerifier, sortValidatorKeys } from "../../engine/consensus/crypto.ts"
import { bytesEqual, fromHex, utf8 } from "../../engine/codec/bytes.ts"
import { dealSharing, type DealtKeys } from "../../engine/crypto/bls-threshold.ts"
import { sha256 } from "../../engine/crypto/sha256.ts"
import { signerFromSecret } from "../../engine/tx/sign.ts"
import { nodeVerifier } from "../../engine/tx/verify-node.ts"
import type { SimKeyring } from "./sim-crypto.ts"

export interface ProductionKeyring extends SimKeyring {
  readonly dealt: DealtKeys
  readonly public_keys: ReadonlyArray<Uint8Array>
}

export const productionKeyring = (n: number, quorum: number, seed: number): ProductionKeyring => {
  const secrets = Array.from({ length: n }, (_, i) => sha256(utf8(`nullspace/vopr/ed25519/${seed}/${i}`)))
  const unsorted = secrets.map((s) => fromHex(signerFromSecret(s).public_key))
  const public_keys = sortValidatorKeys(unsorted)
  const secretAt = (index: number): Uint8Array => {
    const pk = public_keys[index]
    const at = unsorted.findIndex((k) => pk !== undefined && bytesEqual(k, pk))
    const secret = secrets[at]
    if (secret === undefined) throw new RangeError(`no secret for validator ${index}`)
    return secret
  }
  const dealt = dealSharing(sha256(utf8(`nullspace/vopr/dealer/${seed}`)), n, quorum)
  const verifier = ed25519BlsVerifier({ public_keys, sharing: dealt.sharing }, nodeVerifier.verify)
  return {
    dealt,
    public_keys,
    verifier,
    signer: (index) => ed25519BlsSigner(index, secretAt(index), dealt.shares[index] ?? new Uint8Array(32))
  }
}
