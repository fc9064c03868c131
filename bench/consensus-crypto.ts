/**
 * Vote-crypto decision (docs/consensus.md): verifications per second on this machine of
 * - node:crypto ed25519 (the engine's nodeVerifier) — the baseline,
 * - noble ed25519 (portable),
 * - noble BLS12-381 min-sig verify (one pairing check: a vote's partial, or a recovered certificate),
 * plus BLS partial signing and the recovery of a q = 3 signature (Lagrange in G1), and the cost of
 * a certificate check each way: q ed25519 verifications vs one BLS verification.
 * Run: npm run bench -- consensus-crypto   (or tsx bench/consensus-crypto.ts)
 */
import { Bench } from "tinybench"
import { fromHex, utf8 } from "../engine/codec/bytes.ts"
import { BlsCache, blsSign, blsVerify, dealSharing, groupKey, recoverSignature, sharePublicKey } from "../engine/crypto/bls-threshold.ts"
import { sha256Text } from "../engine/crypto/sha256.ts"
import { actorSigner, signBytes } from "../engine/tx/sign.ts"
import { nobleVerifier } from "../engine/tx/verify.ts"
import { nodeVerifier } from "../engine/tx/verify-node.ts"
import { meanMs, type BenchReport } from "./report.ts"

export const benchConsensusCrypto = async (): Promise<BenchReport> => {
  const signer = actorSigner("bench-validator")
  const message = utf8("notarize view 42 parent 41 payload 0123456789abcdef0123456789abcdef")
  const ed_sig = signBytes(signer.secret, message)
  const ed_pk = fromHex(signer.public_key)
  const dealt = dealSharing(sha256Text("bench-dealer"), 4, 3)
  const payload = utf8("view-42")
  const partials = [0, 1, 2].map((index) => ({ index, signature: blsSign(dealt.shares[index] ?? new Uint8Array(32), "_NULLSPACE_SEED", payload) }))
  const share_pk = sharePublicKey(dealt.sharing, 0)
  const recovered = recoverSignature(3, partials) ?? new Uint8Array(48)
  const group = groupKey(dealt.sharing)
  if (!blsVerify(group, "_NULLSPACE_SEED", payload, recovered)) throw new Error("bench: recovered BLS signature does not verify")
  if (!nodeVerifier.verify(ed_pk, message, ed_sig)) throw new Error("bench: ed25519 signature does not verify")

  // a validator's cache: the group key decoded once, the view's message hashed once
  const cache = new BlsCache()
  const bench = new Bench({ time: 1_500, warmupTime: 200 })
  bench
    .add("ed25519 verify (node:crypto)", () => {
      nodeVerifier.verify(ed_pk, message, ed_sig)
    })
    .add("ed25519 verify (noble)", () => {
      nobleVerifier.verify(ed_pk, message, ed_sig)
    })
    .add("ed25519 sign (noble)", () => {
      signBytes(signer.secret, message)
    })
    .add("BLS verify (noble, partial or recovered)", () => {
      blsVerify(share_pk, "_NULLSPACE_SEED", payload, partials[0]?.signature ?? recovered)
    })
    .add("BLS verify (noble, cached key and message)", () => {
      blsVerify(group, "_NULLSPACE_SEED", payload, recovered, cache)
    })
    .add("BLS partial sign (noble)", () => {
      blsSign(dealt.shares[0] ?? new Uint8Array(32), "_NULLSPACE_SEED", payload)
    })
    .add("BLS recover q=3 (noble)", () => {
      recoverSignature(3, partials)
    })
  await bench.run()
  const perSecond = (name: string): number => {
    const task = bench.getTask(name)
    return task === undefined ? Number.NaN : 1_000 / meanMs(task)
  }
  const ed_node = perSecond("ed25519 verify (node:crypto)")
  const bls = perSecond("BLS verify (noble, partial or recovered)")
  return {
    name: "consensus crypto (verifications or operations per second, one thread)",
    rows: [
      ["ed25519 verify node:crypto /s (baseline)", ed_node],
      ["ed25519 verify noble /s", perSecond("ed25519 verify (noble)")],
      ["ed25519 sign noble /s", perSecond("ed25519 sign (noble)")],
      ["BLS verify noble /s", bls],
      ["BLS verify noble, cached key + message /s", perSecond("BLS verify (noble, cached key and message)")],
      ["BLS partial sign noble /s", perSecond("BLS partial sign (noble)")],
      ["BLS recover q=3 noble /s", perSecond("BLS recover q=3 (noble)")],
      ["ratio ed25519 node ÷ BLS verify", ed_node / bls],
      ["per vote: BLS partial checks/s (every vote verified)", bls],
      ["per q=3 certificate: ed25519 checks/s (3 verifies)", ed_node / 3],
      ["per certificate: BLS checks/s (1 verify)", bls]
    ]
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printReport } = await import("./report.ts")
  printReport(await benchConsensusCrypto())
}
