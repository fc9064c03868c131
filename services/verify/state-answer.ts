/**
 * State reads a client can check (`GET /state/:table/:key`): the row's canonical bytes (or its
 * absence), its proof against the state root at the node's executed height, and, on a validator,
 * the execution certificate of that height once a quorum signed it. `stateAnswer` builds it from a
 * chain; `verifyStateAnswer` checks it with public data only: the proof against the root, and the
 * certificate (a quorum of the validator set signing that height's state root). Without a
 * certificate (the dev chain, or a height not certified yet) the proof only shows consistency with
 * a root the node claims, and the check says so.
 */
import { Either, Schema } from "effect"
import type { Chain } from "../../engine/chain/chain.ts"
import { fromHex, toHex } from "../../engine/codec/bytes.ts"
import type { ExecutionCertificate } from "../../engine/consensus/execution-certificate.ts"
import { encodeExecutionCertificate } from "../../engine/consensus/wire.ts"
import { encodeStateProof } from "../../engine/state/auth/proof.ts"
import { verifyStateProofBytes } from "../../engine/state/auth/verify-proof.ts"
import type { Check } from "./check.ts"
import { certifiesRoots, verifierOf, type TrustedSet } from "./trusted-set.ts"

/** table and key lengths a read accepts */
export const STATE_TABLE_MAX = 64
export const STATE_KEY_MAX = 256

const Hex = Schema.String.pipe(Schema.pattern(/^(?:[0-9a-f]{2})*$/), Schema.maxLength(1_048_576))
export const StateAnswer = Schema.Struct({
  table: Schema.String.pipe(Schema.maxLength(STATE_TABLE_MAX)),
  key: Schema.String.pipe(Schema.maxLength(STATE_KEY_MAX)),
  height: Schema.String.pipe(Schema.pattern(/^[0-9]{1,20}$/)),
  state_root: Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/)),
  value: Schema.NullOr(Hex),
  proof: Hex,
  execution_certificate: Schema.NullOr(Hex)
})
export type StateAnswer = typeof StateAnswer.Type

export const stateAnswer = (chain: Chain, table: string, key: string, certificate: ExecutionCertificate | null): StateAnswer => {
  const p = chain.store.prove(table, key)
  return {
    table,
    key,
    height: chain.height.toString(),
    state_root: toHex(p.root),
    value: p.value === null ? null : toHex(p.value),
    proof: toHex(encodeStateProof(p.proof)),
    execution_certificate: certificate === null ? null : toHex(encodeExecutionCertificate(certificate))
  }
}

const decodeAnswer = Schema.decodeUnknownEither(StateAnswer)

/** the checks of a state answer; `trusted`: the validator set the root must be certified by (null: none known) */
export const verifyStateAnswer = (input: unknown, trusted: TrustedSet | null): { readonly ok: boolean; readonly certified: boolean; readonly checks: ReadonlyArray<Check> } => {
  const checks: Check[] = []
  const add = (name: string, ok: boolean, detail: string) => checks.push({ step: null, name, ok, detail })
  const decoded = decodeAnswer(input)
  if (Either.isLeft(decoded)) {
    add("answer", false, `not a state answer: ${decoded.left.message}`)
    return { ok: false, certified: false, checks }
  }
  const a = decoded.right
  const proven = verifyStateProofBytes({ root: fromHex(a.state_root), table: a.table, key: a.key, value: a.value === null ? null : fromHex(a.value) }, fromHex(a.proof))
  const proof_ok = Either.isRight(proven) && proven.right
  add("proof", proof_ok, proof_ok ? `${a.value === null ? "absence" : "the row"} of ${a.table}/${a.key} proven against root ${a.state_root.slice(0, 12)}…` : "the proof does not verify against the root")
  let certified = false
  if (a.execution_certificate === null || trusted === null)
    add("certificate", false, a.execution_certificate === null ? `height ${a.height} carries no execution certificate (not certified yet, or a dev chain)` : "no trusted validator set to check the certificate against")
  else {
    certified = certifiesRoots(verifierOf(trusted), trusted.quorum, a.execution_certificate, { height: a.height, state_root: a.state_root })
    add("certificate", certified, certified ? `a quorum of ${trusted.validators.length} validators signed root ${a.state_root.slice(0, 12)}… at height ${a.height}` : "the execution certificate does not certify this root at this height")
  }
  return { ok: proof_ok && certified, certified, checks }
}
