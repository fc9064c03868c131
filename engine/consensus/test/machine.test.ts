/**
 * The consensus state machine with production keys (ed25519 votes, dealt 3-of-4 BLS seed):
 * four machines wired by a direct in-order driver finalize blocks whose seeds verify with the
 * group key and agree on execution certificates; every rejected message has its code and changes
 * nothing; conflicting votes become verifiable evidence; a validator recovered from its
 * write-ahead records never votes differently in a view it voted in.
 */
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { fromHex, toHex, utf8 } from "../../codec/bytes.ts"
import { blsVerify, dealSharing, groupKey } from "../../crypto/bls-threshold.ts"
import { sha256, sha256Text } from "../../crypto/sha256.ts"
import { signerFromSecret } from "../../tx/sign.ts"
import { nobleVerifier } from "../../tx/verify.ts"
import { ed25519BlsSigner, ed25519BlsVerifier, sortValidatorKeys } from "../crypto.ts"
import { verifyCertificate } from "../certificate.ts"
import { verifyEvidence } from "../evidence.ts"
import { quorumOf, verifyExecutionCertificate } from "../execution-certificate.ts"
import { initialState, recover, REFERENCE_TIMEOUTS, step, type ConsensusConfig, type ConsensusState, type Input, type Output, type WalRecord } from "../machine.ts"
import { ConsensusMessage, decodeConsensusMessage, NS_NOTARIZE, NS_SEED, proposalBytes, viewBytes, type Notarize, type Proposal } from "../messages.ts"

const N = 4
const Q = quorumOf(N)
const secrets = Array.from({ length: N }, (_, i) => sha256(utf8(`machine-test/${i}`)))
const unsorted: string[] = secrets.map((s) => signerFromSecret(s).public_key)
const sortedKeys = sortValidatorKeys(unsorted.map((k) => fromHex(k)))
const secretOf = (index: number): Uint8Array => secrets[unsorted.indexOf(toHex(sortedKeys[index] ?? new Uint8Array()))] ?? new Uint8Array(32)
const dealt = dealSharing(sha256Text("machine-test/dealer"), N, Q)
const verifier = ed25519BlsVerifier({ public_keys: sortedKeys, sharing: dealt.sharing }, nobleVerifier.verify)
const signers = Array.from({ length: N }, (_, i) => ed25519BlsSigner(i, secretOf(i), dealt.shares[i] ?? new Uint8Array(32)))
const GENESIS = toHex(sha256Text("machine-test/genesis"))

const configOf = (i: number): ConsensusConfig => ({
  n: N,
  quorum: Q,
  timeouts: REFERENCE_TIMEOUTS,
  skip_window_views: 32,
  activity_window_views: 256,
  future_window_views: 64,
  fetches_max: 16,
  genesis_payload: GENESIS,
  verifier,
  signer: signers[i] ?? ed25519BlsSigner(0, new Uint8Array(32), new Uint8Array(32))
})

const blockOf = (view: number, parent: string): string => toHex(sha256Text(`block/${view}/${parent}`))

/** run four machines: messages delivered in order, Build / Verify / execution answered at once, timers never fire */
const network = (until: (states: ConsensusState[]) => boolean, steps_max = 5_000) => {
  const states = Array.from({ length: N }, (_, i) => initialState(configOf(i)))
  const wal: WalRecord[][] = states.map(() => [])
  const outputs: Output[][] = states.map(() => [])
  const queue: Array<{ to: number; input: Input }> = states.map((_, to) => ({ to, input: { _tag: "Start" } }))
  for (let n = 0; n < steps_max && queue.length > 0 && !until(states); n++) {
    const { to, input } = queue.shift() ?? { to: 0, input: { _tag: "Start" } }
    const s = states[to]
    if (s === undefined) break
    for (const o of step(s, input).outputs) {
      outputs[to]?.push(o)
      if (o._tag === "Persist") wal[to]?.push(o.record)
      if (o._tag === "Broadcast") for (let j = 0; j < N; j++) if (j !== to) queue.push({ to: j, input: { _tag: "Message", from: to, message: o.message } })
      if (o._tag === "Send") queue.push({ to: o.to, input: { _tag: "Message", from: to, message: o.message } })
      if (o._tag === "Build") queue.push({ to, input: { _tag: "Built", view: o.view, parent_view: o.parent_view, payload: blockOf(o.view, o.parent_payload) } })
      if (o._tag === "Verify") queue.push({ to, input: { _tag: "Verified", view: o.proposal.view, payload: o.proposal.payload, valid: o.proposal.payload === blockOf(o.proposal.view, o.parent_payload) } })
      if (o._tag === "Finalized") {
        const root = toHex(sha256Text(`state/${o.height}/${o.payload}`))
        queue.push({ to, input: { _tag: "Executed", item: { height: o.height, state_root: root, events_root: toHex(sha256Text(`events/${o.payload}`)) } } })
      }
    }
  }
  return { states, wal, outputs }
}

