/**
 * The pre-signed transaction corpus a k6 script plays (k6's JavaScript runtime has no BigInt, so
 * no engine code runs inside a script: every transaction is signed and encoded here, in Node, by
 * the engine, ahead of the run). A corpus is a JSON file of journeys; one journey is one fresh
 * player (a key derived from the corpus salt) and its rounds in nonce order, each round one
 * `POST /submit` body (the service's submission framing) in base64 and the session id it plays
 * as a decimal string. A script takes journey `exec.scenario.iterationInTest` (k6/execution), so
 * every iteration plays a journey no other iteration touches and nonces never collide.
 *
 * A corpus is good for one chain: its transactions carry nonces 0, 1, 2, … of fresh accounts, so
 * replaying it against the same chain is refused as replays (build a new one with another salt).
 */
import { randomBytes } from "node:crypto"
import { mkdirSync, writeFileSync } from "node:fs"
import { dirname } from "node:path"
import { Schema } from "effect"
import { TRANSACTION_NAMESPACE } from "../engine/chain/constants.ts"
import { encodeRouletteMove } from "../engine/games/roulette/roulette.ts"
import { actorSigner, signTransaction } from "../engine/tx/sign.ts"
import { GAME_TYPES } from "../engine/tx/instruction.ts"
import type { Transaction } from "../engine/tx/transaction.ts"
import { encodeSubmission } from "../services/api/submission.ts"

export const CORPUS_FORMAT = 1
/** bounds: a corpus is a file a k6 VU loads into memory (SharedArray) */
export const JOURNEYS_MAX = 200_000
export const ROUNDS_PER_JOURNEY_MAX = 50

export const CorpusRound = Schema.Struct({
  /** the session id as a decimal string (u64: not a JavaScript number) */
  session_id: Schema.String.pipe(Schema.pattern(/^[0-9]{1,20}$/)),
  /** the POST /submit body, base64 (standard alphabet, padded) */
  submission_b64: Schema.String,
  transactions: Schema.Int.pipe(Schema.between(1, 3))
})
export const CorpusJourney = Schema.Struct({
  public_key: Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/)),
  rounds: Schema.Array(CorpusRound).pipe(Schema.minItems(1), Schema.maxItems(ROUNDS_PER_JOURNEY_MAX))
})
export const Corpus = Schema.Struct({
  format: Schema.Literal(CORPUS_FORMAT),
  script: Schema.Literal("roulette"),
  salt: Schema.String,
  transaction_namespace: Schema.String,
  journeys: Schema.Array(CorpusJourney).pipe(Schema.maxItems(JOURNEYS_MAX))
})
export type Corpus = typeof Corpus.Type

export interface CorpusOptions {
  readonly journeys: number
  readonly rounds_per_journey: number
  /** default: 16 random bytes (hex) */
  readonly salt?: string
  readonly transaction_namespace?: string
}

export class CorpusOptionsInvalid extends Schema.TaggedError<CorpusOptionsInvalid>()("CorpusOptionsInvalid", { message: Schema.String }) {}

const ROULETTE = GAME_TYPES.indexOf("roulette")
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64")

/** journey i: CasinoRegister with round 0, then per round StartGame(roulette, bet 0) + GameMove(Batch: RED 1, STRAIGHT (r mod 37) 1) */
export const buildRouletteCorpus = (opts: CorpusOptions): Corpus => {
  if (!Number.isInteger(opts.journeys) || opts.journeys < 1 || opts.journeys > JOURNEYS_MAX)
    throw new CorpusOptionsInvalid({ message: `journeys must be an integer in 1..${JOURNEYS_MAX}, got ${opts.journeys}` })
  if (!Number.isInteger(opts.rounds_per_journey) || opts.rounds_per_journey < 1 || opts.rounds_per_journey > ROUNDS_PER_JOURNEY_MAX)
    throw new CorpusOptionsInvalid({ message: `rounds per journey must be an integer in 1..${ROUNDS_PER_JOURNEY_MAX}, got ${opts.rounds_per_journey}` })
  const salt = opts.salt ?? randomBytes(16).toString("hex")
  const namespace = opts.transaction_namespace ?? TRANSACTION_NAMESPACE
  const sign = (signer: ReturnType<typeof actorSigner>, nonce: bigint, instruction: Parameters<typeof signTransaction>[2]): Transaction =>
    signTransaction(signer, nonce, instruction, namespace)
  const journeys = []
  for (let j = 0; j < opts.journeys; j++) {
    const signer = actorSigner(`loadtest/${salt}/journey-${j}`)
    const session_base = BigInt(`0x${signer.public_key.slice(0, 10)}`) << 8n
    let nonce = 0n
    const rounds = []
    for (let r = 0; r < opts.rounds_per_journey; r++) {
      const session_id = session_base + BigInt(r)
      const txs: Transaction[] = []
      if (r === 0) txs.push(sign(signer, nonce++, { _tag: "CasinoRegister", name: `lt-${j}-${signer.public_key.slice(0, 8)}` }))
      txs.push(sign(signer, nonce++, { _tag: "StartGame", game_type: ROULETTE, bet: 0n, session_id }))
      const payload = encodeRouletteMove({ _tag: "Batch", bets: [{ type: "RED", number: 0, amount: 1n }, { type: "STRAIGHT", number: r % 37, amount: 1n }] })
      txs.push(sign(signer, nonce++, { _tag: "GameMove", session_id, payload }))
      rounds.push({ session_id: session_id.toString(), submission_b64: b64(encodeSubmission(txs)), transactions: txs.length })
    }
    journeys.push({ public_key: signer.public_key, rounds })
  }
  return { format: CORPUS_FORMAT, script: "roulette", salt, transaction_namespace: namespace, journeys }
}

export const writeCorpus = (path: string, corpus: Corpus): number => {
  mkdirSync(dirname(path), { recursive: true })
  const text = JSON.stringify(Schema.encodeSync(Corpus)(corpus))
  writeFileSync(path, text)
  return Buffer.byteLength(text)
}
