/**
 * Signature verification as a service. Two implementations give identical answers
 * (strict RFC 8032, cofactorless: one rule set for every component, chain-and-services.md note 12):
 * - NobleVerifier: portable, pure JS;
 * - NodeVerifier (tx/verify-node.ts): node:crypto, the fast path on servers.
 */
import * as ed from "@noble/ed25519"
import { Context, Layer } from "effect"
import { fromHex } from "../codec/bytes.ts"
import { signingMessage, type Transaction } from "./transaction.ts"
import "./sign.ts"

export interface SignatureVerifierShape {
  readonly name: string
  /** verify a raw ed25519 signature over a message */
  readonly verify: (public_key: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean
}

export class SignatureVerifier extends Context.Tag("nullspace/SignatureVerifier")<SignatureVerifier, SignatureVerifierShape>() {}

export const nobleVerifier: SignatureVerifierShape = {
  name: "noble",
  verify: (public_key, message, signature) => {
    if (public_key.length !== 32 || signature.length !== 64) return false
    try {
      return ed.verify(signature, message, public_key, { zip215: false })
    } catch {
      return false
    }
  }
}

export const NobleVerifierLive = Layer.succeed(SignatureVerifier, nobleVerifier)

export const verifyTransaction = (verifier: SignatureVerifierShape, tx: Transaction): boolean =>
  verifier.verify(fromHex(tx.public_key), signingMessage(tx.nonce, tx.instruction), fromHex(tx.signature))