const only = <T extends Output["_tag"]>(outs: ReadonlyArray<Output>, tag: T): Array<Extract<Output, { _tag: T }>> =>
  outs.filter((o): o is Extract<Output, { _tag: T }> => o._tag === tag)

describe("consensus state machine, production keys", () => {
  const run = network((states) => states.every((s) => s.finalized_height >= 2))

  it("four honest validators finalize the same blocks; each seed verifies with the group key", () => {
    expect(run.states.every((s) => s.finalized_height >= 2)).toBe(true)
    const chains = run.outputs.map((outs) => only(outs, "Finalized").map((f) => `${f.height}:${f.payload}`))
    for (const chain of chains) expect(chain.slice(0, 2)).toEqual(chains[0]?.slice(0, 2))
    const f = only(run.outputs[0] ?? [], "Finalized")[0]
    expect(f).toBeDefined()
    if (f !== undefined) expect(blsVerify(groupKey(dealt.sharing), NS_SEED, viewBytes(f.view), f.seed)).toBe(true)
  })

  it("a client checks a finalization with the public keys alone; a tampered one fails", () => {
    const fin = run.outputs.flat().flatMap((o) => (o._tag === "Broadcast" && o.message._tag === "Finalization" ? [o.message] : []))[0]
    expect(fin).toBeDefined()
    if (fin === undefined) return
    expect(verifyCertificate(verifier, Q, fin)).toBe(true)
    expect(verifyCertificate(verifier, Q, { ...fin, proposal: { ...fin.proposal, payload: "00".repeat(32) } })).toBe(false)
    expect(verifyCertificate(verifier, Q, { ...fin, votes: fin.votes.slice(0, Q - 1) })).toBe(false)
    expect(verifyCertificate(verifier, Q, { ...fin, seed: dealt.shares[0] ?? new Uint8Array(48) })).toBe(false)
  })

  it("execution acknowledgements form certificates that verify, and a tampered one does not", () => {
    const certs = run.outputs.flatMap((outs) => only(outs, "ExecutionCertified"))
    expect(certs.length).toBeGreaterThan(0)
    for (const c of certs) expect(verifyExecutionCertificate(verifier, Q, c.certificate)).toBe(true)
    const c = certs[0]?.certificate
    if (c !== undefined) {
      expect(verifyExecutionCertificate(verifier, Q, { ...c, item: { ...c.item, state_root: "00".repeat(32) } })).toBe(false)
      expect(verifyExecutionCertificate(verifier, Q, { ...c, signatures: c.signatures.slice(0, Q - 1) })).toBe(false)
    }
  })

  it("every message the machines sent is a valid ConsensusMessage by its Schema; a malformed one is refused", () => {
    const sent = run.outputs.flat().flatMap((o) => (o._tag === "Broadcast" || o._tag === "Send" ? [o.message] : []))
    expect(new Set(sent.map((m) => m._tag)).size).toBeGreaterThanOrEqual(5)
    for (const m of sent) expect(Schema.is(ConsensusMessage)(m)).toBe(true)
    const vote = sent.find((m) => m._tag === "Notarize")
    expect(decodeConsensusMessage({ ...vote, proposal: { view: 1, parent_view: 0, payload: "not-hex" } })._tag).toBe("Left")
    expect(decodeConsensusMessage({ ...vote, signer: 1_000 })._tag).toBe("Left")
  })

  it("every own vote is written ahead before it is broadcast", () => {
    for (const outs of run.outputs) {
      outs.forEach((o, i) => {
        if (o._tag === "Broadcast" && (o.message._tag === "Notarize" || o.message._tag === "Finalize" || o.message._tag === "Nullify" || o.message._tag === "ExecAck")) {
          const prev = outs[i - 1]
          expect(prev?._tag === "Persist" && prev.record._tag === "Voted" && prev.record.vote === o.message).toBe(true)
        }
      })
    }
  })
})

