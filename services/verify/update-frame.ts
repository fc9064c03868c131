/**
 * Checking an /updates frame (services/api/update-frames.ts) with public data only, as a client
 * does before it shows anything: whichever indexer served the frame, directly or through the
 * fanout, nothing in it is trusted until
 *  1. every output it draws on decodes and its events proof reaches `events_root` (engine events
 *     proof, RFC 9162 path) at the index it claims;
 *  2. every transaction summary is the proven output at its index (tx id, status);
 *  3. every event is an event of a proven output (compared in canonical form, each used once);
 *     with `complete` (an unfiltered frame) the outputs also cover the whole block and every
 *     proven event is in the frame;
 *  4. the execution certificate (when the frame carries one and a trusted validator set is given)
 *     is a quorum's signature over (height, state_root, events_root), and the finalization, when
 *     carried, a valid certificate naming the frame's block digest.
 * `consistent` is 1–3 (the frame is exactly what its root commits to); `certified` is 4 (the root is
 * the network's); `ok` needs both. A dev chain certifies nothing: its frames are consistent only,
 * and the checks say so. A failure is reported as UpdateFrameUnverified (code 236).
 */
import { Either, Schema } from "effect"
import { DecodeFailure, fromHex } from "../../engine/codec/bytes.ts"
import { certificateProblem } from "../../engine/consensus/certificate.ts"
import { decodeCertificateBytes } from "../../engine/consensus/wire.ts"
import { Event } from "../../engine/events.ts"
import { decodeEventsProof, verifyEventsProofBytes } from "../../engine/execute/events-proof.ts"
import { decodeTxOutputBytes, type OutputRecord } from "../../engine/execute/events-root.ts"
import { MAX_TRANSACTIONS_PER_BLOCK } from "../../engine/chain/constants.ts"
import { SERVICE_ERROR_CODES } from "../api/errors.ts"
import type { Check } from "./check.ts"
import { certifiesRoots, verifierOf, type TrustedSet } from "./trusted-set.ts"

const Hex = Schema.String.pipe(Schema.pattern(/^(?:[0-9a-f]{2})*$/), Schema.maxLength(4 * 1_048_576))
const Hex32 = Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/))
const Decimal = Schema.String.pipe(Schema.pattern(/^[0-9]{1,20}$/))
/** events one frame may carry (far above what a block emits) */
export const FRAME_EVENTS_MAX = 65_536

export const UpdateFrameJson = Schema.Struct({
  height: Decimal,
  view: Decimal,
  digest: Hex32,
  state_root: Hex32,
  events_root: Hex32,
  events: Schema.Array(Schema.Unknown).pipe(Schema.maxItems(FRAME_EVENTS_MAX)),
  transactions: Schema.Array(
    Schema.Struct({ index: Schema.Int.pipe(Schema.between(0, MAX_TRANSACTIONS_PER_BLOCK - 1)), tx_id: Hex32, status: Schema.Literal("applied", "failed", "skipped") })
  ).pipe(Schema.maxItems(MAX_TRANSACTIONS_PER_BLOCK)),
  proof: Schema.Struct({
    outputs: Schema.Array(Schema.Struct({ index: Schema.Int.pipe(Schema.between(0, MAX_TRANSACTIONS_PER_BLOCK - 1)), output: Hex, proof: Hex })).pipe(Schema.maxItems(MAX_TRANSACTIONS_PER_BLOCK)),
    execution_certificate: Schema.NullOr(Hex),
    finalization: Schema.NullOr(Hex)
  })
})
export type UpdateFrameJson = typeof UpdateFrameJson.Type

export interface UpdateFrameReport {
  readonly ok: boolean
  readonly consistent: boolean
  readonly certified: boolean
  readonly height: string | null
  readonly checks: ReadonlyArray<Check>
  /** null when ok; else the stable code of the rejection */
  readonly error: { readonly error: "UpdateFrameUnverified"; readonly code: number; readonly message: string } | null
}

const decodeFrame = Schema.decodeUnknownEither(Schema.Union(Schema.parseJson(UpdateFrameJson), UpdateFrameJson))
const encodeEvent = Schema.encodeSync(Event)

/** canonical text of a JSON value: object keys sorted */
const canonical = (u: unknown): string =>
  JSON.stringify(u, (_k, v: unknown) =>
    typeof v === "object" && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v
  )

