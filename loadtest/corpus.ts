/**
 * The pre-signed transaction corpus a k6 script plays (k6's JavaScript runtime has no BigInt, so
 * no engine code runs inside a script: every transaction is signed and encoded here, in Node, by
 * the engine, ahead of the run). A corpus is a JSON file of journeys; one journey is one fresh
 * player (a key derived from the corpus salt) and its steps in nonce order. A step is one
 * `POST /submit` body (the service's submission framing) in base64, its transaction count, the
 * nonce of its last transaction and the session it plays, all u64s as decimal strings. A script
 * takes journey `exec.scenario.iterationInTest` (k6/execution), so every iteration plays a journey
 * no other iteration touches and nonces never collide. A step is done when the account's update
 * stream shows the transaction with its last nonce.
 *
 * Two kinds:
 * - `roulette`: round 0 = CasinoRegister + StartGame(roulette, bet 0) + GameMove(Batch: RED 1,
 *   STRAIGHT (r mod 37) 1), later rounds the last two.
 * - `journeys`: a mixed player day: register; a vault (CreateVault, DepositCollateral 100,
 *   BorrowUSDT 10, RepayUSDT 5); two swaps (sell 10 RNG, buy with 1 vUSDT: the daily caps are a share of the balance); one session of each game
 *   whose move count is fixed (roulette, baccarat, sic bo, craps field, video poker, three card
 *   fold, Ultimate Hold'em check-check-fold, hi-lo cash out), in an order rotated per journey; and
 *   last one game whose length depends on the cards: blackjack (Deal, then Stand + Reveal, or only
 *   Reveal when the deal left the session awaiting the reveal: the script reads /session/:id to
 *   pick) or casino war (Play, then Surrender only if the Play tied). Swaps and vault borrowing
 *   need a seeded AMM: the corpus carries `setup`, an admin key's SeedAmm + FinalizeAmmBootstrap,
 *   which the script submits in setup(); the service must list `admin_public_key` in
 *   `--admin-keys`.
 *
 * A corpus is good for one chain: its transactions carry nonces 0, 1, 2, … of fresh accounts, so
 * replaying it against the same chain is refused as replays (build a new one with another salt).
 */
import { randomBytes } from "node:crypto"
import { mkdirSync, writeFileSync } from "node:fs"
import { dirname } from "node:path"
import { Schema } from "effect"
import { TRANSACTION_NAMESPACE } from "../engine/chain/constants.ts"
import { encodeBaccaratMove } from "../engine/games/baccarat/moves.ts"
import { encodeBlackjackMove } from "../engine/games/blackjack/moves.ts"
import { encodeCasinoWarMove } from "../engine/games/casino-war/moves.ts"
import { encodeCrapsMove } from "../engine/games/craps/moves.ts"
import { encodeHiloMove } from "../engine/games/hilo/moves.ts"
import { encodeRouletteMove } from "../engine/games/roulette/roulette.ts"
import { encodeSicBoMove } from "../engine/games/sic-bo/moves.ts"
import { encodeThreeCardMove } from "../engine/games/three-card/moves.ts"
import { encodeUthMove } from "../engine/games/ultimate-holdem/moves.ts"
import { encodeVideoPokerMove } from "../engine/games/video-poker/moves.ts"
import { actorSigner, signTransaction, type Signer } from "../engine/tx/sign.ts"
import { GAME_TYPES, type GameType, type Instruction } from "../engine/tx/instruction.ts"
import type { Transaction } from "../engine/tx/transaction.ts"
import { encodeSubmission } from "../services/api/submission.ts"

export const CORPUS_FORMAT = 2
export const CORPUS_KINDS = ["roulette", "journeys"] as const
export type CorpusKind = (typeof CORPUS_KINDS)[number]
/** bounds: a corpus is a file a k6 VU loads into memory (SharedArray) */
export const JOURNEYS_MAX = 200_000
export const ROUNDS_PER_JOURNEY_MAX = 50
export const STEPS_PER_JOURNEY_MAX = 64
/** the mempool's per-account cap of the dev chain is 16: a step stays well under it */
export const TRANSACTIONS_PER_STEP_MAX = 8

