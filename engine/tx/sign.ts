/**
 * Portable ed25519 signing with @noble/ed25519 (runs in Node, browsers and k6 bundles).
 * Keys for named actors (conformance vectors, simulations, load runs) derive deterministically
 * from the name so every driver signs for "alice" with the same key.
 */
import * as ed from "@noble/ed25519"
import { sha512 } from "@noble/hashes/sha2"
import { TRANSACTION_NAMESPACE } from "../chain/constants.ts"
import { toHex, utf8 } from "../codec/bytes.ts"
import { sha256Concat } from "../crypto/sha256.ts"
import { PublicKey, SignatureHex } from "../schema/primitives.ts"
import type { Instruction } from "./instruction.ts"
import { signingMessage, type Transaction } from "./transaction.ts"

ed.etc.sha512Sync = (...messages) => sha512(ed.etc.concatBytes(...messages))

export interface Signer {
  readonly public_key: PublicKey
  readonly secret: Uint8Array
}

export const signerFromSecret = (secret: Uint8Array): Signer => ({
  secret,
  public_key: PublicKey.make(toHex(ed.getPublicKey(secret)))
})

/** names whose keys are kept (a full memo is emptied and starts again) */
const ACTOR_SIGNERS_MAX = 65_536
const actor_signers = new Map<string, Signer>()

/**
 * The deterministic key of a named actor: secret = SHA-256("nullspace/actor/" || name).
 * Memoized (the same name gives the same signer object): deriving the public key costs about
 * 0.3 ms, which every simulation of the same population paid again for each agent of each run.
 */
export const actorSigner = (name: string): Signer => {
  const hit = actor_signers.get(name)
  if (hit !== undefined) return hit
  if (actor_signers.size >= ACTOR_SIGNERS_MAX) actor_signers.clear()
  const signer = signerFromSecret(sha256Concat(utf8("nullspace/actor/"), utf8(name)))
  actor_signers.set(name, signer)
  return signer
}

export const signBytes = (secret: Uint8Array, message: Uint8Array): Uint8Array => ed.sign(message, secret)

/** sign for a network: `namespace` is its transaction namespace (chain config); the default is the dev network's */
export const signTransaction = (signer: Signer, nonce: bigint, instruction: Instruction, namespace: string = TRANSACTION_NAMESPACE): Transaction => ({
  nonce,
  instruction,
  public_key: signer.public_key,
  signature: SignatureHex.make(toHex(signBytes(signer.secret, signingMessage(nonce, instruction, namespace))))
})
