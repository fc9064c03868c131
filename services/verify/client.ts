/**
 * The typed client of a Null/Space API that trusts nothing it is told: every answer it returns has
 * been checked with public data (the validator set and group key it is given or learns from the
 * first bundle, and pins). `session(id)` checks a game session end to end (check.ts), `state` a
 * state row against a certified root (state-answer.ts), `seed` a view's seed (seed-answer.ts).
 * `verifyUpdate(frame)` checks an /updates frame (update-frame.ts) against the pinned set, and
 * `updates({source, …})` subscribes to /updates through a FrameSource (ws-source.ts in Node, the
 * browser's WebSocket elsewhere) and yields every frame with its report.
 * The explorer methods (`explorerBlocks`, `explorerBlock`, `explorerTransaction`, `explorerAccount`,
 * `explorerSession`, `explorerGames`, `explorerSearch`) return schema-checked indexer answers.
 * Transport failures and non-200 answers come back as a typed ClientFailure, never as a verdict.
 */
import { Data, Effect, Either, Schema } from "effect"
import { BlockPage, ExplorerAccount, ExplorerBlock, ExplorerSession, ExplorerTransaction, GamesPage, SearchResult } from "../explorer/json.ts"
import { ChainIdentityJson, SessionVerification } from "./bundle.ts"
import { verifySessionBundle, type VerificationReport } from "./check.ts"
import { verifySeedAnswer } from "./seed-answer.ts"
import { verifyStateAnswer } from "./state-answer.ts"
import type { TrustedSet } from "./trusted-set.ts"
import { verifyUpdateFrame, type UpdateFrameReport } from "./update-frame.ts"

/** how the client opens a WebSocket: ws-source.ts (Node, `ws`) or a browser adapter; text frames, close and error as callbacks */
export type FrameSource = (
  url: string,
  on: { readonly frame: (text: string) => void; readonly close: (code: number, reason: string) => void; readonly error: (message: string) => void }
) => { readonly close: () => void }

export interface UpdatesOptions {
  readonly source: FrameSource
  /** only frames naming this public key (64 hex), or only this session's; not both */
  readonly account?: string
  readonly session?: bigint
  /** the subscription ends after this many frames (bounded) */
  readonly frames_max: number
  /** and at the latest this long after it opened */
  readonly timeout_ms: number
}

export interface VerifiedUpdate {
  /** the frame as received (parsed JSON); trust it only when `report.ok` */
  readonly frame: unknown
  readonly report: UpdateFrameReport
}

/** frames received but not yet taken by the consumer; more closes the subscription with a failure */
export const UPDATES_QUEUE_MAX = 1_024

export class ClientFailure extends Data.TaggedError("ClientFailure")<{ readonly url: string; readonly status: number | null; readonly message: string }> {}

const REQUEST_TIMEOUT_MS = 30_000
const decodeIdentity = Schema.decodeUnknownEither(Schema.Struct({ identity: ChainIdentityJson }))
const isBundle = Schema.is(SessionVerification)

export class NullspaceClient {
  private pinned: TrustedSet | null

  constructor(
    readonly api: string,
    trusted: { readonly group_key?: string; readonly set?: TrustedSet } = {}
  ) {
    this.pinned = trusted.set ?? null
    this.group_key = trusted.group_key?.toLowerCase() ?? trusted.set?.group_key ?? null
  }

  private readonly group_key: string | null

  private get(path: string): Effect.Effect<unknown, ClientFailure> {
    const url = `${this.api.replace(/\/$/, "")}${path}`
    return Effect.tryPromise({
      try: async () => {
        const res = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
        const body: unknown = await res.json()
        return { status: res.status, body }
      },
      catch: (e) => new ClientFailure({ url, status: null, message: e instanceof Error ? `${e.message}${e.cause instanceof Error ? ` (${e.cause.message})` : ""}` : String(e) })
    }).pipe(Effect.flatMap(({ status, body }) => (status === 200 ? Effect.succeed(body) : Effect.fail(new ClientFailure({ url, status, message: JSON.stringify(body).slice(0, 500) })))))
  }

  /** a session's checks (and, the first time, the validator set it names, pinned if its group key is the trusted one) */
  session(id: bigint): Effect.Effect<VerificationReport, ClientFailure> {
    return Effect.map(this.get(`/session/${id}/verification`), (body) => {
      const report = verifySessionBundle(body, this.group_key === null ? {} : { trusted_group_key: this.group_key })
      const identity = decodeIdentity(body)
      if (this.pinned === null && report.ok && isBundle(body) && identity._tag === "Right" && (this.group_key === null || identity.right.identity.group_key === this.group_key))
        this.pinned = identity.right.identity
      return report
    })
  }

  /** a state row checked against a certified root (certified needs a known validator set) */
  state(table: string, key: string) {
    return Effect.map(this.get(`/state/${encodeURIComponent(table)}/${encodeURIComponent(key)}`), (body) => ({ body, ...verifyStateAnswer(body, this.pinned) }))
  }

  /** a view's seed checked against the group key (needs a known validator set) */
  seed(view: bigint) {
    return Effect.flatMap(this.get(`/seed/${view}`), (body) =>
      this.pinned === null
        ? Effect.fail(new ClientFailure({ url: `${this.api}/seed/${view}`, status: null, message: "no validator set known: verify a session first, or pass the set" }))
        : Effect.succeed({ body, ...verifySeedAnswer(body, this.pinned) })
    )
  }

