/**
 * Simplex-style BFT consensus as a pure state machine: step(state, input) → (state, outputs).
 * No I/O, no clock, no randomness: the driver delivers messages, timer expiries and the results of
 * block building / verification / execution, and carries out the outputs in order.
 *
 * ## Protocol (consensus-protocol.md; n validators, f = ⌊(n−1)/3⌋, quorum q = n − f)
 * Views v = 1, 2, …; view 0 is genesis (notarized and finalized by definition).
 * - Entering v (on any certificate of v − 1, or at start): leader(v) = be_mod(seed(v − 1), n)
 *   (leader.ts; the seed of view 0 is the verifier's genesis seed). Set a leader timer and an
 *   advance timer; if the leader was silent for more than `skip_window_views` views (and is not us),
 *   the leader timer fires at once. The leader picks its parent: the highest view u < v that is
 *   notarized (or the finalized tip) with every view in (u, v) nullified, asks the driver to Build,
 *   and broadcasts notarize(c, v) (its proposal).
 * - On the leader's notarize(c, v): cancel the leader timer; once c's parent is notarized and every
 *   view in between is nullified (certificates are fetched when missing), ask the driver to Verify
 *   c; if valid and we have not nullified v, broadcast notarize(c, v).
 * - q notarize(c, v) (+ q seed shares) → notarization(c, v): broadcast it; if we did not nullify v,
 *   broadcast finalize(c, v); enter v + 1.
 * - q nullify(v) → nullification(v): broadcast it; enter v + 1.
 * - q finalize(c, v) → finalization(c, v): broadcast it; c and its ancestors are final. The chain
 *   is walked back through notarized parents to the finalized tip (missing certificates are
 *   fetched) and emitted in height order as Finalized outputs.
 * - Leader or advance timer: broadcast nullify(v) (never after finalize(v)); then every retry
 *   interval rebroadcast nullify(v) with the certificate of v − 1 that let us enter v.
 * - A certificate received from anyone is checked (q distinct valid signatures + a valid seed) and
 *   acted on as if formed locally. Votes from a peer in an older view are answered (once per peer
 *   and view) with our entry certificate so it catches up; Fetch(view) is answered with every
 *   certificate we hold for that view.
 * - Execution (after finalization, by the driver): Executed(height, state_root, events_root) → we
 *   sign and broadcast an ExecAck; q matching acks → ExecutionCertified (execution-certificate.ts).
 * Safety rules kept here: never two different notarize in one view; never finalize after nullify
 * nor nullify after finalize; every own vote is output as Persist (write-ahead) before its
 * Broadcast, and `recover` rebuilds the state from those records so a restart cannot equivocate.
 * Every vote carries the signer's seed share; q shares recover seed(v) (verified once against the
 * group key; on failure each share is checked and bad ones dropped).
 * Accountability: a second, different notarize or finalize of one signer in one view, or a
 * nullify and a finalize of one signer in one view, or two different exec acks at one height,
 * yield an Evidence output (evidence.ts) once per (signer, view, kind).
 *
 * ## Bounds
 * Votes are accepted for views in [finalized_view − activity_window_views, view +
 * future_window_views]; views below the window are pruned after each finalization. At most
 * `fetches_max` certificate fetches are outstanding; chain walks are bounded by the window.
 *
 * The state is one mutable object owned by the caller: `step` updates it in place and returns it
 * with the outputs (cheap for the simulator; a driver that wants snapshots replays the WAL).
 */
import { assert, present } from "../assert.ts"
import type { PartialSignature } from "../crypto/bls-threshold.ts"
import { certificateProblem } from "./certificate.ts"
import type { ConsensusSigner, ConsensusVerifier } from "./crypto.ts"
import {
  ConflictingVote,
  HeightOutOfWindow,
  InvalidProposal,
  InvalidSeed,
  InvalidSeedShare,
  InvalidVoteSignature,
  reject,
  UnknownSigner,
  ViewOutOfWindow,
  type ConsensusRejection
} from "./errors.ts"
import type { Evidence } from "./evidence.ts"
import type { ExecutionCertificate } from "./execution-certificate.ts"
import { leaderAfter } from "./leader.ts"
import {
  executionItemBytes,
  itemKey,
  NS_AGG_ACK,
  NS_FINALIZE,
  NS_NOTARIZE,
  NS_NULLIFY,
  proposalBytes,
  proposalKey,
  sameProposal,
  viewBytes,
  type Certificate,
  type ConsensusMessage,
  type ExecAck,
  type ExecutionItem,
  type Finalization,
  type Finalize,
  type Notarization,
  type Notarize,
  type Nullification,
  type Nullify,
  type Proposal,
  type VoteSignature
} from "./messages.ts"

export interface ConsensusTimeouts {
  readonly leader_ms: number
  readonly advance_ms: number
  readonly retry_ms: number
  readonly fetch_ms: number
}

/** reference limits (consensus-protocol.md "Reference limits") */
export const REFERENCE_TIMEOUTS: ConsensusTimeouts = { leader_ms: 1_000, advance_ms: 2_000, retry_ms: 10_000, fetch_ms: 2_000 }

export interface ConsensusConfig {
  readonly n: number
  /** q = n − f. Lowering it breaks safety: only tests do, to show the checker catches it. */
  readonly quorum: number
  readonly timeouts: ConsensusTimeouts
  readonly skip_window_views: number
  readonly activity_window_views: number
  readonly future_window_views: number
  readonly fetches_max: number
  readonly genesis_payload: string
  readonly verifier: ConsensusVerifier
  readonly signer: ConsensusSigner
}

