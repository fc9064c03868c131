/**
 * Player verification end to end on four in-process validators (ports 17200–17203): a roulette
 * session (StartGame, a batch of bets) and a blackjack hand are finalized; validator 0's session
 * index builds their bundles; `verifySessionBundle` passes every check with public data only and
 * replays the outcomes from the finalized seeds. Every tampering a dishonest node could try is
 * caught by the check meant for it: another seed, another transaction, a certificate of another
 * block, a changed output byte, another network's group key, another height's execution
 * certificate, and a bundle that is not one.
 */
import { afterAll, describe, expect, it } from "vitest"
import { blockDigest, decodeBlock, encodeBlock } from "../../../engine/block.ts"
import { toHex } from "../../../engine/codec/bytes.ts"
import { encodeRouletteMove } from "../../../engine/games/roulette/roulette.ts"
import { GAME_TYPES } from "../../../engine/tx/instruction.ts"
import { actorSigner, signTransaction } from "../../../engine/tx/sign.ts"
import { dealValidatorKeys } from "../../node/validator/keys.ts"
import { loopbackCluster } from "../../node/validator/test/loopback-cluster.ts"
import { SessionIndex } from "../../node/session-index.ts"
import { makeSessionVerifications } from "../../node/session-verification.ts"
import { waitUntil } from "../../test/helpers.ts"
import type { SessionVerification } from "../bundle.ts"
import { verifySessionBundle, type VerificationReport } from "../check.ts"
import { stateAnswer, verifyStateAnswer, type StateAnswer } from "../state-answer.ts"
import { seedAnswer, verifySeedAnswer } from "../seed-answer.ts"

const cluster = loopbackCluster("verify", 4, 17200, { leader_ms: 200, advance_ms: 400, retry_ms: 2_000, fetch_ms: 400 }, 200)
afterAll(cluster.close)

const failed = (r: VerificationReport): string[] => r.checks.filter((c) => !c.ok).map((c) => c.name)
const withStep = (b: SessionVerification, i: number, patch: Partial<SessionVerification["steps"][number]>): SessionVerification => ({
  ...b,
  steps: b.steps.map((s, k) => (k === i ? { ...s, ...patch } : s))
})

