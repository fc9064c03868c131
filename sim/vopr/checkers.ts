/**
 * The simulator's checkers. Failures are collected as text; a run passes when there are none.
 * - Safety: no two different blocks finalized at one height by honest validators, ever; each honest
 *   validator finalizes heights in order 1, 2, 3 … without gaps, repeats or reverts (across its
 *   crashes: it continues from the tip in its log); no honest SafetyViolation output; no two valid
 *   execution certificates for one height with different roots.
 * - Liveness: after healing (all partitions over, all crashed nodes restarted; at most f faulty),
 *   every honest validator finalizes `heights_after_heal` new heights, the first within
 *   `liveness_views_max` views of the highest honest view at healing, within `settle_ms_max`.
 * - Accountability: every conflicting pair of validly signed votes (or exec acks) delivered to an
 *   honest validator inside its acceptance window yields Evidence from that validator (unless it
 *   crashed before reporting it: evidence is not written ahead, so a crash forgets it); every
 *   Evidence output verifies and names a Byzantine key, never an honest one.
 */
import type { ConsensusVerifier } from "../../engine/consensus/crypto.ts"
import { evidenceSubject, verifyEvidence } from "../../engine/consensus/evidence.ts"
import { verifyExecutionCertificate } from "../../engine/consensus/execution-certificate.ts"
import { acceptsView, type Output } from "../../engine/consensus/machine.ts"
import {
  executionItemBytes,
  itemKey,
  NS_AGG_ACK,
  NS_FINALIZE,
  NS_NOTARIZE,
  NS_NULLIFY,
  proposalBytes,
  proposalKey,
  viewBytes,
  type ConsensusMessage
} from "../../engine/consensus/messages.ts"
import type { VoprConfig } from "./scenario.ts"
import type { SimNode } from "./cluster.ts"

export interface RunFacts {
  readonly events: number
  readonly sim_ms: number
  readonly messages_sent: number
  readonly views_max: number
  readonly height_max: number
  readonly execution_certificates: number
  readonly evidence: number
  readonly expected_evidence: number
  readonly rejections: Readonly<Record<string, number>>
  readonly crashes: number
  readonly resume_views: number
}

const FAILURES_MAX = 20

export class Checkers {
  readonly failures: string[] = []
  sent = 0
  crashes = 0
  private readonly finalized = new Map<number, string>()
  private readonly exec_certs = new Map<number, string>()
  private readonly node_height: number[]
  private readonly delivered: Array<Map<string, string>>
  private readonly expected: Array<Set<string>>
  private readonly produced: Array<Set<string>>
  private readonly rejections: Record<string, number> = {}
  private evidence_count = 0
  private healed = false
  private heal_height = 0
  private heal_view = 0
  private resume_view = -1
  private readonly byz_keys: Set<number>

  constructor(
    private readonly cfg: VoprConfig,
    private readonly verifier: ConsensusVerifier,
    private readonly nodes: ReadonlyArray<SimNode>
  ) {
    this.node_height = nodes.map(() => 0)
    this.delivered = nodes.map(() => new Map())
    this.expected = nodes.map(() => new Set())
    this.produced = nodes.map(() => new Set())
    this.byz_keys = new Set(cfg.byzantine.map((b) => b.index))
  }

  fail(text: string): void {
    if (this.failures.length < FAILURES_MAX) this.failures.push(text)
  }

  private honest(): SimNode[] {
    return this.nodes.filter((x) => x.honest)
  }

  onFinalized(node: SimNode, o: Extract<Output, { _tag: "Finalized" }>, now: number): void {
    if (!node.honest) return
    const expected = (this.node_height[node.id] ?? 0) + 1
    if (o.height !== expected) this.fail(`node ${node.id} finalized height ${o.height} after ${expected - 1} (gap, repeat or revert) at ${now} ms`)
    this.node_height[node.id] = Math.max(this.node_height[node.id] ?? 0, o.height)
    const other = this.finalized.get(o.height)
    if (other === undefined) this.finalized.set(o.height, o.payload)
    else if (other !== o.payload) this.fail(`two blocks finalized at height ${o.height}: ${other.slice(0, 12)} and ${o.payload.slice(0, 12)} (node ${node.id}, ${now} ms)`)
    if (this.healed && this.resume_view < 0 && o.height > this.heal_height) this.resume_view = node.state.view
  }

  onOutput(node: SimNode, o: Output, now: number): void {
    switch (o._tag) {
      case "Rejected": {
        const key = `${o.error.code} ${o.error._tag}`
        this.rejections[key] = (this.rejections[key] ?? 0) + 1
        break
      }
      case "Evidence": {
        if (!node.honest) break
        this.evidence_count++
        const subject = evidenceSubject(o.evidence)
        if (!verifyEvidence(this.verifier, o.evidence)) this.fail(`node ${node.id} produced evidence that does not verify (${subject.kind})`)
        if (!this.byz_keys.has(subject.signer)) this.fail(`node ${node.id} accused honest validator ${subject.signer} (${subject.kind}, view ${subject.view})`)
        this.produced[node.id]?.add(`${subject.kind}:${subject.signer}:${subject.view}`)
        break
      }
      case "ExecutionCertified": {
        if (!node.honest) break
        const cert = o.certificate
        if (!verifyExecutionCertificate(this.verifier, this.cfg.quorum, cert)) this.fail(`node ${node.id} formed an execution certificate that does not verify`)
        const key = itemKey(cert.item)
        const other = this.exec_certs.get(cert.item.height)
        if (other === undefined) this.exec_certs.set(cert.item.height, key)
        else if (other !== key) this.fail(`conflicting execution certificates at height ${cert.item.height} (node ${node.id}, ${now} ms)`)
        break
      }
      case "SafetyViolation":
        if (node.honest) this.fail(`node ${node.id}: ${o.detail}`)
        break
      default:
        break
    }
  }