export type TimerKind = "leader" | "advance" | "retry" | "fetch"

export type Input =
  | { readonly _tag: "Start" }
  | { readonly _tag: "Message"; readonly from: number; readonly message: ConsensusMessage }
  | { readonly _tag: "Timeout"; readonly timer: TimerKind; readonly view: number }
  | { readonly _tag: "Built"; readonly view: number; readonly parent_view: number; readonly payload: string }
  | { readonly _tag: "Verified"; readonly view: number; readonly payload: string; readonly valid: boolean }
  | { readonly _tag: "Executed"; readonly item: ExecutionItem }

/** what a validator writes ahead (synced) before acting: its own votes, accepted certificates, its finalized tip */
export type WalRecord =
  | { readonly _tag: "Voted"; readonly vote: Notarize | Nullify | Finalize | ExecAck }
  | { readonly _tag: "Certified"; readonly certificate: Certificate }
  | { readonly _tag: "FinalizedTip"; readonly height: number; readonly view: number; readonly payload: string }

export type Output =
  | { readonly _tag: "Persist"; readonly record: WalRecord }
  | { readonly _tag: "Broadcast"; readonly message: ConsensusMessage }
  | { readonly _tag: "Send"; readonly to: number; readonly message: ConsensusMessage }
  | { readonly _tag: "SetTimer"; readonly timer: TimerKind; readonly view: number; readonly after_ms: number }
  | { readonly _tag: "Build"; readonly view: number; readonly parent_view: number; readonly parent_payload: string }
  | { readonly _tag: "Verify"; readonly proposal: Proposal; readonly parent_payload: string }
  | { readonly _tag: "Notarized"; readonly notarization: Notarization }
  | { readonly _tag: "Nullified"; readonly view: number }
  | { readonly _tag: "Finalized"; readonly height: number; readonly view: number; readonly payload: string; readonly seed: Uint8Array }
  | { readonly _tag: "ExecutionCertified"; readonly certificate: ExecutionCertificate }
  | { readonly _tag: "Evidence"; readonly evidence: Evidence }
  | { readonly _tag: "Rejected"; readonly from: number; readonly error: ConsensusRejection }
  /** a finalization that does not extend our finalized chain: more than f validators are faulty */
  | { readonly _tag: "SafetyViolation"; readonly view: number; readonly detail: string }

interface ViewState {
  readonly view: number
  leader: number
  proposal: Proposal | null
  verify_requested: boolean
  build_requested: boolean
  leader_timer_cancelled: boolean
  readonly notarize: Map<number, Notarize>
  readonly notarize_by: Map<string, number[]>
  readonly nullify: Map<number, Nullify>
  readonly finalize: Map<number, Finalize>
  readonly finalize_by: Map<string, number[]>
  readonly shares: Map<number, Uint8Array>
  seed: Uint8Array | null
  notarization: Notarization | null
  nullification: Nullification | null
  finalization: Finalization | null
  sent_notarize: Notarize | null
  sent_nullify: Nullify | null
  sent_finalize: boolean
  notarized_reported: boolean
}

interface ExecHeight {
  readonly acks: Map<number, ExecAck>
  readonly by_item: Map<string, number[]>
  certified: boolean
  sent: boolean
}

export interface ConsensusState {
  readonly config: ConsensusConfig
  view: number
  readonly views: Map<number, ViewState>
  finalized_height: number
  finalized_view: number
  finalized_payload: string
  /** the highest view with a finalization we have not yet walked down to */
  finalize_target: number
  /** the last view in which each validator was seen voting */
  readonly last_seen: number[]
  /** per peer, the view in which we last answered its stale vote with our entry certificate */
  readonly answered: Map<number, number>
  readonly fetching: Set<number>
  readonly exec: Map<number, ExecHeight>
  /** evidence already reported, by view (or height, for exec acks); pruned with the window */
  readonly evidence_seen: Map<number, Set<string>>
  started: boolean
}

const newView = (view: number): ViewState => ({
  view,
  leader: -1,
  proposal: null,
  verify_requested: false,
  build_requested: false,
  leader_timer_cancelled: false,
  notarize: new Map(),
  notarize_by: new Map(),
  nullify: new Map(),
  finalize: new Map(),
  finalize_by: new Map(),
  shares: new Map(),
  seed: null,
  notarization: null,
  nullification: null,
  finalization: null,
  sent_notarize: null,
  sent_nullify: null,
  sent_finalize: false,
  notarized_reported: false
})

export const initialState = (config: ConsensusConfig): ConsensusState => {
  assert(config.n >= 1 && config.quorum >= 1 && config.quorum <= config.n, "quorum within 1..n")
  assert(config.signer.index >= 0 && config.signer.index < config.n, "signer index within the set")
  const genesis = newView(0)
  genesis.seed = config.verifier.genesis_seed
  return {
    config,
    view: 0,
    views: new Map([[0, genesis]]),
    finalized_height: 0,
    finalized_view: 0,
    finalized_payload: config.genesis_payload,
    finalize_target: 0,
    last_seen: Array.from({ length: config.n }, () => 0),
    answered: new Map(),
    fetching: new Set(),
    exec: new Map(),
    evidence_seen: new Map(),
    started: false
  }
}

/** the lowest view whose messages are still accepted */
const windowLow = (s: ConsensusState): number => Math.max(0, s.finalized_view - s.config.activity_window_views)
/** whether a vote for `view` would be looked at now (the simulator's evidence checker uses it) */
export const acceptsView = (s: ConsensusState, view: number): boolean => view >= windowLow(s) && view <= s.view + s.config.future_window_views