  /** a schema-checked explorer answer (indexer-asserted, not proven: check a session with `session`) */
  private explorer<A, I>(schema: Schema.Schema<A, I>, path: string): Effect.Effect<A, ClientFailure> {
    return Effect.flatMap(this.get(path), (body) =>
      Schema.decodeUnknownEither(schema)(body).pipe(
        Either.mapLeft((e) => new ClientFailure({ url: `${this.api}${path}`, status: 200, message: `the answer does not match its schema: ${e.message.slice(0, 300)}` }))
      )
    )
  }

  /** finalized blocks, newest first (`before` a height, `limit` ≤ 200) */
  explorerBlocks(page: { readonly before?: bigint; readonly limit?: number } = {}) {
    const qs = new URLSearchParams({ ...(page.before === undefined ? {} : { before: page.before.toString() }), ...(page.limit === undefined ? {} : { limit: String(page.limit) }) })
    return this.explorer(BlockPage, `/explorer/blocks${qs.size === 0 ? "" : `?${qs}`}`)
  }

  /** one block by height or digest */
  explorerBlock(id: bigint | string) {
    return this.explorer(ExplorerBlock, `/explorer/blocks/${encodeURIComponent(id.toString())}`)
  }

  explorerTransaction(hash: string) {
    return this.explorer(ExplorerTransaction, `/explorer/tx/${encodeURIComponent(hash)}`)
  }

  /** an account's indexed transactions, newest first (`before` is a previous answer's next_before) */
  explorerAccount(public_key: string, page: { readonly before?: string; readonly limit?: number } = {}) {
    const qs = new URLSearchParams({ ...(page.before === undefined ? {} : { before: page.before }), ...(page.limit === undefined ? {} : { limit: String(page.limit) }) })
    return this.explorer(ExplorerAccount, `/explorer/account/${encodeURIComponent(public_key)}${qs.size === 0 ? "" : `?${qs}`}`)
  }

  explorerSession(id: bigint) {
    return this.explorer(ExplorerSession, `/explorer/sessions/${id}`)
  }

  explorerGames(public_key: string, page: { readonly before?: bigint; readonly limit?: number } = {}) {
    const qs = new URLSearchParams({ ...(page.before === undefined ? {} : { before: page.before.toString() }), ...(page.limit === undefined ? {} : { limit: String(page.limit) }) })
    return this.explorer(GamesPage, `/explorer/games/${encodeURIComponent(public_key)}${qs.size === 0 ? "" : `?${qs}`}`)
  }

  explorerSearch(q: string) {
    return this.explorer(SearchResult, `/explorer/search?${new URLSearchParams({ q })}`)
  }

  /** an /updates frame checked against the pinned validator set (certified needs one); `complete` for an unfiltered subscription's frames */
  verifyUpdate(frame: unknown, options: { readonly complete?: boolean } = {}): UpdateFrameReport {
    return verifyUpdateFrame(frame, this.pinned, options)
  }

  /**
   * Subscribes to /updates and yields every frame with its report (unfiltered frames are checked
   * as complete). Ends after `frames_max` frames or `timeout_ms`; a closed socket, a frame that is
   * not JSON or a consumer more than UPDATES_QUEUE_MAX frames behind ends it with a ClientFailure.
   */
  async *updates(options: UpdatesOptions): AsyncGenerator<VerifiedUpdate, void, undefined> {
    const base = this.api.replace(/\/$/, "").replace(/^http/, "ws")
    const qs = new URLSearchParams({ ...(options.account === undefined ? {} : { account: options.account }), ...(options.session === undefined ? {} : { session: options.session.toString() }) })
    const url = `${base}/updates${qs.size === 0 ? "" : `?${qs}`}`
    const complete = options.account === undefined && options.session === undefined
    const queue: VerifiedUpdate[] = []
    let ended: ClientFailure | "done" | null = null
    let wake: (() => void) | null = null
    const notify = () => {
      const w = wake
      wake = null
      w?.()
    }
    const end = (why: ClientFailure | "done") => {
      if (ended === null) ended = why
      notify()
    }
    const socket = options.source(url, {
      frame: (text) => {
        if (ended !== null) return
        let frame: unknown
        try {
          frame = JSON.parse(text)
        } catch {
          return end(new ClientFailure({ url, status: null, message: "a frame that is not JSON" }))
        }
        if (queue.length >= UPDATES_QUEUE_MAX) return end(new ClientFailure({ url, status: null, message: `more than ${UPDATES_QUEUE_MAX} frames not taken` }))
        queue.push({ frame, report: this.verifyUpdate(frame, { complete }) })
        notify()
      },
      close: (code, reason) => end(new ClientFailure({ url, status: null, message: `the subscription closed (${code} ${reason.slice(0, 200)})` })),
      error: (message) => end(new ClientFailure({ url, status: null, message }))
    })
    const timer = setTimeout(() => end("done"), options.timeout_ms)
    try {
      for (let taken = 0; taken < options.frames_max; ) {
        const next = queue.shift()
        if (next !== undefined) {
          taken++
          yield next
          continue
        }
        if (ended === "done") return
        if (ended !== null) throw ended
        await new Promise<void>((resolve) => (wake = resolve))
      }
    } finally {
      clearTimeout(timer)
      socket.close()
    }
  }

  /** the validator set answers are checked against, once known */
  get trusted(): TrustedSet | null {
    return this.pinned
  }
}