describe("session verification", () => {
  it("verifies finalized sessions from public data and catches every tampering", async () => {
    const { dirs, nodes, open } = cluster
    dealValidatorKeys(dirs)
    for (let i = 0; i < 4; i++) nodes.push(open(i))
    const node0 = nodes[0]
    if (node0 === undefined) throw new Error("validator 0")
    const index = new SessionIndex()
    node0.onBlock((block, result) => {
      if (result !== null) index.record(block, result)
    })
    for (const n of nodes) await n.start()
    const verifications = makeSessionVerifications(
      {
        identity: { validators: node0.keys.public_keys, quorum: node0.keys.quorum, group_key: node0.keys.group_key },
        finalizedBlock: (h) => node0.finalizedBlock(h),
        executionCertificate: (h) => node0.executionCertificate(h)
      },
      index
    )

    const ann = actorSigner("verify/ann")
    const txs = [
      signTransaction(ann, 0n, { _tag: "CasinoRegister", name: "ann" }),
      signTransaction(ann, 1n, { _tag: "StartGame", game_type: GAME_TYPES.indexOf("roulette"), bet: 0n, session_id: 1n }),
      signTransaction(ann, 2n, {
        _tag: "GameMove",
        session_id: 1n,
        payload: encodeRouletteMove({ _tag: "Batch", bets: [{ type: "RED", number: 0, amount: 10n }, { type: "STRAIGHT", number: 17, amount: 5n }] })
      })
    ]
    expect(node0.submit(txs)).toBe(null)
    let bundle: SessionVerification | null = null
    await waitUntil(
      "the roulette session finalized with execution certificates",
      () => (bundle = verifications.bundle(1n)) !== null && bundle.steps.length === 2 && bundle.steps.every((s) => s.execution_certificate !== null),
      60_000
    )
    if (bundle === null) throw new Error("no bundle")
    const good: SessionVerification = bundle
    const report = verifySessionBundle(JSON.parse(JSON.stringify(good)), { trusted_group_key: toHex(node0.keys.group_key) })
    expect(report.checks.filter((c) => !c.ok)).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.complete).toBe(true)
    expect(report.checks.filter((c) => c.name === "seed")).toHaveLength(2)
    expect(report.checks.find((c) => c.name === "replay")?.detail).toMatch(/outcomes, chips and final state agree; settled/)

    // another seed in the move's block: the block digest ignores the seed, so only the seed check
    // and the replay can notice (the outcome would be another one)
    const moveBlock = decodeBlock(Buffer.from(good.steps[1]?.block ?? "", "hex"))
    const otherSeed = decodeBlock(Buffer.from(good.steps[0]?.block ?? "", "hex")).seed
    const reseeded = withStep(good, 1, { block: toHex(encodeBlock({ ...moveBlock, seed: otherSeed })) })
    expect(failed(verifySessionBundle(reseeded))).toEqual(expect.arrayContaining(["seed"]))
    expect(verifySessionBundle(reseeded).ok).toBe(false)
    // another transaction of the block
    expect(failed(verifySessionBundle(withStep(good, 1, { tx_index: (good.steps[1]?.tx_index ?? 0) + 1 })))).toContain("transaction")
    // the finalization of the other step's block
    expect(failed(verifySessionBundle(withStep(good, 1, { finalization: good.steps[0]?.finalization ?? "" })))).toContain("finalization")
    // one output byte changed
    const output = good.steps[1]?.output ?? ""
    const flipped = output.slice(0, -2) + (output.endsWith("00") ? "01" : "00")
    expect(failed(verifySessionBundle(withStep(good, 1, { output: flipped })))).toContain("events")
    // another network's identity
    expect(failed(verifySessionBundle(good, { trusted_group_key: "ab".repeat(96) }))).toContain("identity")
    // the execution certificate of another height
    expect(failed(verifySessionBundle(withStep(good, 1, { execution_certificate: good.steps[0]?.execution_certificate ?? null })))).toContain("execution")
    // not a bundle
    expect(failed(verifySessionBundle({ format: "something else" }))).toEqual(["bundle"])

    // a state read checked with public data: the player's row proven against a certified root
    const trusted = { validators: node0.keys.public_keys.map((k) => toHex(k)), quorum: node0.keys.quorum, group_key: toHex(node0.keys.group_key) }
    let answer: StateAnswer | null = null
    await waitUntil(
      "a certified root to prove against",
      () => {
        const h = node0.chain.height
        const cert = node0.executionCertificate(Number(h))
        answer = cert === null ? null : stateAnswer(node0.chain, "player", ann.public_key, cert)
        return answer !== null
      },
      30_000
    )
    if (answer === null) throw new Error("no answer")
    const read: StateAnswer = answer
    const checked = verifyStateAnswer(JSON.parse(JSON.stringify(read)), trusted)
    expect(checked.checks.filter((c) => !c.ok)).toEqual([])
    expect(checked).toMatchObject({ ok: true, certified: true })
    const lie = read.value === null ? "00" : read.value.slice(0, -2) + (read.value.endsWith("00") ? "01" : "00")
    expect(verifyStateAnswer({ ...read, value: lie }, trusted).checks.find((c) => c.name === "proof")?.ok).toBe(false)
    expect(verifyStateAnswer(read, { ...trusted, group_key: "ab".repeat(96), validators: trusted.validators.slice().reverse() }).certified).toBe(false)
    expect(verifyStateAnswer({ ...read, height: String(Number(read.height) + 1) }, trusted).certified).toBe(false)

    // the seed of the view that finalized the move's block: the group key's signature over the view
    const moveView = Number(moveBlock.view)
    const atView = node0.finalizedAtView(moveView)
    if (atView === null) throw new Error("no finalized block at the move's view")
    const seedRead = seedAnswer(atView)
    expect(seedRead.seed).toBe(moveBlock.seed)
    const seedChecked = verifySeedAnswer(JSON.parse(JSON.stringify(seedRead)), trusted)
    expect(seedChecked.checks.find((c) => c.name === "seed")?.ok).toBe(true)
    // finalized in its own view: the certificate names the block; through a child: it says so and does not pass
    const direct = atView.certificate !== null && atView.certificate.proposal.payload === blockDigest(atView.block)
    expect(seedChecked.ok).toBe(direct)
    expect(verifySeedAnswer({ ...seedRead, seed: decodeBlock(Buffer.from(good.steps[0]?.block ?? "", "hex")).seed }, trusted).checks.find((c) => c.name === "seed")?.ok).toBe(false)
    expect(verifySeedAnswer({ ...seedRead, view: String(moveView + 1) }, trusted).ok).toBe(false)
    expect(node0.finalizedAtView(10_000_000)).toBe(null)

    // a blackjack hand: started with a bet, played to the end by standing
    const ben = actorSigner("verify/ben")
    const bj = GAME_TYPES.indexOf("blackjack")
    expect(node0.submit([signTransaction(ben, 0n, { _tag: "CasinoRegister", name: "ben" }), signTransaction(ben, 1n, { _tag: "StartGame", game_type: bj, bet: 10n, session_id: 7n })])).toBe(null)
    await waitUntil("the blackjack hand started", () => verifications.bundle(7n) !== null, 60_000)
    const hand = verifications.bundle(7n)
    expect(hand).not.toBe(null)
    const partial = verifySessionBundle(hand)
    expect(partial.checks.filter((c) => c.name !== "execution" && !c.ok)).toEqual([])
  }, 120_000)
})