const viewState = (s: ConsensusState, view: number): ViewState => {
  let vs = s.views.get(view)
  if (vs === undefined) {
    vs = newView(view)
    s.views.set(view, vs)
  }
  return vs
}

type Out = Output[]

const rejected = (out: Out, from: number, error: ConsensusRejection): void => {
  out.push({ _tag: "Rejected", from, error })
}

const recordEvidence = (s: ConsensusState, out: Out, evidence: Evidence, signer: number, view: number): void => {
  const key = `${evidence._tag}:${signer}`
  let seen = s.evidence_seen.get(view)
  if (seen === undefined) {
    seen = new Set()
    s.evidence_seen.set(view, seen)
  }
  if (seen.has(key)) return
  seen.add(key)
  out.push({ _tag: "Evidence", evidence })
}

// ---------------------------------------------------------------------------------------------
// entering views, leader actions, timers

const entryCertificate = (s: ConsensusState, view: number): Certificate | null => {
  const prev = s.views.get(view - 1)
  if (prev === undefined) return null
  return prev.finalization ?? prev.notarization ?? prev.nullification
}

const enterView = (s: ConsensusState, out: Out, view: number): void => {
  if (view <= s.view) return
  const prev = present(s.views.get(view - 1), `view ${view - 1} state on entering ${view}`)
  const seed = present(prev.seed ?? undefined, `seed of view ${view - 1} on entering ${view}`)
  s.view = view
  const vs = viewState(s, view)
  vs.leader = leaderAfter(seed, s.config.n)
  startView(s, out, vs)
}

const startView = (s: ConsensusState, out: Out, vs: ViewState): void => {
  const cfg = s.config
  const self = cfg.signer.index
  const view = vs.view
  const silent = vs.leader !== self && view > cfg.skip_window_views && view - (s.last_seen[vs.leader] ?? 0) > cfg.skip_window_views
  out.push({ _tag: "SetTimer", timer: "leader", view, after_ms: silent ? 0 : cfg.timeouts.leader_ms })
  out.push({ _tag: "SetTimer", timer: "advance", view, after_ms: cfg.timeouts.advance_ms })
  if (vs.sent_nullify !== null) out.push({ _tag: "SetTimer", timer: "retry", view, after_ms: cfg.timeouts.retry_ms })
  if (vs.leader === self) {
    tryBuild(s, out, vs)
    return
  }
  const leaderVote = vs.notarize.get(vs.leader)
  if (leaderVote !== undefined) onLeaderProposal(s, out, vs, leaderVote.proposal)
}

/** a notarized (or finalized) proposal at `view`, the finalized tip included */
const notarizedPayload = (s: ConsensusState, view: number): string | null => {
  if (view === s.finalized_view) return s.finalized_payload
  const vs = s.views.get(view)
  if (vs === undefined) return null
  return vs.finalization?.proposal.payload ?? vs.notarization?.proposal.payload ?? null
}
const nullified = (s: ConsensusState, view: number): boolean => s.views.get(view)?.nullification != null

const fetch = (s: ConsensusState, out: Out, view: number): void => {
  if (s.fetching.has(view) || s.fetching.size >= s.config.fetches_max) return
  s.fetching.add(view)
  out.push({ _tag: "Broadcast", message: { _tag: "Fetch", view } })
  out.push({ _tag: "SetTimer", timer: "fetch", view, after_ms: s.config.timeouts.fetch_ms })
}

/**
 * The parent for a block in `view`: the highest u < view notarized (or the finalized tip) with
 * every view in (u, view) nullified. Null when a certificate in between is missing (fetched).
 */
const selectParent = (s: ConsensusState, out: Out, view: number): { view: number; payload: string } | null => {
  for (let u = view - 1; u >= s.finalized_view; u--) {
    const payload = notarizedPayload(s, u)
    if (payload !== null) return { view: u, payload }
    if (!nullified(s, u)) {
      fetch(s, out, u)
      return null
    }
  }
  return null
}

const tryBuild = (s: ConsensusState, out: Out, vs: ViewState): void => {
  if (vs.view !== s.view || vs.leader !== s.config.signer.index) return
  if (vs.build_requested || vs.sent_notarize !== null || vs.sent_nullify !== null) return
  const parent = selectParent(s, out, vs.view)
  if (parent === null) return
  vs.build_requested = true
  out.push({ _tag: "Build", view: vs.view, parent_view: parent.view, parent_payload: parent.payload })
}

/** the payload of the proposal's parent if it is a valid parent for a block in proposal.view */
const validParent = (s: ConsensusState, out: Out, proposal: Proposal): string | null => {
  if (proposal.parent_view < s.finalized_view) return null
  const payload = notarizedPayload(s, proposal.parent_view)
  let missing = false
  if (payload === null) {
    fetch(s, out, proposal.parent_view)
    missing = true
  }
  for (let u = proposal.parent_view + 1; u < proposal.view; u++) {
    if (!nullified(s, u)) {
      fetch(s, out, u)
      missing = true
    }
  }
  return missing ? null : payload
}

const onLeaderProposal = (s: ConsensusState, out: Out, vs: ViewState, proposal: Proposal): void => {
  if (vs.proposal === null) vs.proposal = proposal
  vs.leader_timer_cancelled = true
  tryVerify(s, out, vs)
}

