/**
 * Transaction signing through node:crypto for simulations (tens of times faster than the portable
 * noble signer). Ed25519 signatures are deterministic, so the transactions are byte-identical to
 * `signTransaction` from engine/tx/sign.ts (a test checks it).
 */
import { createPrivateKey, sign, type KeyObject } from "node:crypto"
import { toHex } from "../../engine/codec/bytes.ts"
import { SignatureHex } from "../../engine/schema/primitives.ts"
import type { Instruction } from "../../engine/tx/instruction.ts"
import type { Signer } from "../../engine/tx/sign.ts"
import { signingMessage, type Transaction } from "../../engine/tx/transaction.ts"

/** PKCS#8 DER prefix of an Ed25519 private key, followed by the 32-byte seed */
const PKCS8_ED25519_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20])

const keys = new WeakMap<Signer, KeyObject>()

const privateKey = (signer: Signer): KeyObject => {
  const hit = keys.get(signer)
  if (hit !== undefined) return hit
  const der = new Uint8Array(PKCS8_ED25519_PREFIX.length + 32)
  der.set(PKCS8_ED25519_PREFIX)
  der.set(signer.secret, PKCS8_ED25519_PREFIX.length)
  const key = createPrivateKey({ key: Buffer.from(der), format: "der", type: "pkcs8" })
  keys.set(signer, key)
  return key
}

export const nodeSignTransaction = (signer: Signer, nonce: bigint, instruction: Instruction): Transaction => ({
  nonce,
  instruction,
  public_key: signer.public_key,
  signature: SignatureHex.make(toHex(sign(null, signingMessage(nonce, instruction), privateKey(signer))))
})
