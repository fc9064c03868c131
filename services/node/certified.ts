/**
 * What a node certifies about its finalized chain: the contract between the two kinds of node
 * (the single-process dev chain and a consensus validator) and everything that reads them (the
 * indexer's proof endpoints, the typed client, `nullspace verify`).
 *
 * - The seed of view v is a BLS12-381 signature (min-sig, G1) over viewBytes(v) in the NS_SEED
 *   domain under the network's group key (engine/crypto/bls-threshold.ts): a validator network
 *   recovers it from t of n shares, the dev chain signs it alone with a 1-of-1 key drawn per data
 *   dir. Either way anyone checks it with `blsVerify(group_key, NS_SEED, viewBytes(v), seed)`, and
 *   it is the block's `seed` (hex), execution's only source of chance.
 * - After executing height h every validator signs (h, state_root, events_root) (NS_AGG_ACK); q
 *   signatures form an ExecutionCertificate (engine/consensus/execution-certificate.ts). The dev
 *   chain is a validator set of one (quorum 1) signing with its node key.
 * A client trusts a state or events proof only under a root carried by a certificate that verifies
 * against `identity`.
 */
import { Context } from "effect"
import type { Block } from "../../engine/block.ts"
import type { ExecutionCertificate } from "../../engine/consensus/execution-certificate.ts"
import type { Finalization } from "../../engine/consensus/messages.ts"

export interface ChainIdentity {
  /** the validators' ed25519 vote keys (32 bytes each), sorted: index i is signer i */
  readonly validators: ReadonlyArray<Uint8Array>
  /** execution and finalization certificates need this many distinct signers */
  readonly quorum: number
  /** the BLS12-381 group public key (G2, 96 bytes compressed) that every seed verifies under */
  readonly group_key: Uint8Array
}

export interface CertifiedChainShape {
  readonly identity: ChainIdentity
  /** the execution certificate of a finalized height, once a quorum signed it; null before (or for an unknown height) */
  readonly executionCertificate: (height: bigint) => ExecutionCertificate | null
  /** the finalized block of a view (its seed is the view's seed) and its finalization, or null */
  readonly finalizedAtView: (view: bigint) => { readonly block: Block; readonly certificate: Finalization | null } | null
}

export class CertifiedChain extends Context.Tag("nullspace/services/CertifiedChain")<CertifiedChain, CertifiedChainShape>() {}