export const verifyUpdateFrame = (input: unknown, trusted: TrustedSet | null, options: { readonly complete?: boolean } = {}): UpdateFrameReport => {
  const checks: Check[] = []
  const add = (name: string, ok: boolean, detail: string) => checks.push({ step: null, name, ok, detail })
  const report = (height: string | null, consistent: boolean, certified: boolean): UpdateFrameReport => {
    const ok = consistent && certified && checks.every((c) => c.ok)
    const failed = checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`)
    return {
      ok,
      consistent,
      certified,
      height,
      checks,
      error: ok ? null : { error: "UpdateFrameUnverified", code: SERVICE_ERROR_CODES.UpdateFrameUnverified, message: failed.join("; ").slice(0, 500) }
    }
  }
  const decoded = decodeFrame(input)
  if (Either.isLeft(decoded)) {
    add("frame", false, `not an update frame: ${decoded.left.message.slice(0, 200)}`)
    return report(null, false, false)
  }
  const f = decoded.right
  const root = fromHex(f.events_root)

  // 1. outputs and their proofs
  const proven = new Map<number, OutputRecord>()
  let count: number | null = null
  let proofs_ok = true
  for (const o of f.proof.outputs) {
    const bytes = fromHex(o.output)
    const proof = decodeEventsProof(fromHex(o.proof))
    const record = decodeTxOutputBytes(bytes)
    if (Either.isLeft(proof) || record instanceof DecodeFailure) {
      proofs_ok = false
      add("proof", false, `output ${o.index}: the output or its proof does not decode`)
      continue
    }
    const p = proof.right
    if (p.index !== o.index || (count !== null && p.count !== count) || proven.has(o.index) || !verifyEventsProofBytes(root, bytes, p)) {
      proofs_ok = false
      add("proof", false, `output ${o.index}: the proof does not reach events root ${f.events_root.slice(0, 12)}… at this index`)
      continue
    }
    count = p.count
    proven.set(o.index, record)
  }
  if (proofs_ok) add("proof", true, `${proven.size} output(s) proven against events root ${f.events_root.slice(0, 12)}…`)

  // 2. transactions
  const tx_bad = f.transactions.filter((t) => {
    const r = proven.get(t.index)
    return r === undefined || r.tx_id !== t.tx_id || r.status !== t.status
  })
  add("transactions", tx_bad.length === 0, tx_bad.length === 0 ? `${f.transactions.length} transaction(s) match their proven outputs` : `transaction(s) at ${tx_bad.map((t) => t.index).join(", ")} are not the proven outputs`)

  // 3. events: a multiset of the proven events, each frame event takes one
  const available = new Map<string, number>()
  let proven_events = 0
  for (const r of proven.values())
    for (const e of r.events) {
      const k = canonical(encodeEvent(e))
      available.set(k, (available.get(k) ?? 0) + 1)
      proven_events++
    }
  let unbacked = 0
  for (const e of f.events) {
    const k = canonical(e)
    const n = available.get(k) ?? 0
    if (n === 0) unbacked++
    else available.set(k, n - 1)
  }
  add("events", unbacked === 0, unbacked === 0 ? `${f.events.length} event(s), each in a proven output` : `${unbacked} event(s) are in no proven output`)
  if (options.complete === true) {
    const whole = count !== null ? proven.size === count : f.proof.outputs.length === 0 && f.events.length === 0
    const all_shown = f.events.length === proven_events
    add("complete", whole && all_shown, whole && all_shown ? "the frame shows the whole block" : whole ? "proven events are missing from the frame" : "the outputs do not cover the whole block")
  }
  const consistent = checks.every((c) => c.ok)

  // 4. certificates
  let certified = false
  if (f.proof.execution_certificate === null || trusted === null)
    add("certificate", false, f.proof.execution_certificate === null ? `height ${f.height} carries no execution certificate (not certified when sent, or a dev chain)` : "no trusted validator set to check the certificate against")
  else {
    certified = certifiesRoots(verifierOf(trusted), trusted.quorum, f.proof.execution_certificate, { height: f.height, state_root: f.state_root, events_root: f.events_root })
    add("certificate", certified, certified ? `a quorum of ${trusted.validators.length} validators signed height ${f.height}'s roots` : "the execution certificate does not certify these roots at this height")
  }
  if (f.proof.finalization !== null && trusted !== null) {
    const cert = decodeCertificateBytes(fromHex(f.proof.finalization))
    const problem = cert instanceof DecodeFailure || cert._tag !== "Finalization" ? "not a finalization" : certificateProblem(verifierOf(trusted), trusted.quorum, cert)?.message ?? null
    const names = !(cert instanceof DecodeFailure) && cert._tag === "Finalization" && cert.proposal.payload === f.digest
    const fin_ok = problem === null && names
    if (!fin_ok) certified = false
    add("finalization", fin_ok, fin_ok ? `finalized: the certificate names block ${f.digest.slice(0, 12)}…` : problem ?? "the finalization names another block")
  }
  return report(f.height, consistent, certified)
}