const U64Decimal = Schema.String.pipe(Schema.pattern(/^[0-9]{1,20}$/))

export const CorpusSubmission = Schema.Struct({
  /** the POST /submit body, base64 (standard alphabet, padded) */
  submission_b64: Schema.String,
  transactions: Schema.Int.pipe(Schema.between(1, TRANSACTIONS_PER_STEP_MAX)),
  /** the nonce of the submission's last transaction: the step is done when the stream shows it */
  last_nonce: U64Decimal
})
export type CorpusSubmission = typeof CorpusSubmission.Type

export const CorpusStep = Schema.Struct({
  /** the metric tag of the step: a game name, `register`, `vault` or `swap` */
  name: Schema.String.pipe(Schema.pattern(/^[a-z_]{1,32}$/)),
  /** the session the step plays (decimal u64), or null */
  session_id: Schema.NullOr(U64Decimal),
  ...CorpusSubmission.fields,
  /** skip this step when the session completed in an earlier step (casino war without a tie) */
  skip_if_completed: Schema.Boolean,
  /** send this instead when GET /session/:id shows `state.stage` equal to `when_stage` */
  alternative: Schema.NullOr(Schema.Struct({ when_stage: Schema.String, ...CorpusSubmission.fields }))
})
export type CorpusStep = typeof CorpusStep.Type

export const CorpusJourney = Schema.Struct({
  public_key: Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/)),
  steps: Schema.Array(CorpusStep).pipe(Schema.minItems(1), Schema.maxItems(STEPS_PER_JOURNEY_MAX))
})
export type CorpusJourney = typeof CorpusJourney.Type

export const Corpus = Schema.Struct({
  format: Schema.Literal(CORPUS_FORMAT),
  kind: Schema.Literal(...CORPUS_KINDS),
  salt: Schema.String,
  transaction_namespace: Schema.String,
  /** the admin key of `setup` (null when the kind needs no setup) */
  admin_public_key: Schema.NullOr(Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/))),
  /** admin submissions setup() sends before the test (the AMM seeding of `journeys`) */
  setup: Schema.Array(CorpusSubmission),
  journeys: Schema.Array(CorpusJourney).pipe(Schema.maxItems(JOURNEYS_MAX))
})
export type Corpus = typeof Corpus.Type

export interface CorpusOptions {
  readonly kind: CorpusKind
  readonly journeys: number
  /** roulette: rounds per journey (journeys: ignored, a journey's steps are fixed) */
  readonly rounds_per_journey: number
  /** default: 16 random bytes (hex) */
  readonly salt?: string
  readonly transaction_namespace?: string
}

export class CorpusOptionsInvalid extends Schema.TaggedError<CorpusOptionsInvalid>()("CorpusOptionsInvalid", { message: Schema.String }) {}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64")
const game = (g: GameType): number => GAME_TYPES.indexOf(g)

/** AMM seeding by the corpus admin: enough depth that every journey's small swaps stay in their daily caps */
export const AMM_SEED_RNG = 10_000_000n
export const AMM_SEED_VUSDT = 10_000_000n
/** chips a game stakes in a journey */
const STAKE = 5n

/** Signs one account's transactions in nonce order. */
class Account {
  nonce = 0n
  constructor(
    readonly signer: Signer,
    private readonly namespace: string
  ) {}
  submission(ixs: ReadonlyArray<Instruction>): CorpusSubmission {
    const txs: Transaction[] = ixs.map((ix) => signTransaction(this.signer, this.nonce++, ix, this.namespace))
    return { submission_b64: b64(encodeSubmission(txs)), transactions: txs.length, last_nonce: (this.nonce - 1n).toString() }
  }
}

const step = (name: string, session_id: bigint | null, sub: CorpusSubmission, extra: Partial<Pick<CorpusStep, "skip_if_completed" | "alternative">> = {}): CorpusStep => ({
  name,
  session_id: session_id === null ? null : session_id.toString(),
  ...sub,
  skip_if_completed: extra.skip_if_completed ?? false,
  alternative: extra.alternative ?? null
})

const start = (g: GameType, bet: bigint, session_id: bigint): Instruction => ({ _tag: "StartGame", game_type: game(g), bet, session_id })
const move = (session_id: bigint, payload: Uint8Array): Instruction => ({ _tag: "GameMove", session_id, payload })