const tryVerify = (s: ConsensusState, out: Out, vs: ViewState): void => {
  if (vs.view !== s.view || vs.proposal === null || vs.verify_requested) return
  if (vs.sent_notarize !== null || vs.sent_nullify !== null || vs.leader === s.config.signer.index) return
  const parent_payload = validParent(s, out, vs.proposal)
  if (parent_payload === null) return
  vs.verify_requested = true
  out.push({ _tag: "Verify", proposal: vs.proposal, parent_payload })
}

// ---------------------------------------------------------------------------------------------
// own votes (persisted before they are sent)

const sendNotarize = (s: ConsensusState, out: Out, vs: ViewState, proposal: Proposal): void => {
  assert(vs.sent_notarize === null && vs.sent_nullify === null, "one notarize per view, none after nullify")
  const cfg = s.config
  const vote: Notarize = {
    _tag: "Notarize",
    proposal,
    signer: cfg.signer.index,
    signature: cfg.signer.sign(NS_NOTARIZE, proposalBytes(proposal)),
    seed_share: cfg.signer.seedShare(proposal.view)
  }
  vs.sent_notarize = vote
  out.push({ _tag: "Persist", record: { _tag: "Voted", vote } })
  out.push({ _tag: "Broadcast", message: vote })
  acceptNotarize(s, out, vs, vote)
}

const sendNullify = (s: ConsensusState, out: Out, vs: ViewState): void => {
  if (vs.sent_nullify !== null || vs.sent_finalize) return
  const cfg = s.config
  const vote: Nullify = {
    _tag: "Nullify",
    view: vs.view,
    signer: cfg.signer.index,
    signature: cfg.signer.sign(NS_NULLIFY, viewBytes(vs.view)),
    seed_share: cfg.signer.seedShare(vs.view)
  }
  vs.sent_nullify = vote
  out.push({ _tag: "Persist", record: { _tag: "Voted", vote } })
  out.push({ _tag: "Broadcast", message: vote })
  out.push({ _tag: "SetTimer", timer: "retry", view: vs.view, after_ms: cfg.timeouts.retry_ms })
  acceptNullify(s, out, vs, vote)
}

const sendFinalize = (s: ConsensusState, out: Out, vs: ViewState, proposal: Proposal): void => {
  if (vs.sent_finalize || vs.sent_nullify !== null) return
  const cfg = s.config
  const vote: Finalize = { _tag: "Finalize", proposal, signer: cfg.signer.index, signature: cfg.signer.sign(NS_FINALIZE, proposalBytes(proposal)) }
  vs.sent_finalize = true
  out.push({ _tag: "Persist", record: { _tag: "Voted", vote } })
  out.push({ _tag: "Broadcast", message: vote })
  acceptFinalize(s, out, vs, vote)
}

// ---------------------------------------------------------------------------------------------
// accepting votes (already verified) and forming certificates

const addShare = (vs: ViewState, signer: number, share: Uint8Array): void => {
  if (!vs.shares.has(signer)) vs.shares.set(signer, share)
}

/** recover and verify the seed of a view once q shares are present; bad shares are found and dropped */
const tryRecoverSeed = (s: ConsensusState, out: Out, vs: ViewState): boolean => {
  if (vs.seed !== null) return true
  const q = s.config.quorum
  const verifier = s.config.verifier
  for (let attempt = 0; attempt < 2 && vs.shares.size >= q; attempt++) {
    const shares: PartialSignature[] = []
    for (const [index, signature] of vs.shares) {
      shares.push({ index, signature })
      if (shares.length === q) break
    }
    const seed = verifier.recoverSeed(vs.view, shares)
    if (seed !== null && verifier.verifySeed(vs.view, seed)) {
      vs.seed = seed
      return true
    }
    for (const [index, share] of vs.shares) {
      if (!verifier.verifySeedShare(index, vs.view, share)) {
        vs.shares.delete(index)
        rejected(out, index, reject(InvalidSeedShare, `view ${vs.view}: invalid seed share from ${index}`))
      }
    }
  }
  return false
}

const pushSigner = (map: Map<string, number[]>, key: string, signer: number): number[] => {
  let list = map.get(key)
  if (list === undefined) {
    list = []
    map.set(key, list)
  }
  list.push(signer)
  return list
}

const acceptNotarize = (s: ConsensusState, out: Out, vs: ViewState, vote: Notarize): void => {
  vs.notarize.set(vote.signer, vote)
  addShare(vs, vote.signer, vote.seed_share)
  const signers = pushSigner(vs.notarize_by, proposalKey(vote.proposal), vote.signer)
  if (vote.signer === vs.leader && vs.view === s.view && vote.signer !== s.config.signer.index) onLeaderProposal(s, out, vs, vote.proposal)
  if (vs.notarization === null && signers.length >= s.config.quorum && tryRecoverSeed(s, out, vs)) {
    const votes: VoteSignature[] = []
    for (const signer of signers.slice(0, s.config.quorum)) votes.push({ signer, signature: present(vs.notarize.get(signer), "notarize vote").signature })
    const cert: Notarization = { _tag: "Notarization", proposal: vote.proposal, votes, seed: present(vs.seed ?? undefined, "seed") }
    onNotarization(s, out, vs, cert, true)
  }
  tryNullification(s, out, vs)
}

const tryNullification = (s: ConsensusState, out: Out, vs: ViewState): void => {
  if (vs.nullification !== null || vs.nullify.size < s.config.quorum || !tryRecoverSeed(s, out, vs)) return
  const votes: VoteSignature[] = []
  for (const [signer, v] of vs.nullify) {
    votes.push({ signer, signature: v.signature })
    if (votes.length === s.config.quorum) break
  }
  onNullification(s, out, vs, { _tag: "Nullification", view: vs.view, votes, seed: present(vs.seed ?? undefined, "seed") }, true)
}

