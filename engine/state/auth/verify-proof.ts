/**
 * The standalone state-proof verifier: given a state root, a (table, key), the record's
 * canonical bytes (state/canonical.ts) or null for "absent", and a proof (proof.ts), decide
 * whether the root commits to exactly that. No store, no tree: what the indexer, the site and a
 * player's verify command run.
 *
 * Algorithm: P = H_key(table, key). Start from the terminal: Member → H_leaf(P ‖ H_value(value))
 * (value required); OtherLeaf(P', V') → H_leaf(P' ‖ V') with P' ≠ P agreeing with P on every step
 * bit (value must be null); Empty → the root must be H_empty (value null, no steps). Then fold the
 * steps from the deepest up: at a step with bit b the path goes right when bit b of P is 1, so
 * h = H_node(b ‖ sibling ‖ h), else H_node(b ‖ h ‖ sibling). Step bits must strictly increase
 * from the root. Accept iff the result equals the root. Soundness rests on SHA-256 collision
 * resistance and the tags: a leaf, a node and the empty state cannot stand in for one another.
 */
import { Either } from "effect"
import { bytesEqual } from "../../codec/bytes.ts"
import type { ProofMalformed } from "../../errors.ts"
import { DIGEST_BYTES, EMPTY_ROOT, PATH_BITS, bitAt, keyPath, leafHash, nodeHash, valueHash } from "./hash.ts"
import { decodeStateProof, type StateProof } from "./proof.ts"

export interface ProofClaim {
  readonly root: Uint8Array
  readonly table: string
  readonly key: string
  /** the record's canonical bytes; null claims the key is absent */
  readonly value: Uint8Array | null
}

/** verify against a key path directly (P = keyPath(table, key)) */
export const verifyPathProof = (root: Uint8Array, path: Uint8Array, value: Uint8Array | null, proof: StateProof): boolean => {
  if (root.length !== DIGEST_BYTES || path.length !== DIGEST_BYTES || proof.steps.length > PATH_BITS) return false
  const t = proof.terminal
  let h: Uint8Array
  switch (t._tag) {
    case "Empty":
      return value === null && proof.steps.length === 0 && bytesEqual(root, EMPTY_ROOT)
    case "Member":
      if (value === null) return false
      h = leafHash(path, valueHash(value))
      break
    case "OtherLeaf":
      if (value !== null || t.path.length !== DIGEST_BYTES || t.value_hash.length !== DIGEST_BYTES || bytesEqual(t.path, path)) return false
      if (!proof.steps.every((s) => bitAt(t.path, s.bit) === bitAt(path, s.bit))) return false
      h = leafHash(t.path, t.value_hash)
      break
  }
  for (let i = proof.steps.length - 1; i >= 0; i--) {
    const s = proof.steps[i]!
    if (!Number.isInteger(s.bit) || s.bit < 0 || s.bit >= PATH_BITS || s.sibling.length !== DIGEST_BYTES) return false
    if (i > 0 && proof.steps[i - 1]!.bit >= s.bit) return false
    h = bitAt(path, s.bit) === 1 ? nodeHash(s.bit, s.sibling, h) : nodeHash(s.bit, h, s.sibling)
  }
  return bytesEqual(h, root)
}

/** does `proof` show that `claim.root` holds `claim.value` at (table, key)? */
export const verifyStateProof = (claim: ProofClaim, proof: StateProof): boolean =>
  verifyPathProof(claim.root, keyPath(claim.table, claim.key), claim.value, proof)

/** the same from the proof's wire bytes: a malformed proof is a ProofMalformed (code 120) */
export const verifyStateProofBytes = (claim: ProofClaim, proof: Uint8Array): Either.Either<boolean, ProofMalformed> =>
  Either.map(decodeStateProof(proof), (p) => verifyStateProof(claim, p))
