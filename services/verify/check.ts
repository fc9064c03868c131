/**
 * Checking a session verification bundle (bundle.ts) with public data only, step by step, as a
 * player's client does: nothing here trusts the node that served the bundle.
 * For each step (StartGame, then each move), in order:
 *  1. the block decodes, holds at `tx_index` this session's instruction signed by its player
 *     (the StartGame's signer) under the network namespace, and sits at the stated height;
 *  2. its seed is the group key's BLS signature over its view (unbiasable, unpredictable before a
 *     quorum voted in the view);
 *  3. a finalization certificate with a quorum of valid votes and a valid seed names the block,
 *     directly or through the digest chain of the descendants carried with it;
 *  4. the output bytes are this transaction's (tx id), applied, and in the events root (proof);
 *  5. an execution certificate with a quorum signs (height, state root, events root);
 * then the session is replayed from the seeds and the moves alone (engine/games/replay.ts) and its
 * logs, game state and completion must be exactly what the events say; for a cash session without
 * super mode the charged and credited chips of every step too (super mode and tournament
 * modifiers add chips in execution the replay does not recompute; the check says so).
 * `trusted_group_key`, when given, must equal the bundle's: the group key is the network identity.
 */
import { Either, Schema } from "effect"
import { blockDigest, decodeBlock, type Block } from "../../engine/block.ts"
import { TRANSACTION_NAMESPACE } from "../../engine/chain/constants.ts"
import { DecodeFailure, fromHex, toHex } from "../../engine/codec/bytes.ts"
import { certificateProblem } from "../../engine/consensus/certificate.ts"
import type { ConsensusVerifier } from "../../engine/consensus/crypto.ts"
import { decodeCertificateBytes } from "../../engine/consensus/wire.ts"
import type { Event } from "../../engine/events.ts"
import { decodeEventsProof, verifyEventsProofBytes } from "../../engine/execute/events-proof.ts"
import { decodeTxOutputBytes } from "../../engine/execute/events-root.ts"
import { isGameError } from "../../engine/games/game.ts"
import { replaySession, type ReplayMove } from "../../engine/games/replay.ts"
import { transactionId, type Transaction } from "../../engine/tx/transaction.ts"
import { nobleVerifier, verifyTransaction } from "../../engine/tx/verify.ts"
import { SessionVerification } from "./bundle.ts"
import { certifiesRoots, verifierOf } from "./trusted-set.ts"

export interface Check {
  /** which step (0 = StartGame), or null for the session as a whole */
  readonly step: number | null
  readonly name: string
  readonly ok: boolean
  readonly detail: string
}

export interface VerificationReport {
  readonly session_id: string
  readonly ok: boolean
  readonly complete: boolean
  readonly checks: ReadonlyArray<Check>
}

export interface CheckOptions {
  readonly trusted_group_key?: string
  readonly transaction_namespace?: string
}