const acceptNullify = (s: ConsensusState, out: Out, vs: ViewState, vote: Nullify): void => {
  vs.nullify.set(vote.signer, vote)
  addShare(vs, vote.signer, vote.seed_share)
  const fin = vs.finalize.get(vote.signer)
  if (fin !== undefined) recordEvidence(s, out, { _tag: "NullifyFinalize", nullify: vote, finalize: fin }, vote.signer, vs.view)
  tryNullification(s, out, vs)
  // shares carried by nullify votes can complete the seed a pending notarization waits for
  if (vs.notarization === null) {
    for (const signers of vs.notarize_by.values()) {
      if (signers.length >= s.config.quorum) {
        const first = present(vs.notarize.get(present(signers[0], "signer")), "notarize vote")
        if (tryRecoverSeed(s, out, vs)) {
          const votes = signers.slice(0, s.config.quorum).map((signer) => ({ signer, signature: present(vs.notarize.get(signer), "vote").signature }))
          onNotarization(s, out, vs, { _tag: "Notarization", proposal: first.proposal, votes, seed: present(vs.seed ?? undefined, "seed") }, true)
        }
        break
      }
    }
  }
}

const acceptFinalize = (s: ConsensusState, out: Out, vs: ViewState, vote: Finalize): void => {
  vs.finalize.set(vote.signer, vote)
  const nul = vs.nullify.get(vote.signer)
  if (nul !== undefined) recordEvidence(s, out, { _tag: "NullifyFinalize", nullify: nul, finalize: vote }, vote.signer, vs.view)
  const signers = pushSigner(vs.finalize_by, proposalKey(vote.proposal), vote.signer)
  if (vs.finalization === null && signers.length >= s.config.quorum) {
    // a finalization carries the view's seed; without it (shares still missing) wait for more votes
    if (!tryRecoverSeed(s, out, vs)) return
    const votes = signers.slice(0, s.config.quorum).map((signer) => ({ signer, signature: present(vs.finalize.get(signer), "finalize vote").signature }))
    onFinalization(s, out, vs, { _tag: "Finalization", proposal: vote.proposal, votes, seed: present(vs.seed ?? undefined, "seed") }, true)
  }
}

// ---------------------------------------------------------------------------------------------
// certificates

const afterCertificate = (s: ConsensusState, out: Out, view: number): void => {
  s.fetching.delete(view)
  if (view + 1 > s.view) enterView(s, out, view + 1)
  const current = viewState(s, s.view)
  tryBuild(s, out, current)
  tryVerify(s, out, current)
  advanceFinalized(s, out)
}

const onNotarization = (s: ConsensusState, out: Out, vs: ViewState, cert: Notarization, local: boolean): void => {
  if (vs.notarization !== null) return
  vs.notarization = cert
  if (vs.seed === null) vs.seed = cert.seed
  out.push({ _tag: "Persist", record: { _tag: "Certified", certificate: cert } })
  if (local) out.push({ _tag: "Broadcast", message: cert })
  if (!vs.notarized_reported) {
    vs.notarized_reported = true
    out.push({ _tag: "Notarized", notarization: cert })
  }
  if (vs.view > s.finalized_view) sendFinalize(s, out, vs, cert.proposal)
  afterCertificate(s, out, vs.view)
}

const onNullification = (s: ConsensusState, out: Out, vs: ViewState, cert: Nullification, local: boolean): void => {
  if (vs.nullification !== null) return
  vs.nullification = cert
  if (vs.seed === null) vs.seed = cert.seed
  out.push({ _tag: "Persist", record: { _tag: "Certified", certificate: cert } })
  if (local) out.push({ _tag: "Broadcast", message: cert })
  out.push({ _tag: "Nullified", view: vs.view })
  afterCertificate(s, out, vs.view)
}

const onFinalization = (s: ConsensusState, out: Out, vs: ViewState, cert: Finalization, local: boolean): void => {
  if (vs.finalization !== null) return
  vs.finalization = cert
  if (vs.seed === null) vs.seed = cert.seed
  out.push({ _tag: "Persist", record: { _tag: "Certified", certificate: cert } })
  if (local) out.push({ _tag: "Broadcast", message: cert })
  if (vs.view > s.finalize_target) s.finalize_target = vs.view
  afterCertificate(s, out, vs.view)
}

/** walk from the highest finalization down to the finalized tip and emit the blocks in height order */
const advanceFinalized = (s: ConsensusState, out: Out): void => {
  if (s.finalize_target <= s.finalized_view) return
  const target = present(s.views.get(s.finalize_target)?.finalization ?? undefined, "finalization of the target view")
  const chain: Proposal[] = [target.proposal]
  let parent_view = target.proposal.parent_view
  // parent views strictly decrease, so the walk takes at most target − finalized_view steps
  const steps_max = target.proposal.view - s.finalized_view
  for (let steps = 0; parent_view > s.finalized_view; steps++) {
    assert(steps <= steps_max, "parent views strictly decrease along a chain")
    const vs = s.views.get(parent_view)
    const p = vs?.finalization?.proposal ?? vs?.notarization?.proposal
    if (p === undefined) {
      fetch(s, out, parent_view)
      return
    }
    chain.push(p)
    parent_view = p.parent_view
  }
  if (parent_view < s.finalized_view) {
    out.push({ _tag: "SafetyViolation", view: target.proposal.view, detail: `finalization at view ${target.proposal.view} skips the finalized tip at view ${s.finalized_view}` })
    s.finalize_target = s.finalized_view
    return
  }
  for (let i = chain.length - 1; i >= 0; i--) {
    const p = present(chain[i], "chain entry")
    s.finalized_height += 1
    s.finalized_view = p.view
    s.finalized_payload = p.payload
    out.push({ _tag: "Persist", record: { _tag: "FinalizedTip", height: s.finalized_height, view: p.view, payload: p.payload } })
    out.push({ _tag: "Finalized", height: s.finalized_height, view: p.view, payload: p.payload, seed: present(s.views.get(p.view)?.seed ?? undefined, "seed of a finalized view") })
  }
  prune(s)
}