  /** record validly signed votes delivered inside the window; a conflicting pair must yield evidence */
  onDeliver(node: SimNode, _from: number, m: ConsensusMessage): void {
    if (!node.honest) return
    const seen = this.delivered[node.id]
    const expected = this.expected[node.id]
    if (seen === undefined || expected === undefined) return
    const s = node.state
    if (!s.started) return
    const expect = (kind: string, signer: number, view: number): void => {
      expected.add(`${kind}:${signer}:${view}`)
    }
    if (m._tag === "Notarize" || m._tag === "Finalize") {
      const view = m.proposal.view
      if (m.signer < 0 || m.signer >= this.cfg.n || !acceptsView(s, view) || m.proposal.parent_view >= view) return
      if (!this.verifier.verify(m.signer, m._tag === "Notarize" ? NS_NOTARIZE : NS_FINALIZE, proposalBytes(m.proposal), m.signature)) return
      const key = `${m._tag}:${m.signer}:${view}`
      const value = proposalKey(m.proposal)
      const first = seen.get(key)
      if (first === undefined) seen.set(key, value)
      else if (first !== value) expect(m._tag === "Notarize" ? "ConflictingNotarize" : "ConflictingFinalize", m.signer, view)
      if (m._tag === "Finalize" && seen.has(`Nullify:${m.signer}:${view}`)) expect("NullifyFinalize", m.signer, view)
    } else if (m._tag === "Nullify") {
      if (m.signer < 0 || m.signer >= this.cfg.n || !acceptsView(s, m.view)) return
      if (!this.verifier.verify(m.signer, NS_NULLIFY, viewBytes(m.view), m.signature)) return
      seen.set(`Nullify:${m.signer}:${m.view}`, "")
      if (seen.has(`Finalize:${m.signer}:${m.view}`)) expect("NullifyFinalize", m.signer, m.view)
    } else if (m._tag === "ExecAck") {
      const h = m.item.height
      const cfg = node.config
      if (m.signer < 0 || m.signer >= this.cfg.n || h < 1 || h < s.finalized_height - cfg.activity_window_views || h > s.finalized_height + cfg.future_window_views) return
      if (!this.verifier.verify(m.signer, NS_AGG_ACK, executionItemBytes(m.item), m.signature)) return
      const key = `ExecAck:${m.signer}:${h}`
      const first = seen.get(key)
      if (first === undefined) seen.set(key, itemKey(m.item))
      else if (first !== itemKey(m.item)) expect("ConflictingExecAck", m.signer, h)
    }
  }

  /**
   * the node's memory is gone: an equivocation it received but had not yet reported (a torn
   * crash can cut the step before its Evidence output) cannot be reported any more. Evidence is
   * not persisted, so only what it produced before the crash counts.
   */
  onCrash(node: SimNode): void {
    const expected = this.expected[node.id]
    const produced = this.produced[node.id]
    if (expected === undefined || produced === undefined) return
    for (const e of [...expected]) if (!produced.has(e)) expected.delete(e)
  }

  onRestart(node: SimNode): void {
    // the restarted state machine forgot what it had been sent: start the evidence tracker afresh
    this.delivered[node.id]?.clear()
    this.node_height[node.id] = node.state.finalized_height
  }

  onHeal(_now: number): void {
    this.healed = true
    const honest = this.honest()
    this.heal_height = Math.max(0, ...honest.map((x) => this.node_height[x.id] ?? 0))
    this.heal_view = Math.max(0, ...honest.map((x) => x.state.view))
  }

  done(): boolean {
    if (!this.healed) return false
    return this.honest().every((x) => (this.node_height[x.id] ?? 0) >= this.heal_height + this.cfg.heights_after_heal)
  }

  finish(now: number): void {
    if (!this.healed) this.fail(`the run ended at ${now} ms before healing`)
    else if (!this.done()) {
      const heights = this.honest().map((x) => `${x.id}:${this.node_height[x.id] ?? 0}@v${x.state.view}`)
      this.fail(`liveness: not every honest validator finalized ${this.cfg.heights_after_heal} heights above ${this.heal_height} after healing (heights ${heights.join(" ")})`)
    } else if (this.resume_view - this.heal_view > this.cfg.liveness_views_max) {
      this.fail(`liveness: finalization resumed ${this.resume_view - this.heal_view} views after healing (bound ${this.cfg.liveness_views_max})`)
    }
    for (const node of this.nodes) {
      const expected = this.expected[node.id]
      const produced = this.produced[node.id]
      if (expected === undefined || produced === undefined) continue
      for (const e of expected) if (!produced.has(e)) this.fail(`node ${node.id} received an equivocation (${e}) but produced no evidence`)
    }
  }

  facts(events: number, sim_ms: number): RunFacts {
    return {
      events,
      sim_ms,
      messages_sent: this.sent,
      views_max: Math.max(0, ...this.nodes.map((x) => x.state.view)),
      height_max: Math.max(0, ...this.node_height),
      execution_certificates: this.exec_certs.size,
      evidence: this.evidence_count,
      expected_evidence: this.expected.reduce((a, s) => a + s.size, 0),
      rejections: { ...this.rejections },
      crashes: this.crashes,
      resume_views: this.resume_view < 0 ? -1 : this.resume_view - this.heal_view
    }
  }
}