const decodeBundle = Schema.decodeUnknownEither(SessionVerification)
/** canonical text of a value (object keys sorted: the event codec stores records key-sorted) */
const stateText = (u: unknown): string =>
  JSON.stringify(u, (_k, v: unknown) => {
    if (typeof v === "bigint") return `${v}n`
    if (v instanceof Uint8Array) return toHex(v)
    if (typeof v === "object" && v !== null && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    return v
  })

interface CheckedStep {
  readonly block: Block
  readonly tx: Transaction
  readonly events: ReadonlyArray<Event>
}

/** check every step; null when a step cannot be read at all (the checks say why) */
const checkStep = (
  add: (name: string, ok: boolean, detail: string) => void,
  verifier: ConsensusVerifier,
  quorum: number,
  namespace: string,
  session_id: bigint,
  player: string | null,
  i: number,
  step: SessionVerification["steps"][number]
): CheckedStep | null => {
  let block: Block
  try {
    block = decodeBlock(fromHex(step.block))
  } catch (e) {
    add("block", false, `the block does not decode: ${e instanceof Error ? e.message : String(e)}`)
    return null
  }
  const tx = block.transactions[step.tx_index]
  const ix = tx?.instruction
  const expected = i === 0 ? "StartGame" : "GameMove"
  const ours = tx !== undefined && ix !== undefined && ix._tag === expected && ix.session_id === session_id && (player === null || tx.public_key === player)
  add("transaction", ours, ours ? `${expected} of session ${session_id} at height ${block.height}, position ${step.tx_index}` : `position ${step.tx_index} of block ${block.height} is not this session's ${expected}${player === null ? "" : " by its player"}`)
  if (tx === undefined || !ours) return null
  add("height", block.height.toString() === step.height, `the block is at height ${block.height}, the bundle says ${step.height}`)
  const signed = verifyTransaction(nobleVerifier, tx, namespace)
  add("signature", signed, signed ? `signed by ${tx.public_key}` : `the signature does not verify under ${namespace}`)

  const seed_ok = verifier.verifySeed(Number(block.view), fromHex(block.seed))
  add("seed", seed_ok, seed_ok ? `the seed of view ${block.view} is the group key's signature over the view` : `the seed is not the group key's signature over view ${block.view}`)

  const cert = decodeCertificateBytes(fromHex(step.finalization))
  if (cert instanceof DecodeFailure || cert._tag !== "Finalization") add("finalization", false, "no finalization certificate")
  else {
    const problem = certificateProblem(verifier, quorum, cert)
    let digest = blockDigest(block)
    let last = block
    let chained = true
    for (const hex of step.descendants) {
      let d: Block
      try {
        d = decodeBlock(fromHex(hex))
      } catch {
        chained = false
        break
      }
      if (d.parent !== digest || d.height !== last.height + 1n) {
        chained = false
        break
      }
      digest = blockDigest(d)
      last = d
    }
    const names = chained && cert.proposal.payload === digest && cert.proposal.view === Number(last.view)
    add(
      "finalization",
      problem === null && names,
      problem !== null
        ? `the certificate does not verify: ${problem.message}`
        : names
          ? `${cert.votes.length} of ${verifier.n} validators finalized ${step.descendants.length === 0 ? "this block" : `a descendant ${step.descendants.length} block(s) on`}`
          : "the certificate does not name this block or a descendant chained to it"
    )
  }

  const out = decodeTxOutputBytes(fromHex(step.output))
  const proof = decodeEventsProof(fromHex(step.events_proof))
  if (out instanceof DecodeFailure || Either.isLeft(proof)) {
    add("events", false, "the output or its proof does not decode")
    return null
  }
  const in_root = proof.right.index === step.tx_index && verifyEventsProofBytes(fromHex(step.events_root), fromHex(step.output), proof.right)
  const own = out.tx_id === transactionId(tx) && out.status === "applied"
  add("events", in_root && own, !own ? "the output is not this transaction's applied output" : in_root ? `${out.events.length} events proven in the events root` : "the events proof does not reach the events root")

  const exec_bytes = step.execution_certificate
  if (exec_bytes === null) add("execution", false, "no execution certificate yet (a quorum has not signed this height's roots)")
  else {
    const valid = certifiesRoots(verifier, quorum, exec_bytes, { height: block.height.toString(), state_root: step.state_root, events_root: step.events_root })
    add("execution", valid, valid ? `a quorum signed state root ${step.state_root.slice(0, 12)}… and events root ${step.events_root.slice(0, 12)}…` : "the execution certificate does not verify for these roots")
  }
  return { block, tx, events: out.events }
}

export const verifySessionBundle = (input: unknown, options: CheckOptions = {}): VerificationReport => {
  const checks: Check[] = []
  const decoded = decodeBundle(input)
  if (Either.isLeft(decoded)) return { session_id: "?", ok: false, complete: false, checks: [{ step: null, name: "bundle", ok: false, detail: `not a session verification bundle: ${decoded.left.message}` }] }
  const bundle = decoded.right
  const session_id = BigInt(bundle.session_id)
  const group_ok = options.trusted_group_key === undefined || options.trusted_group_key.toLowerCase() === bundle.identity.group_key
  checks.push({ step: null, name: "identity", ok: group_ok, detail: group_ok ? `${bundle.identity.validators.length} validators, quorum ${bundle.identity.quorum}, group key ${bundle.identity.group_key.slice(0, 16)}…${options.trusted_group_key === undefined ? " (not pinned: pass --group-key to pin it)" : " (pinned)"}` : "the bundle's group key is not the trusted one" })
  const verifier = verifierOf(bundle.identity)
  const namespace = options.transaction_namespace ?? TRANSACTION_NAMESPACE
  const steps: CheckedStep[] = []
  let player: string | null = null
  for (const [i, step] of bundle.steps.entries()) {
    const checked = checkStep((name, ok, detail) => checks.push({ step: i, name, ok, detail }), verifier, bundle.identity.quorum, namespace, session_id, player, i, step)
    if (checked === null) break
    if (i === 0) player = checked.tx.public_key
    steps.push(checked)
  }
  const complete = replayCheck(checks, session_id, steps, bundle.steps.length)
  return { session_id: bundle.session_id, ok: checks.every((c) => c.ok), complete, checks }
}

/** replay from the seeds and moves; compare with the events; whether the session settled */
const replayCheck = (checks: Check[], session_id: bigint, steps: ReadonlyArray<CheckedStep>, expected: number): boolean => {
  const add = (name: string, ok: boolean, detail: string) => checks.push({ step: null, name, ok, detail })
  const first = steps[0]
  if (first === undefined || steps.length !== expected || first.tx.instruction._tag !== "StartGame") {
    add("replay", false, "not every step could be read: nothing to replay")
    return false
  }
  const start = first.tx.instruction
  const moves: ReplayMove[] = []
  for (const s of steps.slice(1)) if (s.tx.instruction._tag === "GameMove") moves.push({ payload: s.tx.instruction.payload, seed: fromHex(s.block.seed) })
  const replayed = replaySession({ game_type: start.game_type, bet: start.bet, session_id, seed: fromHex(first.block.seed) }, moves)
  if (!Array.isArray(replayed)) {
    add("replay", false, `the moves do not replay: ${"message" in replayed ? replayed.message : String(replayed)}`)
    return false
  }
  const started = first.events.find((e): e is Extract<Event, { _tag: "GameStarted" }> => e._tag === "GameStarted" && e.session_id === session_id)
  const last = steps[steps.length - 1]
  const completed = last?.events.find((e): e is Extract<Event, { _tag: "GameCompleted" }> => e._tag === "GameCompleted" && e.session_id === session_id)
  const plain = started !== undefined && started.tournament_id === null && completed !== undefined && completed.session.super_mode === null
  let agree = true
  const differences: string[] = []
  for (const [i, r] of replayed.entries()) {
    if (isGameError(r)) continue
    const moved = steps[i]?.events.find((e): e is Extract<Event, { _tag: "GameMoved" }> => e._tag === "GameMoved" && e.session_id === session_id && e.move_number === r.move_number)
    if (moved === undefined) {
      agree = false
      differences.push(`step ${i}: no GameMoved event`)
      continue
    }
    const logs = r.complete ? [] : r.logs
    if (stateText(moved.logs) !== stateText(logs)) differences.push(`step ${i}: logs differ`)
    if (plain && (moved.charged !== r.charged || moved.credited !== r.credited)) differences.push(`step ${i}: charged/credited ${moved.charged}/${moved.credited}, replay ${r.charged}/${r.credited}`)
  }
  const final = replayed[replayed.length - 1]
  const settled = final?.complete === true
  if (settled !== (completed !== undefined)) differences.push(settled ? "the replay completes but no GameCompleted event" : "a GameCompleted event the replay does not reach")
  if (completed !== undefined && final !== undefined) {
    if (stateText(completed.session.state) !== stateText(final.state)) differences.push("the final game state differs")
    if (stateText(completed.logs) !== stateText(final.logs)) differences.push("the final logs differ")
  }
  agree = agree && differences.length === 0
  add(
    "replay",
    agree,
    agree
      ? `${replayed.length} steps replayed from the finalized seeds: outcomes${plain ? ", chips" : ""} and final state agree${plain ? "" : " (super mode or tournament chips are not recomputed)"}${settled && completed !== undefined ? `; settled, payout ${completed.payout}` : "; not settled yet"}`
      : differences.join("; ")
  )
  return settled && completed !== undefined
}
