/**
 * Validator key setup by a trusted dealer (docs/consensus.md "Key setup"). `dealValidatorKeys`
 * draws n ed25519 vote secrets and a t-of-n BLS12-381 sharing (t = q, engine dealSharing) from
 * node:crypto randomness and writes one key file per data dir, `validator-key.json` (mode 0600):
 * the validator's index, its ed25519 secret, its BLS share and the public set (every ed25519 key
 * in sorted order, the BLS public polynomial). The dealer's entropy is discarded afterwards; a
 * compromised dealer could sign seeds alone, which is why the set should be re-dealt by a DKG for
 * production (not implemented here). `readValidatorKey` validates a key file with its Schema.
 */
import { randomBytes } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import { Either, Schema } from "effect"
import { bytesEqual, fromHex, toHex } from "../../../engine/codec/bytes.ts"
import { ed25519BlsSigner, ed25519BlsVerifier, sortValidatorKeys, type ConsensusSigner, type ConsensusVerifier } from "../../../engine/consensus/crypto.ts"
import { quorumOf } from "../../../engine/consensus/execution-certificate.ts"
import { BlsCache, dealSharing, groupKey, type Sharing } from "../../../engine/crypto/bls-threshold.ts"
import { signerFromSecret } from "../../../engine/tx/sign.ts"
import { nodeVerifier } from "../../../engine/tx/verify-node.ts"

export const KEY_FILE = "validator-key.json"
const Hex = Schema.String.pipe(Schema.pattern(/^[0-9a-f]*$/))

export const ValidatorKeyFile = Schema.Struct({
  version: Schema.Literal(1),
  index: Schema.Int.pipe(Schema.between(0, 255)),
  ed25519_secret: Hex,
  bls_share: Hex,
  public_keys: Schema.Array(Hex).pipe(Schema.minItems(1), Schema.maxItems(256)),
  commitments: Schema.Array(Hex).pipe(Schema.minItems(1), Schema.maxItems(256)),
  threshold: Schema.Int.pipe(Schema.between(1, 256))
})
export type ValidatorKeyFile = typeof ValidatorKeyFile.Type

export class KeyFileError extends Schema.TaggedError<KeyFileError>()("KeyFileError", { message: Schema.String }) {}

export interface ValidatorKeys {
  readonly index: number
  readonly n: number
  readonly quorum: number
  readonly public_keys: ReadonlyArray<Uint8Array>
  readonly sharing: Sharing
  readonly ed25519_secret: Uint8Array
  readonly verifier: ConsensusVerifier
  readonly signer: ConsensusSigner
  readonly group_key: Uint8Array
}

/** deal keys for `dirs.length` validators; data dir i gets the key of validator i (sorted order) */
export const dealValidatorKeys = (dirs: ReadonlyArray<string>): ReadonlyArray<ValidatorKeyFile> => {
  const n = dirs.length
  const q = quorumOf(n)
  const secrets = dirs.map(() => new Uint8Array(randomBytes(32)))
  const unsorted = secrets.map((s) => fromHex(signerFromSecret(s).public_key))
  const sorted = sortValidatorKeys(unsorted)
  const dealt = dealSharing(new Uint8Array(randomBytes(32)), n, q)
  const files = sorted.map((pk, index): ValidatorKeyFile => {
    const at = unsorted.findIndex((k) => bytesEqual(k, pk))
    return {
      version: 1,
      index,
      ed25519_secret: toHex(secrets[at] ?? new Uint8Array(0)),
      bls_share: toHex(dealt.shares[index] ?? new Uint8Array(0)),
      public_keys: sorted.map(toHex),
      commitments: dealt.sharing.commitments.map(toHex),
      threshold: dealt.sharing.threshold
    }
  })
  files.forEach((f, i) => {
    const dir = dirs[i] ?? "."
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
    const file = path.join(dir, KEY_FILE)
    fs.writeFileSync(file, JSON.stringify(f, null, 2), { mode: 0o600, flag: "wx" })
  })
  return files
}

export const keysOf = (f: ValidatorKeyFile): ValidatorKeys => {
  const public_keys = f.public_keys.map(fromHex)
  const sharing: Sharing = { commitments: f.commitments.map(fromHex), threshold: f.threshold }
  const secret = fromHex(f.ed25519_secret)
  const own = public_keys[f.index]
  if (own === undefined || !bytesEqual(own, fromHex(signerFromSecret(secret).public_key))) throw new KeyFileError({ message: `key file: the secret is not validator ${f.index}'s key` })
  if (!bytesEqual(new Uint8Array(sortValidatorKeys(public_keys).flatMap((k) => [...k])), new Uint8Array(public_keys.flatMap((k) => [...k]))))
    throw new KeyFileError({ message: "key file: the public keys are not in sorted order" })
  const n = public_keys.length
  // one cache for the validator's signer and verifier: each view's seed message is hashed once
  const cache = new BlsCache()
  return {
    index: f.index,
    n,
    quorum: quorumOf(n),
    public_keys,
    sharing,
    ed25519_secret: secret,
    verifier: ed25519BlsVerifier({ public_keys, sharing }, nodeVerifier.verify, cache),
    signer: ed25519BlsSigner(f.index, secret, fromHex(f.bls_share), cache),
    group_key: groupKey(sharing)
  }
}

export const readValidatorKey = (dir: string): ValidatorKeys => {
  const file = path.join(dir, KEY_FILE)
  let raw: unknown
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"))
  } catch (e) {
    throw new KeyFileError({ message: `${file}: ${e instanceof Error ? e.message : String(e)}` })
  }
  const parsed = Schema.decodeUnknownEither(ValidatorKeyFile)(raw)
  if (Either.isLeft(parsed)) throw new KeyFileError({ message: `${file}: not a validator key file` })
  return keysOf(parsed.right)
}
