/**
 * Seed reads a client can check (`GET /seed/:view`, validators only): the seed of a view that
 * finalized a block is that block's `seed` (execution's only source of chance), with the block's
 * height and digest and a finalization certificate naming it or a descendant. `verifySeedAnswer`
 * checks the seed is the group key's BLS signature over the view (so nobody chose it) and, when a
 * validator set is trusted, that the certificate holds a quorum of valid votes and a valid seed.
 */
import { Either, Schema } from "effect"
import { blockDigest, type Block } from "../../engine/block.ts"
import { DecodeFailure, fromHex, toHex } from "../../engine/codec/bytes.ts"
import { certificateProblem } from "../../engine/consensus/certificate.ts"
import type { Finalization } from "../../engine/consensus/messages.ts"
import { decodeCertificateBytes, encodeCertificate } from "../../engine/consensus/wire.ts"
import type { Check } from "./check.ts"
import { verifierOf, type TrustedSet } from "./trusted-set.ts"

export const SeedAnswer = Schema.Struct({
  view: Schema.String.pipe(Schema.pattern(/^[0-9]{1,20}$/)),
  seed: Schema.String.pipe(Schema.pattern(/^[0-9a-f]{96}$/)),
  height: Schema.String.pipe(Schema.pattern(/^[0-9]{1,20}$/)),
  digest: Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/)),
  finalization: Schema.NullOr(Schema.String.pipe(Schema.pattern(/^(?:[0-9a-f]{2})*$/), Schema.maxLength(65_536)))
})
export type SeedAnswer = typeof SeedAnswer.Type

export const seedAnswer = (f: { readonly block: Block; readonly certificate: Finalization | null }): SeedAnswer => ({
  view: f.block.view.toString(),
  seed: f.block.seed,
  height: f.block.height.toString(),
  digest: blockDigest(f.block),
  finalization: f.certificate === null ? null : toHex(encodeCertificate(f.certificate))
})

const decodeAnswer = Schema.decodeUnknownEither(SeedAnswer)

export const verifySeedAnswer = (input: unknown, trusted: TrustedSet): { readonly ok: boolean; readonly checks: ReadonlyArray<Check> } => {
  const checks: Check[] = []
  const add = (name: string, ok: boolean, detail: string) => checks.push({ step: null, name, ok, detail })
  const decoded = decodeAnswer(input)
  if (Either.isLeft(decoded)) {
    add("answer", false, `not a seed answer: ${decoded.left.message}`)
    return { ok: false, checks }
  }
  const a = decoded.right
  const verifier = verifierOf(trusted)
  const view = Number(a.view)
  const seed_ok = Number.isSafeInteger(view) && verifier.verifySeed(view, fromHex(a.seed))
  add("seed", seed_ok, seed_ok ? `the group key signed view ${a.view}: this seed was fixed by a quorum, not chosen` : `the seed is not the group key's signature over view ${a.view}`)
  const cert = a.finalization === null ? null : decodeCertificateBytes(fromHex(a.finalization))
  const valid = cert !== null && !(cert instanceof DecodeFailure) && cert._tag === "Finalization" && certificateProblem(verifier, trusted.quorum, cert) === null
  const names = valid && cert.proposal.payload === a.digest && cert.proposal.view === view
  const cert_ok = valid && names
  add(
    "finalization",
    cert_ok,
    cert_ok
      ? `a quorum finalized block ${a.digest.slice(0, 12)}… at view ${a.view}`
      : valid
        ? "the certificate finalizes a descendant (the block was finalized through it): check it through a session with nullspace verify"
        : "no valid finalization certificate"
  )
  return { ok: seed_ok && cert_ok, checks }
}