describe("rejected messages have their code and change nothing", () => {
  const fresh = (): ConsensusState => {
    const s = initialState(configOf(1))
    step(s, { _tag: "Start" })
    return s
  }
  const proposal: Proposal = { view: 1, parent_view: 0, payload: blockOf(1, GENESIS) }
  const notarize = (signer: number, p: Proposal): Notarize => ({
    _tag: "Notarize",
    proposal: p,
    signer,
    signature: signers[signer]?.sign(NS_NOTARIZE, proposalBytes(p)) ?? new Uint8Array(64),
    seed_share: signers[signer]?.seedShare(p.view) ?? new Uint8Array(48)
  })
  const rejectionOf = (s: ConsensusState, from: number, message: ConsensusMessage) => {
    const before = JSON.stringify({ view: s.view, votes: [...(s.views.get(1)?.notarize.keys() ?? [])], fin: s.finalized_height })
    const outs = step(s, { _tag: "Message", from, message }).outputs
    const after = JSON.stringify({ view: s.view, votes: [...(s.views.get(1)?.notarize.keys() ?? [])], fin: s.finalized_height })
    expect(after).toBe(before)
    return only(outs, "Rejected").map((r) => r.error.code)
  }

  it("300 a vote whose signature is not its signer's (impersonation)", () => {
    const v = notarize(2, proposal)
    expect(rejectionOf(fresh(), 3, { ...v, signer: 3 })).toEqual([300])
  })
  it("301 an unknown signer; 302 a view beyond the window; 307 a parent not below the view", () => {
    const s = fresh()
    expect(rejectionOf(s, 2, { ...notarize(2, proposal), signer: 9 })).toEqual([301])
    expect(rejectionOf(s, 2, notarize(2, { view: 500, parent_view: 0, payload: proposal.payload }))).toEqual([302])
    expect(rejectionOf(s, 2, notarize(2, { view: 3, parent_view: 3, payload: proposal.payload }))).toEqual([307])
  })
  it("303 a certificate short of the quorum; 304 a certificate with a wrong seed", () => {
    const s = fresh()
    const votes = [0, 2].map((i) => ({ signer: i, signature: notarize(i, proposal).signature }))
    expect(rejectionOf(s, 2, { _tag: "Notarization", proposal, votes, seed: new Uint8Array(48) })).toEqual([303])
    const full = [0, 2, 3].map((i) => ({ signer: i, signature: notarize(i, proposal).signature }))
    const wrongSeed = signers[0]?.seedShare(1) ?? new Uint8Array(48)
    expect(rejectionOf(s, 2, { _tag: "Notarization", proposal, votes: full, seed: wrongSeed })).toEqual([304])
    expect(rejectionOf(s, 2, { _tag: "Notarization", proposal, votes: [full[0]!, full[0]!, full[1]!], seed: wrongSeed })).toEqual([303])
  })
  it("306 a second, different notarize: the pair is evidence anyone can verify", () => {
    const s = fresh()
    expect(step(s, { _tag: "Message", from: 2, message: notarize(2, proposal) }).outputs.filter((o) => o._tag === "Rejected")).toEqual([])
    const outs = step(s, { _tag: "Message", from: 2, message: notarize(2, { ...proposal, payload: "ab".repeat(32) }) }).outputs
    expect(only(outs, "Rejected").map((r) => r.error.code)).toEqual([306])
    const ev = only(outs, "Evidence")
    expect(ev).toHaveLength(1)
    expect(ev[0] !== undefined && verifyEvidence(verifier, ev[0].evidence)).toBe(true)
    // the same vote again is a silent duplicate, not new evidence
    expect(step(s, { _tag: "Message", from: 2, message: notarize(2, proposal) }).outputs).toEqual([])
  })
})

describe("restart from the write-ahead log", () => {
  it("a recovered validator keeps its vote in the view it voted in", () => {
    const s = initialState(configOf(2))
    step(s, { _tag: "Start" })
    const wal: WalRecord[] = []
    const leader = s.views.get(1)?.leader ?? 0
    const p: Proposal = { view: 1, parent_view: 0, payload: blockOf(1, GENESIS) }
    const leaderVote: Notarize = {
      _tag: "Notarize",
      proposal: p,
      signer: leader,
      signature: signers[leader]?.sign(NS_NOTARIZE, proposalBytes(p)) ?? new Uint8Array(64),
      seed_share: signers[leader]?.seedShare(1) ?? new Uint8Array(48)
    }
    const outs = [...step(s, { _tag: "Message", from: leader, message: leaderVote }).outputs, ...step(s, { _tag: "Verified", view: 1, payload: p.payload, valid: true }).outputs]
    for (const o of outs) if (o._tag === "Persist") wal.push(o.record)
    expect(wal.some((r) => r._tag === "Voted" && r.vote._tag === "Notarize")).toBe(true)
    const back = recover(configOf(2), wal)
    const restart = step(back, { _tag: "Start" }).outputs
    const other: Proposal = { ...p, payload: "cd".repeat(32) }
    const again = step(back, { _tag: "Verified", view: 1, payload: other.payload, valid: true }).outputs
    const votes = [...restart, ...again].filter((o) => o._tag === "Broadcast" && o.message._tag === "Notarize")
    expect(votes).toEqual([])
    expect(back.views.get(1)?.sent_notarize?.proposal.payload).toBe(p.payload)
  })
})
