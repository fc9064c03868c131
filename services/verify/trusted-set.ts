/**
 * The validator set a client trusts (its vote keys, quorum and BLS group key, as a bundle's
 * `identity` carries it) and the two questions every checker asks of it: the consensus verifier
 * for its certificates and seeds, and whether an execution certificate (hex) certifies given roots
 * at a height.
 */
import { DecodeFailure, fromHex } from "../../engine/codec/bytes.ts"
import { publicVerifier, type ConsensusVerifier } from "../../engine/consensus/crypto.ts"
import { verifyExecutionCertificate } from "../../engine/consensus/execution-certificate.ts"
import { decodeExecutionCertificate } from "../../engine/consensus/wire.ts"
import { nobleVerifier } from "../../engine/tx/verify.ts"
import type { ChainIdentityJson } from "./bundle.ts"

export type TrustedSet = ChainIdentityJson

export const verifierOf = (set: TrustedSet): ConsensusVerifier =>
  publicVerifier(set.validators.map((k) => fromHex(k)), fromHex(set.group_key), nobleVerifier.verify)

/** a quorum of `set` signed (height, state_root[, events_root]) in this certificate */
export const certifiesRoots = (
  verifier: ConsensusVerifier,
  quorum: number,
  certificate_hex: string,
  item: { readonly height: string; readonly state_root: string; readonly events_root?: string }
): boolean => {
  const cert = decodeExecutionCertificate(fromHex(certificate_hex))
  return (
    !(cert instanceof DecodeFailure) &&
    verifyExecutionCertificate(verifier, quorum, cert) &&
    cert.item.height.toString() === item.height &&
    cert.item.state_root === item.state_root &&
    (item.events_root === undefined || cert.item.events_root === item.events_root)
  )
}
