/**
 * Byzantine actors. Each runs the production state machine and rewrites what it sends, holding
 * only its own keys (it cannot forge another validator's signature):
 * - equivocator: as leader, proposes two different valid blocks in one view (half the peers each)
 * - conflicter: besides every notarize / finalize, sends a second, different one to a random peer;
 *   sometimes also nullifies a view it finalized; acknowledges execution with wrong roots to half
 * - nuller: never proposes, notarizes or finalizes (nor forwards certificates); nullifies every view it enters
 * - impersonator: relabels half of its votes with another validator's index (signatures then fail)
 * - outdated: replays messages it saw earlier (old views) to random peers
 * - twins (simulate.ts): two instances of one key, each an honest state machine, building
 *   different blocks, which makes them equivocate
 */
import type { ConsensusSigner } from "../../engine/consensus/crypto.ts"
import type { ConsensusState, Output } from "../../engine/consensus/machine.ts"
import {
  executionItemBytes,
  NS_AGG_ACK,
  NS_FINALIZE,
  NS_NOTARIZE,
  NS_NULLIFY,
  proposalBytes,
  viewBytes,
  type ConsensusMessage,
  type Proposal
} from "../../engine/consensus/messages.ts"
import type { ByzantineKind } from "./scenario.ts"
import type { Prng } from "./prng.ts"

export interface ByzantineContext {
  readonly kind: ByzantineKind
  readonly rng: Prng
  readonly signer: ConsensusSigner
  readonly n: number
  /** a second valid block on the same parent (registered with the simulated block store) */
  readonly variant: (proposal: Proposal, parent_payload: string | null) => string
  readonly parentPayloadOf: (payload: string) => string | null
  /** messages seen, for the outdated actor (bounded ring) */
  readonly seen: ConsensusMessage[]
  readonly nullified: Set<number>
}

export const SEEN_MAX = 256

const otherPeers = (ctx: ByzantineContext): number[] => Array.from({ length: ctx.n }, (_, i) => i).filter((i) => i !== ctx.signer.index)

const randomDigest = (ctx: ByzantineContext): string => {
  let s = ""
  for (let i = 0; i < 8; i++) s += ctx.rng.int(0, 0xffff_ffff).toString(16).padStart(8, "0")
  return s
}

const nullifyVote = (ctx: ByzantineContext, view: number): ConsensusMessage => ({
  _tag: "Nullify",
  view,
  signer: ctx.signer.index,
  signature: ctx.signer.sign(NS_NULLIFY, viewBytes(view)),
  seed_share: ctx.signer.seedShare(view)
})

export const transformOutputs = (ctx: ByzantineContext, state: ConsensusState, outputs: ReadonlyArray<Output>): Output[] => {
  const out: Output[] = []
  const self = ctx.signer.index
  for (const o of outputs) {
    // a nuller withholds every notarization and finalization (its own state machine's certificates carry its votes)
    const withheld = (m: ConsensusMessage): boolean => ctx.kind === "nuller" && (m._tag === "Notarization" || m._tag === "Finalization")
    if (o._tag === "Send" && withheld(o.message)) continue
    if (o._tag !== "Broadcast" && o._tag !== "Build") {
      out.push(o)
      continue
    }
    if (o._tag === "Broadcast" && withheld(o.message)) continue
    if (o._tag === "Build") {
      if (ctx.kind !== "nuller") out.push(o)
      continue
    }
    const m = o.message
    if (ctx.seen.length < SEEN_MAX) ctx.seen.push(m)
    else ctx.seen[ctx.rng.int(0, SEEN_MAX - 1)] = m
    switch (ctx.kind) {
      case "equivocator": {
        if (m._tag === "Notarize" && m.signer === self && state.views.get(m.proposal.view)?.leader === self) {
          const p2: Proposal = { ...m.proposal, payload: ctx.variant(m.proposal, ctx.parentPayloadOf(m.proposal.payload)) }
          const v2: ConsensusMessage = { ...m, proposal: p2, signature: ctx.signer.sign(NS_NOTARIZE, proposalBytes(p2)) }
          // each peer gets one of the two; one random peer gets both (the pair is fault evidence)
          const both = ctx.rng.pick(otherPeers(ctx))
          for (const peer of otherPeers(ctx)) {
            out.push({ _tag: "Send", to: peer, message: ctx.rng.chance(0.5) ? m : v2 })
            if (peer === both) out.push({ _tag: "Send", to: peer, message: ctx.rng.chance(0.5) ? v2 : m })
          }
        } else out.push(o)
        break
      }
      case "conflicter": {
        out.push(o)
        const peer = ctx.rng.pick(otherPeers(ctx))
        if (m._tag === "Notarize" && m.signer === self) {
          const p2: Proposal = { ...m.proposal, payload: randomDigest(ctx) }
          out.push({ _tag: "Send", to: peer, message: { ...m, proposal: p2, signature: ctx.signer.sign(NS_NOTARIZE, proposalBytes(p2)) } })
        } else if (m._tag === "Finalize" && m.signer === self) {
          if (ctx.rng.chance(0.5)) {
            const p2: Proposal = { ...m.proposal, payload: randomDigest(ctx) }
            out.push({ _tag: "Send", to: peer, message: { ...m, proposal: p2, signature: ctx.signer.sign(NS_FINALIZE, proposalBytes(p2)) } })
          } else out.push({ _tag: "Send", to: peer, message: nullifyVote(ctx, m.proposal.view) })
        } else if (m._tag === "ExecAck" && m.signer === self) {
          const item = { ...m.item, state_root: randomDigest(ctx) }
          out.push({ _tag: "Send", to: peer, message: { ...m, item, signature: ctx.signer.sign(NS_AGG_ACK, executionItemBytes(item)) } })
        }
        break
      }
      case "nuller": {
        if ((m._tag === "Notarize" || m._tag === "Finalize") && m.signer === self) {
          const view = m.proposal.view
          if (m._tag === "Notarize" && !ctx.nullified.has(view)) {
            ctx.nullified.add(view)
            out.push({ _tag: "Broadcast", message: nullifyVote(ctx, view) })
          }
        } else out.push(o)
        if (!ctx.nullified.has(state.view)) {
          ctx.nullified.add(state.view)
          out.push({ _tag: "Broadcast", message: nullifyVote(ctx, state.view) })
        }
        break
      }
      case "impersonator": {
        if ((m._tag === "Notarize" || m._tag === "Nullify" || m._tag === "Finalize") && m.signer === self && ctx.rng.chance(0.5)) {
          out.push({ _tag: "Broadcast", message: { ...m, signer: ctx.rng.pick(otherPeers(ctx)) } })
        } else out.push(o)
        break
      }
      case "outdated": {
        out.push(o)
        if (ctx.seen.length > 0 && ctx.rng.chance(0.5)) out.push({ _tag: "Send", to: ctx.rng.pick(otherPeers(ctx)), message: ctx.rng.pick(ctx.seen) })
        break
      }
      case "twins":
        out.push(o)
        break
    }
  }
  return out
}
