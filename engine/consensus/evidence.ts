/**
 * Fault evidence (consensus-protocol.md "Accountability"): two conflicting messages signed by the
 * same key (a vote message, or one vote inside a certificate). Each kind is self-verifying: `verifyEvidence` checks both signatures with the public
 * validator set and that the two really conflict, so evidence can be forwarded and judged by anyone.
 * - ConflictingNotarize: two notarize votes of one signer in one view for different proposals
 * - ConflictingFinalize: two finalize votes of one signer in one view for different proposals
 * - NullifyFinalize: a nullify and a finalize of one signer in one view
 * - ConflictingExecAck: two execution acknowledgements of one signer at one height with different roots
 */
import { Schema } from "effect"
import type { ConsensusVerifier } from "./crypto.ts"
import {
  ExecAck,
  executionItemBytes,
  NS_AGG_ACK,
  NS_FINALIZE,
  NS_NOTARIZE,
  NS_NULLIFY,
  Proposal,
  proposalBytes,
  sameProposal,
  SignatureBytes,
  SignerIndex,
  viewBytes,
  ViewNumber
} from "./messages.ts"

/** a signed proposal vote: from a notarize / finalize message, or one vote of a certificate */
export const SignedProposal = Schema.Struct({ proposal: Proposal, signer: SignerIndex, signature: SignatureBytes })
export type SignedProposal = typeof SignedProposal.Type
/** a signed nullify: from a nullify message, or one vote of a nullification */
export const SignedNullify = Schema.Struct({ view: ViewNumber, signer: SignerIndex, signature: SignatureBytes })
export type SignedNullify = typeof SignedNullify.Type

export const ConflictingNotarize = Schema.TaggedStruct("ConflictingNotarize", { a: SignedProposal, b: SignedProposal })
export const ConflictingFinalize = Schema.TaggedStruct("ConflictingFinalize", { a: SignedProposal, b: SignedProposal })
export const NullifyFinalize = Schema.TaggedStruct("NullifyFinalize", { nullify: SignedNullify, finalize: SignedProposal })
export const ConflictingExecAck = Schema.TaggedStruct("ConflictingExecAck", { a: ExecAck, b: ExecAck })
export const Evidence = Schema.Union(ConflictingNotarize, ConflictingFinalize, NullifyFinalize, ConflictingExecAck)
export type Evidence = typeof Evidence.Type

/** the faulty signer and the view (or height, for execution acks) of a piece of evidence */
export const evidenceSubject = (e: Evidence): { readonly signer: number; readonly view: number; readonly kind: Evidence["_tag"] } => {
  switch (e._tag) {
    case "ConflictingNotarize":
    case "ConflictingFinalize":
      return { signer: e.a.signer, view: e.a.proposal.view, kind: e._tag }
    case "NullifyFinalize":
      return { signer: e.nullify.signer, view: e.nullify.view, kind: e._tag }
    case "ConflictingExecAck":
      return { signer: e.a.signer, view: e.a.item.height, kind: e._tag }
  }
}

/** true iff both messages are validly signed by one signer and conflict */
export const verifyEvidence = (verifier: ConsensusVerifier, e: Evidence): boolean => {
  switch (e._tag) {
    case "ConflictingNotarize":
    case "ConflictingFinalize": {
      const ns = e._tag === "ConflictingNotarize" ? NS_NOTARIZE : NS_FINALIZE
      return (
        e.a.signer === e.b.signer &&
        e.a.proposal.view === e.b.proposal.view &&
        !sameProposal(e.a.proposal, e.b.proposal) &&
        verifier.verify(e.a.signer, ns, proposalBytes(e.a.proposal), e.a.signature) &&
        verifier.verify(e.b.signer, ns, proposalBytes(e.b.proposal), e.b.signature)
      )
    }
    case "NullifyFinalize":
      return (
        e.nullify.signer === e.finalize.signer &&
        e.nullify.view === e.finalize.proposal.view &&
        verifier.verify(e.nullify.signer, NS_NULLIFY, viewBytes(e.nullify.view), e.nullify.signature) &&
        verifier.verify(e.finalize.signer, NS_FINALIZE, proposalBytes(e.finalize.proposal), e.finalize.signature)
      )
    case "ConflictingExecAck":
      return (
        e.a.signer === e.b.signer &&
        e.a.item.height === e.b.item.height &&
        (e.a.item.state_root !== e.b.item.state_root || e.a.item.events_root !== e.b.item.events_root) &&
        verifier.verify(e.a.signer, NS_AGG_ACK, executionItemBytes(e.a.item), e.a.signature) &&
        verifier.verify(e.b.signer, NS_AGG_ACK, executionItemBytes(e.b.item), e.b.signature)
      )
  }
}
