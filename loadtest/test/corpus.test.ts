import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Chain } from "../../engine/chain/chain.ts"
import { defaultChainConfig } from "../../engine/chain/config.ts"
import { TRANSACTION_NAMESPACE } from "../../engine/chain/constants.ts"
import { toHex, utf8 } from "../../engine/codec/bytes.ts"
import { sha256Concat } from "../../engine/crypto/sha256.ts"
import type { Event } from "../../engine/events.ts"
import { getSession } from "../../engine/games/session.ts"
import { nobleVerifier, verifyTransaction } from "../../engine/tx/verify.ts"
import type { Transaction } from "../../engine/tx/transaction.ts"
import { PublicKey } from "../../engine/schema/primitives.ts"
import { decodeSubmission } from "../../services/api/submission.ts"
import { buildCorpus, Corpus, corpusAdmin, CorpusOptionsInvalid, type CorpusSubmission } from "../corpus.ts"

const txsOf = (s: CorpusSubmission): ReadonlyArray<Transaction> => {
  const txs = decodeSubmission(new Uint8Array(Buffer.from(s.submission_b64, "base64")))
  if (!Array.isArray(txs)) throw new Error("the submission does not decode")
  return txs
}

/** applies submissions through the real engine, one block each, as the dev chain would */
class EngineChain {
  readonly chain: Chain
  constructor(admins: ReadonlyArray<string>) {
    this.chain = new Chain(defaultChainConfig(admins.map((a) => Schema.decodeSync(PublicKey)(a))))
    this.chain.genesis(() => {}, 0n)
  }
  apply(s: CorpusSubmission): Event[] {
    const view = this.chain.view + 1n
    const seed = toHex(sha256Concat(utf8("loadtest/corpus-test/"), utf8(view.toString())))
    const r = this.chain.applyBlock({ parent: this.chain.last_digest, view, height: this.chain.height + 1n, seed, transactions: [...txsOf(s)] })
    for (const o of r.outputs) expect(o.status, o.events.map((e) => (e._tag === "CasinoError" ? `${e._tag}: ${e.message}` : e._tag)).join(", ")).toBe("applied")
    return r.outputs.flatMap((o) => [...o.events])
  }
}

describe("the pre-signed corpus", () => {
  const roulette = buildCorpus({ kind: "roulette", journeys: 4, rounds_per_journey: 3, salt: "corpus-test" })

  it("is deterministic from its salt and valid under its Schema", () => {
    expect(buildCorpus({ kind: "roulette", journeys: 4, rounds_per_journey: 3, salt: "corpus-test" })).toEqual(roulette)
    expect(buildCorpus({ kind: "roulette", journeys: 4, rounds_per_journey: 3, salt: "other" }).journeys[0]?.public_key).not.toBe(roulette.journeys[0]?.public_key)
    expect(Schema.decodeUnknownSync(Corpus)(JSON.parse(JSON.stringify(roulette)))).toEqual(roulette)
  })

  it("roulette: per journey, signed transactions of one fresh key with nonces 0, 1, 2, … and the register first", () => {
    const keys = new Set<string>()
    for (const j of roulette.journeys) {
      keys.add(j.public_key)
      let nonce = 0n
      j.steps.forEach((step, r) => {
        const txs = txsOf(step)
        expect(txs.length).toBe(step.transactions)
        expect(txs.map((t) => t.instruction._tag)).toEqual(r === 0 ? ["CasinoRegister", "StartGame", "GameMove"] : ["StartGame", "GameMove"])
        for (const tx of txs) {
          expect(tx.public_key).toBe(j.public_key)
          expect(tx.nonce).toBe(nonce++)
          expect(verifyTransaction(nobleVerifier, tx, TRANSACTION_NAMESPACE)).toBe(true)
          if (tx.instruction._tag === "StartGame") expect(tx.instruction.session_id.toString()).toBe(step.session_id)
        }
        expect(step.last_nonce).toBe((nonce - 1n).toString())
      })
    }
    expect(keys.size).toBe(roulette.journeys.length)
  })

  it("journeys: the real engine executes every step of every journey with no casino error, picking alternatives as the script does", () => {
    const corpus = buildCorpus({ kind: "journeys", journeys: 6, rounds_per_journey: 1, salt: "journeys-test" })
    expect(Schema.decodeUnknownSync(Corpus)(JSON.parse(JSON.stringify(corpus)))).toEqual(corpus)
    expect(corpus.admin_public_key).toBe(corpusAdmin("journeys-test").public_key)
    const admin = corpus.admin_public_key ?? ""
    const engine = new EngineChain([admin])
    for (const s of corpus.setup) expect(engine.apply(s).map((e) => e._tag)).toEqual(["AmmBootstrapped", "AdminAudit", "AmmBootstrapFinalized", "AdminAudit"])
    const completed = new Set<string>()
    const games = new Set<string>()
    for (const j of corpus.journeys) {
      for (const step of j.steps) {
        if (step.skip_if_completed && step.session_id !== null && completed.has(step.session_id)) continue
        let sub: CorpusSubmission = step
        if (step.alternative !== null && step.session_id !== null) {
          const open = getSession(engine.chain, BigInt(step.session_id))
          const state: unknown = open?.state
          const stage = typeof state === "object" && state !== null && "stage" in state ? state.stage : null
          if (stage === step.alternative.when_stage) sub = step.alternative
        }
        for (const tx of txsOf(sub)) expect(tx.public_key).toBe(j.public_key)
        const events = engine.apply(sub)
        expect(events.filter((e) => e._tag === "CasinoError")).toEqual([])
        for (const e of events) if (e._tag === "GameCompleted") completed.add(e.session_id.toString())
        if (step.session_id !== null) games.add(step.name)
      }
      // every session of the journey completed, and the account's nonce is the last step's + 1
      const sessions = new Set(j.steps.flatMap((s) => (s.session_id === null ? [] : [s.session_id])))
      for (const id of sessions) expect(completed.has(id), `session ${id}`).toBe(true)
      const last = j.steps[j.steps.length - 1]
      expect(engine.chain.nonceOf(Schema.decodeSync(PublicKey)(j.public_key))).toBeGreaterThanOrEqual(BigInt(last?.last_nonce ?? "0"))
    }
    expect([...games].sort()).toEqual(
      ["baccarat", "blackjack", "casino_war", "craps", "hilo", "roulette", "sic_bo", "three_card", "ultimate_holdem", "video_poker"].sort()
    )
  })

  it("refuses sizes out of bounds with a typed error", () => {
    expect(() => buildCorpus({ kind: "roulette", journeys: 0, rounds_per_journey: 1 })).toThrow(CorpusOptionsInvalid)
    expect(() => buildCorpus({ kind: "roulette", journeys: 1, rounds_per_journey: 51 })).toThrow(CorpusOptionsInvalid)
  })
})
