import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { TRANSACTION_NAMESPACE } from "../../engine/chain/constants.ts"
import { nobleVerifier, verifyTransaction } from "../../engine/tx/verify.ts"
import { decodeSubmission } from "../../services/api/submission.ts"
import { buildRouletteCorpus, Corpus, CorpusOptionsInvalid } from "../corpus.ts"

describe("the pre-signed corpus", () => {
  const corpus = buildRouletteCorpus({ journeys: 4, rounds_per_journey: 3, salt: "corpus-test" })

  it("is deterministic from its salt and valid under its Schema", () => {
    expect(buildRouletteCorpus({ journeys: 4, rounds_per_journey: 3, salt: "corpus-test" })).toEqual(corpus)
    expect(buildRouletteCorpus({ journeys: 4, rounds_per_journey: 3, salt: "other" }).journeys[0]?.public_key).not.toBe(corpus.journeys[0]?.public_key)
    expect(Schema.decodeUnknownSync(Corpus)(JSON.parse(JSON.stringify(corpus)))).toEqual(corpus)
  })

  it("holds, per journey, signed transactions of one fresh key with nonces 0, 1, 2, … and the register first", () => {
    const keys = new Set<string>()
    for (const j of corpus.journeys) {
      keys.add(j.public_key)
      let nonce = 0n
      j.rounds.forEach((round, r) => {
        const txs = decodeSubmission(new Uint8Array(Buffer.from(round.submission_b64, "base64")))
        if (!Array.isArray(txs)) throw new Error("the submission does not decode")
        expect(txs.length).toBe(round.transactions)
        expect(txs.map((t) => t.instruction._tag)).toEqual(r === 0 ? ["CasinoRegister", "StartGame", "GameMove"] : ["StartGame", "GameMove"])
        for (const tx of txs) {
          expect(tx.public_key).toBe(j.public_key)
          expect(tx.nonce).toBe(nonce++)
          expect(verifyTransaction(nobleVerifier, tx, TRANSACTION_NAMESPACE)).toBe(true)
          const start = tx.instruction
          if (start._tag === "StartGame") expect(start.session_id.toString()).toBe(round.session_id)
        }
      })
    }
    expect(keys.size).toBe(corpus.journeys.length)
  })

  it("refuses sizes out of bounds with a typed error", () => {
    expect(() => buildRouletteCorpus({ journeys: 0, rounds_per_journey: 1 })).toThrow(CorpusOptionsInvalid)
    expect(() => buildRouletteCorpus({ journeys: 1, rounds_per_journey: 51 })).toThrow(CorpusOptionsInvalid)
  })
})
