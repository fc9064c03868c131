/**
 * The player's side of the indexer API: JSON reads, signed submissions (engine codecs and
 * signatures, services/api/submission.ts framing) and the account's /updates stream, from which
 * results are taken (the authoritative events of finalized blocks, never a guess of the page).
 */
import { Either, Schema } from "effect"
import { Event } from "../../../engine/events.ts"
import type { Instruction } from "../../../engine/tx/instruction.ts"
import { signTransaction, type Signer } from "../../../engine/tx/sign.ts"
import { transactionId } from "../../../engine/tx/transaction.ts"
import { encodeSubmission } from "../../../services/api/submission.ts"
import { apiBase, updatesUrl } from "./config.ts"

export const REQUEST_TIMEOUT_MS = 15_000
/** frames kept for late waiters (a bounded window of the stream) */
export const FRAMES_KEPT_MAX = 512
/** how long a submission may take to be finalized before the page says so */
export const FINALIZE_TIMEOUT_MS = 60_000

export class ApiFailure extends Error {
  readonly _tag = "ApiFailure"
  constructor(
    readonly status: number | null,
    message: string,
    readonly code: number | null = null
  ) {
    super(message)
  }
}

const errorBody = Schema.decodeUnknownEither(Schema.Struct({ error: Schema.String, code: Schema.Number, message: Schema.String }))

const failureOf = (status: number, body: unknown): ApiFailure => {
  const e = errorBody(body)
  return Either.isRight(e) ? new ApiFailure(status, `${e.right.error} (${e.right.code}): ${e.right.message}`, e.right.code) : new ApiFailure(status, `HTTP ${status}`)
}

/** GET a JSON answer; non-200 answers become an ApiFailure carrying the API's error code */
export const getJson = async (path: string): Promise<unknown> => {
  let res: Response
  try {
    res = await fetch(`${apiBase()}${path}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
  } catch (e) {
    throw new ApiFailure(null, `the API at ${apiBase()} did not answer: ${e instanceof Error ? e.message : String(e)}`)
  }
  const body: unknown = await res.json().catch(() => null)
  if (res.status !== 200) throw failureOf(res.status, body)
  return body
}

const NonceAnswer = Schema.decodeUnknownSync(Schema.Struct({ nonce: Schema.String }))

export const nextNonce = async (public_key: string): Promise<bigint> => BigInt(NonceAnswer(await getJson(`/account/${public_key}`)).nonce)

const TxSummary = Schema.Struct({
  tx_id: Schema.String,
  status: Schema.String,
  error: Schema.NullOr(Schema.Struct({ tag: Schema.String, code: Schema.Number, message: Schema.String }))
})
const Frame = Schema.Struct({ height: Schema.String, view: Schema.String, events: Schema.Array(Schema.Unknown), transactions: Schema.Array(TxSummary) })
const decodeFrame = Schema.decodeUnknownEither(Schema.parseJson(Frame))
const decodeEvent = Schema.decodeUnknownEither(Event)

export interface TxOutcome {
  readonly tx_id: string
  readonly status: string
  readonly error: { readonly tag: string; readonly code: number; readonly message: string } | null
  readonly height: string
}

export interface BlockFrame {
  readonly height: string
  readonly view: string
  readonly events: ReadonlyArray<Event>
  readonly transactions: ReadonlyArray<TxOutcome>
}

type Waiter = (frame: BlockFrame) => void

/** the account's finalized blocks as they arrive (one WebSocket; reconnects are the page's reload) */
export class AccountStream {
  private readonly frames: BlockFrame[] = []
  private readonly waiters = new Set<Waiter>()
  private readonly socket: WebSocket
  readonly opened: Promise<void>

  constructor(
    readonly public_key: string,
    private readonly onFrame: (f: BlockFrame) => void = () => {}
  ) {
    this.socket = new WebSocket(updatesUrl(`account=${public_key}`))
    this.opened = new Promise((resolve, reject) => {
      this.socket.addEventListener("open", () => resolve(), { once: true })
      this.socket.addEventListener("error", () => reject(new ApiFailure(null, `the updates stream at ${updatesUrl("")} did not open`)), { once: true })
    })
    this.socket.addEventListener("message", (m) => {
      if (typeof m.data !== "string") return
      const f = decodeFrame(m.data)
      if (Either.isLeft(f)) return
      const events: Event[] = []
      for (const raw of f.right.events) {
        const e = decodeEvent(raw)
        if (Either.isRight(e)) events.push(e.right)
      }
      const frame: BlockFrame = {
        height: f.right.height,
        view: f.right.view,
        events,
        transactions: f.right.transactions.map((t) => ({ ...t, height: f.right.height }))
      }
      this.frames.push(frame)
      if (this.frames.length > FRAMES_KEPT_MAX) this.frames.shift()
      this.onFrame(frame)
      for (const w of [...this.waiters]) w(frame)
    })
  }

  /** the outcomes of these transactions and the events of the blocks that carried them */
  waitFor(tx_ids: ReadonlyArray<string>, timeout_ms = FINALIZE_TIMEOUT_MS): Promise<{ readonly outcomes: ReadonlyArray<TxOutcome>; readonly events: ReadonlyArray<Event> }> {
    const wanted = new Set(tx_ids)
    const outcomes = new Map<string, TxOutcome>()
    const events: Event[] = []
    const take = (f: BlockFrame): void => {
      let ours = false
      for (const t of f.transactions)
        if (wanted.has(t.tx_id) && !outcomes.has(t.tx_id)) {
          outcomes.set(t.tx_id, t)
          ours = true
        }
      if (ours) events.push(...f.events)
    }
    for (const f of this.frames) take(f)
    const done = () => ({ outcomes: tx_ids.flatMap((id) => outcomes.get(id) ?? []), events })
    if (outcomes.size === wanted.size) return Promise.resolve(done())
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter)
        reject(new ApiFailure(null, `not finalized within ${timeout_ms / 1000} s: ${wanted.size - outcomes.size} of ${wanted.size} transactions pending`))
      }, timeout_ms)
      const waiter: Waiter = (f) => {
        take(f)
        if (outcomes.size < wanted.size) return
        clearTimeout(timer)
        this.waiters.delete(waiter)
        resolve(done())
      }
      this.waiters.add(waiter)
    })
  }

  close(): void {
    this.socket.close()
  }
}

const Accepted = Schema.decodeUnknownEither(Schema.Struct({ accepted: Schema.Number, tx_ids: Schema.Array(Schema.String) }))

/**
 * sign the instructions with consecutive nonces from the account's next nonce, submit them as one
 * batch, and wait for the finalized outcome of each (the stream must be the signer's)
 */
export const submitAndWait = async (stream: AccountStream, signer: Signer, instructions: ReadonlyArray<Instruction>) => {
  await stream.opened
  const nonce = await nextNonce(signer.public_key)
  const txs = instructions.map((ix, i) => signTransaction(signer, nonce + BigInt(i), ix))
  const body = encodeSubmission(txs)
  let res: Response
  try {
    res = await fetch(`${apiBase()}/submit`, { method: "POST", body, headers: { "content-type": "application/octet-stream" }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
  } catch (e) {
    throw new ApiFailure(null, `the API at ${apiBase()} did not answer: ${e instanceof Error ? e.message : String(e)}`)
  }
  const answer: unknown = await res.json().catch(() => null)
  if (res.status !== 200) throw failureOf(res.status, answer)
  const ok = Accepted(answer)
  if (Either.isLeft(ok)) throw new ApiFailure(res.status, "the API's answer to /submit is not {accepted, tx_ids}")
  const ids = txs.map(transactionId)
  return stream.waitFor(ids)
}