const prune = (s: ConsensusState): void => {
  const low = windowLow(s)
  for (const view of s.views.keys()) if (view < low && view !== s.finalized_view) s.views.delete(view)
  const height_low = s.finalized_height - s.config.activity_window_views
  for (const height of s.exec.keys()) if (height < height_low) s.exec.delete(height)
  // views and heights share one map here; anything below both windows is gone for good
  for (const key of s.evidence_seen.keys()) if (key < Math.min(low, height_low)) s.evidence_seen.delete(key)
}

const receiveCertificate = (s: ConsensusState, out: Out, from: number, cert: Certificate): void => {
  const view = cert._tag === "Nullification" ? cert.view : cert.proposal.view
  if (view < windowLow(s) || view > s.view + s.config.future_window_views) return rejected(out, from, reject(ViewOutOfWindow, `certificate for view ${view}`))
  const vs = viewState(s, view)
  if (cert._tag === "Notarization" && vs.notarization !== null) return
  if (cert._tag === "Nullification" && vs.nullification !== null) return
  if (cert._tag === "Finalization" && vs.finalization !== null) return
  // with the view's seed already known, compare bytes instead of a second pairing check
  if (vs.seed !== null && !bytesSame(vs.seed, cert.seed)) return rejected(out, from, reject(InvalidSeed, `certificate seed for view ${view}`))
  const problem = certificateProblem(s.config.verifier, s.config.quorum, cert, vs.seed !== null)
  if (problem !== null) return rejected(out, from, problem)
  certificateEvidence(s, out, vs, cert)
  if (cert._tag === "Notarization") onNotarization(s, out, vs, cert, false)
  else if (cert._tag === "Nullification") onNullification(s, out, vs, cert, false)
  else onFinalization(s, out, vs, cert, false)
}

/** votes inside a valid certificate that conflict with votes we hold from the same signers are evidence too */
const certificateEvidence = (s: ConsensusState, out: Out, vs: ViewState, cert: Certificate): void => {
  for (const v of cert.votes) {
    if (cert._tag === "Nullification") {
      const fin = vs.finalize.get(v.signer)
      if (fin !== undefined) recordEvidence(s, out, { _tag: "NullifyFinalize", nullify: { view: cert.view, signer: v.signer, signature: v.signature }, finalize: fin }, v.signer, vs.view)
      continue
    }
    const vote = { proposal: cert.proposal, signer: v.signer, signature: v.signature }
    const held = cert._tag === "Notarization" ? vs.notarize.get(v.signer) : vs.finalize.get(v.signer)
    if (held !== undefined && !sameProposal(held.proposal, cert.proposal)) {
      const tag = cert._tag === "Notarization" ? "ConflictingNotarize" : "ConflictingFinalize"
      recordEvidence(s, out, { _tag: tag, a: held, b: vote }, v.signer, vs.view)
    }
    if (cert._tag === "Finalization") {
      const nul = vs.nullify.get(v.signer)
      if (nul !== undefined) recordEvidence(s, out, { _tag: "NullifyFinalize", nullify: nul, finalize: vote }, v.signer, vs.view)
    }
  }
}

const bytesSame = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

// ---------------------------------------------------------------------------------------------
// receiving votes

const answerStale = (s: ConsensusState, out: Out, from: number, view: number): void => {
  if (view >= s.view || from === s.config.signer.index || s.answered.get(from) === s.view) return
  const cert = entryCertificate(s, s.view)
  if (cert === null) return
  s.answered.set(from, s.view)
  out.push({ _tag: "Send", to: from, message: cert })
}

