/**
 * Execution certificates (chain-and-services.md §1.1 "aggregation"): after executing finalized
 * block `height`, each validator signs ExecutionItem = (height, state_root, events_root) in the
 * NS_AGG_ACK domain with its vote key. q acknowledgements of the same item from distinct
 * validators form an ExecutionCertificate; indexers and clients check it with
 * `verifyExecutionCertificate` (the public validator set and the quorum) before trusting any state
 * proof under that root. The roots are opaque 32-byte digests here (Chain.applyBlock's state root
 * and events root), so this module does not depend on how they are computed.
 * Two certificates for one height with different roots need q + q − n ≥ f + 1 signers in both,
 * so at most f faulty validators can never produce them.
 */
import { Schema } from "effect"
import type { ConsensusVerifier } from "./crypto.ts"
import { ExecutionItem, executionItemBytes, NS_AGG_ACK, VALIDATORS_MAX, VoteSignature } from "./messages.ts"

export const ExecutionCertificate = Schema.TaggedStruct("ExecutionCertificate", {
  item: ExecutionItem,
  signatures: Schema.Array(VoteSignature).pipe(Schema.maxItems(VALIDATORS_MAX))
})
export type ExecutionCertificate = typeof ExecutionCertificate.Type

/** q distinct in-range signers, each signature valid over the item */
export const verifyExecutionCertificate = (verifier: ConsensusVerifier, quorum: number, cert: ExecutionCertificate): boolean => {
  if (cert.signatures.length < quorum || cert.signatures.length > verifier.n) return false
  const seen = new Set<number>()
  const bytes = executionItemBytes(cert.item)
  for (const s of cert.signatures) {
    if (s.signer < 0 || s.signer >= verifier.n || seen.has(s.signer)) return false
    seen.add(s.signer)
    if (!verifier.verify(s.signer, NS_AGG_ACK, bytes, s.signature)) return false
  }
  return true
}

/** the quorum of an n-validator set: q = n − f with f = ⌊(n − 1)/3⌋ */
export const quorumOf = (n: number): number => n - Math.floor((n - 1) / 3)