/** the games whose sessions always take the same moves, each as the instructions of one step */
const FIXED_GAMES: ReadonlyArray<{ readonly game: GameType; readonly ixs: (id: bigint, j: number) => Instruction[] }> = [
  { game: "roulette", ixs: (id, j) => [start("roulette", 0n, id), move(id, encodeRouletteMove({ _tag: "Batch", bets: [{ type: "STRAIGHT", number: j % 37, amount: STAKE }] }))] },
  { game: "baccarat", ixs: (id, j) => [start("baccarat", 0n, id), move(id, encodeBaccaratMove({ _tag: "Batch", bets: [{ type: j % 2 === 0 ? "BANKER" : "PLAYER", amount: STAKE }] }))] },
  { game: "sic_bo", ixs: (id, j) => [start("sic_bo", 0n, id), move(id, encodeSicBoMove({ _tag: "Batch", bets: [{ type: j % 2 === 0 ? "SMALL" : "BIG", number: 0, amount: STAKE }] }))] },
  { game: "craps", ixs: (id) => [start("craps", 0n, id), move(id, encodeCrapsMove({ _tag: "Batch", bets: [{ type: "FIELD", target: 0, amount: STAKE }] }))] },
  { game: "video_poker", ixs: (id) => [start("video_poker", STAKE, id), move(id, encodeVideoPokerMove({ _tag: "Draw", hold: [true, true, false, false, false] }))] },
  { game: "three_card", ixs: (id) => [start("three_card", STAKE, id), move(id, encodeThreeCardMove({ _tag: "Deal" })), move(id, encodeThreeCardMove({ _tag: "Fold" }))] },
  {
    game: "ultimate_holdem",
    ixs: (id) => [
      start("ultimate_holdem", STAKE, id),
      move(id, encodeUthMove({ _tag: "Deal" })),
      move(id, encodeUthMove({ _tag: "Check" })),
      move(id, encodeUthMove({ _tag: "Check" })),
      move(id, encodeUthMove({ _tag: "Fold" }))
    ]
  },
  { game: "hilo", ixs: (id) => [start("hilo", STAKE, id), move(id, encodeHiloMove({ _tag: "CashOut" }))] }
]

const sessionBase = (signer: Signer): bigint => BigInt(`0x${signer.public_key.slice(0, 10)}`) << 8n

const rouletteJourney = (acct: Account, j: number, rounds: number): CorpusJourney => {
  const base = sessionBase(acct.signer)
  const steps: CorpusStep[] = []
  for (let r = 0; r < rounds; r++) {
    const id = base + BigInt(r)
    const ixs: Instruction[] = []
    if (r === 0) ixs.push({ _tag: "CasinoRegister", name: `lt-${j}-${acct.signer.public_key.slice(0, 8)}` })
    ixs.push(start("roulette", 0n, id))
    ixs.push(move(id, encodeRouletteMove({ _tag: "Batch", bets: [{ type: "RED", number: 0, amount: 1n }, { type: "STRAIGHT", number: r % 37, amount: 1n }] })))
    steps.push(step("roulette", id, acct.submission(ixs)))
  }
  return { public_key: acct.signer.public_key, steps }
}