const receiveVote = (s: ConsensusState, out: Out, from: number, vote: Notarize | Nullify | Finalize): void => {
  const cfg = s.config
  const view = vote._tag === "Nullify" ? vote.view : vote.proposal.view
  if (vote.signer < 0 || vote.signer >= cfg.n) return rejected(out, from, reject(UnknownSigner, `signer ${vote.signer}`))
  if (!acceptsView(s, view)) return rejected(out, from, reject(ViewOutOfWindow, `${vote._tag} for view ${view} (current ${s.view})`))
  if (vote._tag !== "Nullify" && vote.proposal.parent_view >= view) return rejected(out, from, reject(InvalidProposal, `parent view ${vote.proposal.parent_view} ≥ view ${view}`))
  answerStale(s, out, from, view)
  const vs = viewState(s, view)
  if (vote._tag === "Notarize") {
    const existing = vs.notarize.get(vote.signer)
    if (existing !== undefined && sameProposal(existing.proposal, vote.proposal)) return
    if (!cfg.verifier.verify(vote.signer, NS_NOTARIZE, proposalBytes(vote.proposal), vote.signature)) {
      return rejected(out, from, reject(InvalidVoteSignature, `notarize of ${vote.signer} in view ${view}`))
    }
    if (existing !== undefined) {
      recordEvidence(s, out, { _tag: "ConflictingNotarize", a: existing, b: vote }, vote.signer, view)
      return rejected(out, from, reject(ConflictingVote, `second notarize of ${vote.signer} in view ${view}`))
    }
    s.last_seen[vote.signer] = Math.max(s.last_seen[vote.signer] ?? 0, view)
    acceptNotarize(s, out, vs, vote)
  } else if (vote._tag === "Nullify") {
    if (vs.nullify.has(vote.signer)) return
    if (!cfg.verifier.verify(vote.signer, NS_NULLIFY, viewBytes(view), vote.signature)) {
      return rejected(out, from, reject(InvalidVoteSignature, `nullify of ${vote.signer} in view ${view}`))
    }
    s.last_seen[vote.signer] = Math.max(s.last_seen[vote.signer] ?? 0, view)
    acceptNullify(s, out, vs, vote)
  } else {
    const existing = vs.finalize.get(vote.signer)
    if (existing !== undefined && sameProposal(existing.proposal, vote.proposal)) return
    if (!cfg.verifier.verify(vote.signer, NS_FINALIZE, proposalBytes(vote.proposal), vote.signature)) {
      return rejected(out, from, reject(InvalidVoteSignature, `finalize of ${vote.signer} in view ${view}`))
    }
    if (existing !== undefined) {
      recordEvidence(s, out, { _tag: "ConflictingFinalize", a: existing, b: vote }, vote.signer, view)
      return rejected(out, from, reject(ConflictingVote, `second finalize of ${vote.signer} in view ${view}`))
    }
    s.last_seen[vote.signer] = Math.max(s.last_seen[vote.signer] ?? 0, view)
    acceptFinalize(s, out, vs, vote)
  }
}

const answerFetch = (s: ConsensusState, out: Out, from: number, view: number): void => {
  if (from === s.config.signer.index) return
  const vs = s.views.get(view)
  if (vs === undefined) return
  for (const cert of [vs.finalization, vs.notarization, vs.nullification]) if (cert !== null) out.push({ _tag: "Send", to: from, message: cert })
}

// ---------------------------------------------------------------------------------------------
// execution acknowledgements

const execHeight = (s: ConsensusState, height: number): ExecHeight => {
  let e = s.exec.get(height)
  if (e === undefined) {
    e = { acks: new Map(), by_item: new Map(), certified: false, sent: false }
    s.exec.set(height, e)
  }
  return e
}

const acceptAck = (s: ConsensusState, out: Out, ack: ExecAck): void => {
  const e = execHeight(s, ack.item.height)
  e.acks.set(ack.signer, ack)
  const signers = pushSigner(e.by_item, itemKey(ack.item), ack.signer)
  if (!e.certified && signers.length >= s.config.quorum) {
    e.certified = true
    const signatures = signers.slice(0, s.config.quorum).map((signer) => ({ signer, signature: present(e.acks.get(signer), "ack").signature }))
    out.push({ _tag: "ExecutionCertified", certificate: { _tag: "ExecutionCertificate", item: ack.item, signatures } })
  }
}

const receiveAck = (s: ConsensusState, out: Out, from: number, ack: ExecAck): void => {
  const cfg = s.config
  const h = ack.item.height
  if (ack.signer < 0 || ack.signer >= cfg.n) return rejected(out, from, reject(UnknownSigner, `signer ${ack.signer}`))
  if (h < 1 || h < s.finalized_height - cfg.activity_window_views || h > s.finalized_height + cfg.future_window_views) {
    return rejected(out, from, reject(HeightOutOfWindow, `ack for height ${h} (finalized ${s.finalized_height})`))
  }
  const e = execHeight(s, h)
  const existing = e.acks.get(ack.signer)
  if (existing !== undefined && itemKey(existing.item) === itemKey(ack.item)) return
  if (!cfg.verifier.verify(ack.signer, NS_AGG_ACK, executionItemBytes(ack.item), ack.signature)) {
    return rejected(out, from, reject(InvalidVoteSignature, `exec ack of ${ack.signer} at height ${h}`))
  }
  if (existing !== undefined) {
    recordEvidence(s, out, { _tag: "ConflictingExecAck", a: existing, b: ack }, ack.signer, h)
    return rejected(out, from, reject(ConflictingVote, `second exec ack of ${ack.signer} at height ${h}`))
  }
  acceptAck(s, out, ack)
}

const onExecuted = (s: ConsensusState, out: Out, item: ExecutionItem): void => {
  assert(item.height >= 1 && item.height <= s.finalized_height, "only finalized heights are executed")
  const e = execHeight(s, item.height)
  if (e.sent) return
  e.sent = true
  const cfg = s.config
  const ack: ExecAck = { _tag: "ExecAck", item, signer: cfg.signer.index, signature: cfg.signer.sign(NS_AGG_ACK, executionItemBytes(item)) }
  out.push({ _tag: "Persist", record: { _tag: "Voted", vote: ack } })
  out.push({ _tag: "Broadcast", message: ack })
  acceptAck(s, out, ack)
}

// ---------------------------------------------------------------------------------------------
// the step function

