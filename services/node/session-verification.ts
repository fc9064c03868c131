/**
 * The node side of player verification: `SessionVerifications` answers a session id with its
 * verification bundle (services/verify/bundle.ts), built from the session index (which blocks and
 * outputs) and the node's finalized chain (blocks, finalization and execution certificates, the
 * validator set); the index and the certificates survive a restart (blocks.log replay,
 * certificates.log, execution certificates a node missed fetched from its peers). Only a node that certifies its chain provides it (a validator); on the
 * single-process dev chain the route answers NotCertified.
 */
import { Context } from "effect"
import { blockDigest, encodeBlock, type Block } from "../../engine/block.ts"
import { toHex } from "../../engine/codec/bytes.ts"
import type { ExecutionCertificate } from "../../engine/consensus/execution-certificate.ts"
import type { Finalization } from "../../engine/consensus/messages.ts"
import { encodeCertificate, encodeExecutionCertificate } from "../../engine/consensus/wire.ts"
import { BUNDLE_DESCENDANTS_MAX, VERIFICATION_FORMAT, type SessionVerification, type VerificationStep } from "../verify/bundle.ts"
import type { ChainIdentity } from "./certified.ts"
import type { IndexedStep, SessionIndex } from "./session-index.ts"

export interface FinalizedChainSource {
  readonly identity: ChainIdentity
  readonly finalizedBlock: (height: number) => { readonly block: Block; readonly certificate: Finalization | null } | null
  readonly executionCertificate: (height: number) => ExecutionCertificate | null
}

export interface SessionVerificationsShape {
  /** the bundle of a session this node executed (null: never indexed, or forgotten) */
  readonly bundle: (session_id: bigint) => SessionVerification | null
}

export class SessionVerifications extends Context.Tag("nullspace/services/SessionVerifications")<SessionVerifications, SessionVerificationsShape>() {}

const stepOf = (source: FinalizedChainSource, indexed: IndexedStep): VerificationStep | null => {
  const h = Number(indexed.height)
  const f = source.finalizedBlock(h)
  if (f === null) return null
  const descendants: string[] = []
  // a block finalized through a descendant (or whose own finalization the node lost in a crash
  // between appending the block and its certificate): the first certificate found walking up, and
  // the blocks up to the one it certifies
  let certificate = f.certificate
  let at = blockDigest(f.block)
  for (let k = 1; (certificate === null || at !== certificate.proposal.payload) && k <= BUNDLE_DESCENDANTS_MAX; k++) {
    const d = source.finalizedBlock(h + k)
    if (d === null) return null
    descendants.push(toHex(encodeBlock(d.block)))
    at = blockDigest(d.block)
    if (certificate === null) certificate = d.certificate
  }
  if (certificate === null || at !== certificate.proposal.payload) return null
  const exec = source.executionCertificate(h)
  return {
    height: indexed.height.toString(),
    tx_index: indexed.tx_index,
    block: toHex(encodeBlock(f.block)),
    finalization: toHex(encodeCertificate(certificate)),
    descendants,
    output: toHex(indexed.output),
    events_proof: toHex(indexed.events_proof),
    state_root: indexed.state_root,
    events_root: indexed.events_root,
    execution_certificate: exec === null ? null : toHex(encodeExecutionCertificate(exec))
  }
}

export const makeSessionVerifications = (source: FinalizedChainSource, index: SessionIndex): SessionVerificationsShape => ({
  bundle: (session_id) => {
    const indexed = index.steps(session_id)
    if (indexed === undefined) return null
    const steps: VerificationStep[] = []
    for (const s of indexed) {
      const step = stepOf(source, s)
      if (step === null) return null
      steps.push(step)
    }
    return {
      format: VERIFICATION_FORMAT,
      session_id: session_id.toString(),
      identity: {
        validators: source.identity.validators.map((k) => toHex(k)),
        quorum: source.identity.quorum,
        group_key: toHex(source.identity.group_key)
      },
      steps
    }
  }
})
