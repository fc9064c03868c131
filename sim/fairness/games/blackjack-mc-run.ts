/**
 * A long seeded Monte Carlo of the engine's blackjack main bets (and, for the same cross-check,
 * the Ultimate Hold'em main bet), in the harness's metric (Σ returned / Σ staked, delta-method
 * standard error), on worker threads:
 *   npx tsx sim/fairness/games/blackjack-mc-run.ts <blackjack|ultimate_holdem> <rounds per bet> [workers] [tag] [bet index]
 * Round i of a bet comes from the stream sha256("nullspace/mc/<tag>/<bet key>/<chunk>"), chunks of
 * 20 000 rounds, so a figure is reproducible whatever the worker count. Prints one JSON line per bet
 * with the stated theory, the measurement and (measured − theory) / standard error.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads"
import { sha256 } from "../../../engine/crypto/sha256.ts"
import { utf8 } from "../../../engine/codec/bytes.ts"
import { streamOutcomes } from "../../../engine/games/outcomes.ts"
import { RandomStream } from "../../../engine/random/stream.ts"
import type { FairnessBet } from "../types.ts"
import { BLACKJACK_FAIRNESS } from "./blackjack.ts"
import { UTH_FAIRNESS } from "./ultimate-holdem.ts"

const CHUNK_ROUNDS = 20_000
const CHUNKS_MAX = 100_000

interface Sums {
  n: number
  s: number
  r: number
  ss: number
  rr: number
  rs: number
}

const betsOf = (game: string): ReadonlyArray<FairnessBet> =>
  (game === "blackjack" ? BLACKJACK_FAIRNESS : game === "ultimate_holdem" ? UTH_FAIRNESS : []).filter((b) => b.bet_type.startsWith("main") || b.bet_type.startsWith("ANTE"))

const keyOf = (b: FairnessBet): string => `${b.game}|${b.bet_type}|${b.rules}`

const playChunk = (b: FairnessBet, tag: string, chunk: number): Sums => {
  const io = streamOutcomes(new RandomStream(sha256(utf8(`nullspace/mc/${tag}/${keyOf(b)}/${chunk}`))))
  const t: Sums = { n: 0, s: 0, r: 0, ss: 0, rr: 0, rs: 0 }
  for (let i = 0; i < CHUNK_ROUNDS; i++) {
    const x = b.playRound(io)
    const s = Number(x.staked)
    const r = Number(x.returned)
    t.n++
    t.s += s
    t.r += r
    t.ss += s * s
    t.rr += r * r
    t.rs += r * s
  }
  return t
}

interface Job {
  readonly game: string
  readonly bet: number
  readonly tag: string
  readonly chunks: ReadonlyArray<number>
}

const isJob = (x: unknown): x is Job => typeof x === "object" && x !== null && "game" in x && "bet" in x && "chunks" in x

if (!isMainThread) {
  if (!isJob(workerData) || parentPort === null) throw new Error("blackjack-mc-run worker needs a job")
  const b = betsOf(workerData.game)[workerData.bet]
  if (b === undefined) throw new Error(`no bet ${workerData.bet}`)
  const total: Sums = { n: 0, s: 0, r: 0, ss: 0, rr: 0, rs: 0 }
  for (const c of workerData.chunks) {
    const t = playChunk(b, workerData.tag, c)
    total.n += t.n
    total.s += t.s
    total.r += t.r
    total.ss += t.ss
    total.rr += t.rr
    total.rs += t.rs
  }
  parentPort.postMessage(total)
} else {
  const game = process.argv[2] ?? "blackjack"
  const rounds = Number(process.argv[3] ?? "1000000")
  const workers = Number(process.argv[4] ?? "2")
  const tag = process.argv[5] ?? "a"
  const only = process.argv[6] === undefined ? undefined : Number(process.argv[6])
  const chunks = Math.ceil(rounds / CHUNK_ROUNDS)
  if (!Number.isInteger(workers) || workers < 1 || workers > 64 || chunks < 1 || chunks > CHUNKS_MAX) throw new Error("bad arguments")
  const url = new URL(import.meta.url).href
  const bets = betsOf(game)
  for (let bi = 0; bi < bets.length; bi++) {
    const b = bets[bi]
    if (b === undefined || (only !== undefined && only !== bi)) continue
    const t0 = process.hrtime.bigint()
    const parts = await Promise.all(
      Array.from(
        { length: workers },
        (_, w) =>
          new Promise<Sums>((resolve, reject) => {
            const job: Job = { game, bet: bi, tag, chunks: Array.from({ length: chunks }, (_, c) => c).filter((c) => c % workers === w) }
            const worker = new Worker(`import("tsx/esm/api").then((tsx) => tsx.tsImport(${JSON.stringify(url)}, ${JSON.stringify(url)}))`, { eval: true, workerData: job })
            worker.on("message", (m: Sums) => {
              resolve(m)
              void worker.terminate()
            })
            worker.on("error", reject)
          })
      )
    )
    const t = parts.reduce((a, x) => ({ n: a.n + x.n, s: a.s + x.s, r: a.r + x.r, ss: a.ss + x.ss, rr: a.rr + x.rr, rs: a.rs + x.rs }))
    const rtp = t.r / t.s
    const d2 = t.rr - 2 * rtp * t.rs + rtp * rtp * t.ss
    const se = Math.sqrt(d2 / (t.n * (t.n - 1))) / (t.s / t.n)
    const theory = b.theoretical_rtp
    console.log(
      JSON.stringify({ bet: keyOf(b), tag, rounds: t.n, theory, measured: rtp, se, z: (rtp - theory) / se, seconds: Number(process.hrtime.bigint() - t0) / 1e9 })
    )
  }
}