const onTimeout = (s: ConsensusState, out: Out, timer: TimerKind, view: number): void => {
  if (timer === "fetch") {
    if (!s.fetching.has(view)) return
    const vs = s.views.get(view)
    if (vs !== undefined && (vs.notarization !== null || vs.nullification !== null || vs.finalization !== null)) {
      s.fetching.delete(view)
      return
    }
    out.push({ _tag: "Broadcast", message: { _tag: "Fetch", view } })
    out.push({ _tag: "SetTimer", timer: "fetch", view, after_ms: s.config.timeouts.fetch_ms })
    return
  }
  if (view !== s.view) return
  const vs = viewState(s, view)
  if (timer === "leader" && vs.leader_timer_cancelled) return
  if (timer === "retry") {
    if (vs.sent_nullify === null) return
    out.push({ _tag: "Broadcast", message: vs.sent_nullify })
    const cert = entryCertificate(s, view)
    if (cert !== null) out.push({ _tag: "Broadcast", message: cert })
    out.push({ _tag: "SetTimer", timer: "retry", view, after_ms: s.config.timeouts.retry_ms })
    return
  }
  sendNullify(s, out, vs)
}

export interface StepResult {
  readonly state: ConsensusState
  readonly outputs: ReadonlyArray<Output>
}

export const step = (s: ConsensusState, input: Input): StepResult => {
  const out: Out = []
  switch (input._tag) {
    case "Start":
      if (!s.started) {
        s.started = true
        if (s.view === 0) enterView(s, out, 1)
        else startView(s, out, viewState(s, s.view))
        advanceFinalized(s, out)
      }
      break
    case "Message": {
      if (!s.started) break
      const m = input.message
      switch (m._tag) {
        case "Notarize":
        case "Nullify":
        case "Finalize":
          receiveVote(s, out, input.from, m)
          break
        case "Notarization":
        case "Nullification":
        case "Finalization":
          receiveCertificate(s, out, input.from, m)
          break
        case "Fetch":
          answerFetch(s, out, input.from, m.view)
          break
        case "ExecAck":
          receiveAck(s, out, input.from, m)
          break
      }
      break
    }
    case "Timeout":
      onTimeout(s, out, input.timer, input.view)
      break
    case "Built": {
      const vs = s.views.get(input.view)
      if (vs === undefined || input.view !== s.view || vs.leader !== s.config.signer.index) break
      if (vs.sent_notarize !== null || vs.sent_nullify !== null) break
      const proposal: Proposal = { view: input.view, parent_view: input.parent_view, payload: input.payload }
      vs.proposal = proposal
      vs.leader_timer_cancelled = true
      sendNotarize(s, out, vs, proposal)
      break
    }
    case "Verified": {
      const vs = s.views.get(input.view)
      if (vs === undefined || input.view !== s.view || vs.proposal === null || vs.proposal.payload !== input.payload) break
      if (!input.valid) {
        sendNullify(s, out, vs)
        break
      }
      if (vs.sent_notarize === null && vs.sent_nullify === null) sendNotarize(s, out, vs, vs.proposal)
      break
    }
    case "Executed":
      onExecuted(s, out, input.item)
      break
  }
  return { state: s, outputs: out }
}

/**
 * Rebuild a validator's state after a crash from its write-ahead records (in the order written).
 * Own votes are restored (so it never votes differently in a view it voted in), certificates are
 * re-applied, and the finalized tip is restored; then the driver sends Start, which re-arms the
 * timers of the current view. Nothing is emitted: the outputs of replay were carried out before.
 */
export const recover = (config: ConsensusConfig, records: ReadonlyArray<WalRecord>): ConsensusState => {
  const s = initialState(config)
  let view = 0
  for (const r of records) {
    if (r._tag === "FinalizedTip") {
      s.finalized_height = r.height
      s.finalized_view = r.view
      s.finalized_payload = r.payload
      if (s.finalize_target < r.view) s.finalize_target = r.view
    } else if (r._tag === "Certified") {
      const c = r.certificate
      const cview = c._tag === "Nullification" ? c.view : c.proposal.view
      const vs = viewState(s, cview)
      if (vs.seed === null) vs.seed = c.seed
      if (c._tag === "Notarization") vs.notarization = c
      else if (c._tag === "Nullification") vs.nullification = c
      else vs.finalization = c
      if (c._tag === "Finalization" && cview > s.finalize_target) s.finalize_target = cview
      view = Math.max(view, cview + 1)
    } else {
      const v = r.vote
      if (v._tag === "ExecAck") {
        const e = execHeight(s, v.item.height)
        e.sent = true
        e.acks.set(v.signer, v)
        pushSigner(e.by_item, itemKey(v.item), v.signer)
        continue
      }
      const vview = v._tag === "Nullify" ? v.view : v.proposal.view
      const vs = viewState(s, vview)
      if (v._tag === "Notarize") {
        vs.sent_notarize = v
        vs.notarize.set(v.signer, v)
        pushSigner(vs.notarize_by, proposalKey(v.proposal), v.signer)
        addShare(vs, v.signer, v.seed_share)
      } else if (v._tag === "Nullify") {
        vs.sent_nullify = v
        vs.nullify.set(v.signer, v)
        addShare(vs, v.signer, v.seed_share)
      } else {
        vs.sent_finalize = true
        vs.finalize.set(v.signer, v)
        pushSigner(vs.finalize_by, proposalKey(v.proposal), v.signer)
      }
      view = Math.max(view, vview)
    }
  }
  for (const vs of s.views.values()) vs.notarized_reported = vs.notarization !== null
  if (view >= 1) {
    const vs = viewState(s, view)
    const prev = present(s.views.get(view - 1)?.seed ?? undefined, `seed of view ${view - 1} in the log`)
    vs.leader = leaderAfter(prev, config.n)
    vs.build_requested = false
    vs.verify_requested = false
    if (vs.sent_notarize !== null) vs.proposal = vs.sent_notarize.proposal
    s.view = view
    // activity is not logged: count every validator as seen now, so no leader is skipped for our downtime
    s.last_seen.fill(view)
  }
  return s
}
