/**
 * Checking a consensus certificate (notarization, nullification, finalization) with public data
 * only: the validator set's verifier, its size and the quorum. A certificate is valid iff it holds
 * q..n votes from distinct in-range signers, every vote signature verifies over the certificate's
 * signed bytes (messages.ts), the proposal's parent view is below its view, and the seed verifies
 * for the view against the group key. This is what a client checks to trust finality; the state
 * machine uses the same function and reports the first problem as a tagged rejection.
 */
import type { ConsensusVerifier } from "./crypto.ts"
import { InvalidProposal, InvalidSeed, InvalidVoteSignature, MalformedCertificate, reject, type ConsensusRejection } from "./errors.ts"
import { NS_FINALIZE, NS_NOTARIZE, NS_NULLIFY, proposalBytes, viewBytes, type Certificate } from "./messages.ts"

export const certificateView = (cert: Certificate): number => (cert._tag === "Nullification" ? cert.view : cert.proposal.view)

/** the first reason the certificate is invalid (votes first, the seed last), or null; `seed_known` skips the seed pairing when the caller already holds the view's seed and compared it */
export const certificateProblem = (verifier: ConsensusVerifier, quorum: number, cert: Certificate, seed_known = false): ConsensusRejection | null => {
  const view = certificateView(cert)
  if (cert._tag !== "Nullification" && cert.proposal.parent_view >= view) return reject(InvalidProposal, `parent view ${cert.proposal.parent_view} ≥ view ${view}`)
  const votes = cert.votes
  if (votes.length < quorum || votes.length > verifier.n) return reject(MalformedCertificate, `${votes.length} votes, quorum ${quorum}`)
  const seen = new Set<number>()
  for (const v of votes) {
    if (v.signer < 0 || v.signer >= verifier.n || seen.has(v.signer)) return reject(MalformedCertificate, `duplicate or unknown signer ${v.signer}`)
    seen.add(v.signer)
  }
  const namespace = cert._tag === "Nullification" ? NS_NULLIFY : cert._tag === "Notarization" ? NS_NOTARIZE : NS_FINALIZE
  const payload = cert._tag === "Nullification" ? viewBytes(view) : proposalBytes(cert.proposal)
  for (const v of votes) if (!verifier.verify(v.signer, namespace, payload, v.signature)) return reject(InvalidVoteSignature, `certificate vote of ${v.signer}`)
  if (!seed_known && !verifier.verifySeed(view, cert.seed)) return reject(InvalidSeed, `certificate seed for view ${view}`)
  return null
}

export const verifyCertificate = (verifier: ConsensusVerifier, quorum: number, cert: Certificate): boolean => certificateProblem(verifier, quorum, cert) === null