const mixedJourney = (acct: Account, j: number): CorpusJourney => {
  const base = sessionBase(acct.signer)
  let next = 0n
  const steps: CorpusStep[] = [
    step("register", null, acct.submission([{ _tag: "CasinoRegister", name: `lt-${j}-${acct.signer.public_key.slice(0, 8)}` }])),
    step(
      "vault",
      null,
      acct.submission([{ _tag: "CreateVault" }, { _tag: "DepositCollateral", amount: 100n }, { _tag: "BorrowUSDT", amount: 10n }, { _tag: "RepayUSDT", amount: 5n }])
    ),
    step(
      "swap",
      null,
      acct.submission([
        { _tag: "Swap", amount_in: 10n, min_amount_out: 0n, is_buying_rng: false },
        { _tag: "Swap", amount_in: 1n, min_amount_out: 0n, is_buying_rng: true }
      ])
    )
  ]
  for (let g = 0; g < FIXED_GAMES.length; g++) {
    const fixed = FIXED_GAMES[(g + j) % FIXED_GAMES.length]
    if (fixed === undefined) continue
    const id = base + next++
    steps.push(step(fixed.game, id, acct.submission(fixed.ixs(id, j))))
  }
  const id = base + next++
  if (j % 2 === 0) {
    steps.push(step("blackjack", id, acct.submission([start("blackjack", STAKE, id), move(id, encodeBlackjackMove({ _tag: "Deal" }))])))
    // both finishes start at the same nonce: the script sends one of them
    const at = acct.nonce
    const stand = acct.submission([move(id, encodeBlackjackMove({ _tag: "Stand" })), move(id, encodeBlackjackMove({ _tag: "Reveal" }))])
    acct.nonce = at
    const reveal = acct.submission([move(id, encodeBlackjackMove({ _tag: "Reveal" }))])
    steps.push(step("blackjack", id, stand, { alternative: { when_stage: "awaiting_reveal", ...reveal } }))
  } else {
    steps.push(step("casino_war", id, acct.submission([start("casino_war", STAKE, id), move(id, encodeCasinoWarMove({ _tag: "Play" }))])))
    steps.push(step("casino_war", id, acct.submission([move(id, encodeCasinoWarMove({ _tag: "Surrender" }))]), { skip_if_completed: true }))
  }
  return { public_key: acct.signer.public_key, steps }
}

/** Sign a corpus (deterministic from its salt). */
export const buildCorpus = (opts: CorpusOptions): Corpus => {
  if (!Number.isInteger(opts.journeys) || opts.journeys < 1 || opts.journeys > JOURNEYS_MAX)
    throw new CorpusOptionsInvalid({ message: `journeys must be an integer in 1..${JOURNEYS_MAX}, got ${opts.journeys}` })
  if (!Number.isInteger(opts.rounds_per_journey) || opts.rounds_per_journey < 1 || opts.rounds_per_journey > ROUNDS_PER_JOURNEY_MAX)
    throw new CorpusOptionsInvalid({ message: `rounds per journey must be an integer in 1..${ROUNDS_PER_JOURNEY_MAX}, got ${opts.rounds_per_journey}` })
  const salt = opts.salt ?? randomBytes(16).toString("hex")
  const namespace = opts.transaction_namespace ?? TRANSACTION_NAMESPACE
  const journeys: CorpusJourney[] = []
  for (let j = 0; j < opts.journeys; j++) {
    const acct = new Account(actorSigner(`loadtest/${salt}/journey-${j}`), namespace)
    journeys.push(opts.kind === "roulette" ? rouletteJourney(acct, j, opts.rounds_per_journey) : mixedJourney(acct, j))
  }
  if (opts.kind === "roulette") return { format: CORPUS_FORMAT, kind: "roulette", salt, transaction_namespace: namespace, admin_public_key: null, setup: [], journeys }
  const admin = new Account(corpusAdmin(salt), namespace)
  const setup = [
    admin.submission([
      { _tag: "SeedAmm", rng_amount: AMM_SEED_RNG, usdt_amount: AMM_SEED_VUSDT, boot_num: 1n, boot_den: 1n },
      { _tag: "FinalizeAmmBootstrap" }
    ])
  ]
  return { format: CORPUS_FORMAT, kind: "journeys", salt, transaction_namespace: namespace, admin_public_key: admin.signer.public_key, setup, journeys }
}

/** the admin key of a corpus (start the service with it in --admin-keys) */
export const corpusAdmin = (salt: string): Signer => actorSigner(`loadtest/${salt}/admin`)

export const writeCorpus = (path: string, corpus: Corpus): number => {
  mkdirSync(dirname(path), { recursive: true })
  const text = JSON.stringify(Schema.encodeSync(Corpus)(corpus))
  writeFileSync(path, text)
  return Buffer.byteLength(text)
}

/** signed transactions in a corpus (setup included, alternatives not) */
export const corpusTransactions = (c: Corpus): number =>
  c.setup.reduce((n, s) => n + s.transactions, 0) + c.journeys.reduce((n, j) => n + j.steps.reduce((m, s) => m + s.transactions, 0), 0)
