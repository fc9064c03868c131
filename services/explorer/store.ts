/**
 * `ExplorerStore`: blocks, transactions, accounts, game sessions and search over finalized blocks,
 * in SQL (one schema and migration set, migrations.ts) on PGlite or Postgres (sql.ts).
 *
 * Ingestion is idempotent and safe with several writers: each batch (≤ INGEST_BATCH_BLOCKS_MAX
 * blocks) is one transaction under a per-schema advisory lock; heights already indexed with the
 * same digest are skipped, a different digest is an ExplorerConflict (finalized history never
 * changes) and the batch changes nothing. `indexedThrough` is the end of the contiguous run of
 * indexed heights, where an indexer resumes after a restart (a gap left by a crash or a slow
 * subscriber is refilled then). Reads are bounded: pages ≤ their stated maxima, sessions ≤
 * SESSION_STEPS_READ_MAX steps. Outputs are read back with the engine's codecs.
 */
import { Context, Effect, Schema } from "effect"
import { decodeExact } from "../../engine/codec/codec.ts"
import { toHex } from "../../engine/codec/bytes.ts"
import { Event } from "../../engine/events.ts"
import { decodeTxOutputBytes } from "../../engine/execute/events-root.ts"
import { Instruction } from "../../engine/tx/instruction.ts"
import { TRANSACTION_CODEC } from "../../engine/tx/transaction.ts"
import type { FinalizedBlock } from "../node/proposer.ts"
import { dbError, ExplorerConflict, ExplorerDatabaseError, type ExplorerStoreError } from "./errors.ts"
import type { AccountEntry, BlockPage, ExplorerAccount, ExplorerBlock, ExplorerSession, ExplorerTransaction, GamesPage, SearchHit, SearchResult } from "./json.ts"
import { lockKey, migrate, SCHEMA_NAME_PATTERN } from "./migrations.ts"
import { ACCOUNT_COLUMNS, BLOCK_COLUMNS, blockRows, SESSION_COLUMNS, sessionOf, TX_COLUMNS, type BlockRows } from "./rows.ts"
import type { SqlDriver, SqlQuery, SqlValue } from "./sql.ts"

/** blocks written per transaction (chain-and-services.md §3.10 batch size) */
export const INGEST_BATCH_BLOCKS_MAX = 64
export const BLOCKS_PAGE_DEFAULT = 20
export const BLOCKS_PAGE_MAX = 200
export const ACCOUNT_PAGE_DEFAULT = 20
export const ACCOUNT_PAGE_MAX = 100
export const GAMES_PAGE_DEFAULT = 20
export const GAMES_PAGE_MAX = 100
/** steps one session answer carries at most */
export const SESSION_STEPS_READ_MAX = 1_024
/** parameters per statement (Postgres allows 65,535) */
const PARAMS_PER_STATEMENT_MAX = 30_000

export interface IngestReport {
  /** blocks written now */
  readonly inserted: number
  /** blocks that were already indexed (same digest) */
  readonly skipped: number
  /** transactions of the blocks written now */
  readonly transactions_inserted: number
}

export type SearchQuery = { readonly _tag: "Decimal"; readonly value: bigint } | { readonly _tag: "Hex"; readonly value: string }

export interface AccountCursor {
  readonly height: bigint
  readonly position: number
}

export interface ExplorerStoreShape {
  readonly backend: SqlDriver["kind"]
  readonly schema: string
  readonly ingest: (blocks: ReadonlyArray<FinalizedBlock>) => Effect.Effect<IngestReport, ExplorerStoreError>
  /** every height up to this one is indexed (0: none); an indexer resumes after it */
  readonly indexedThrough: Effect.Effect<bigint, ExplorerDatabaseError>
  readonly latestHeight: Effect.Effect<bigint | null, ExplorerDatabaseError>
  readonly blocks: (before: bigint | null, limit: number) => Effect.Effect<BlockPage, ExplorerDatabaseError>
  readonly block: (id: { readonly height: bigint } | { readonly digest: string }) => Effect.Effect<ExplorerBlock | null, ExplorerDatabaseError>
  readonly transaction: (hash: string) => Effect.Effect<ExplorerTransaction | null, ExplorerDatabaseError>
  readonly account: (public_key: string, before: AccountCursor | null, limit: number) => Effect.Effect<ExplorerAccount | null, ExplorerDatabaseError>
  readonly session: (session_id: bigint) => Effect.Effect<ExplorerSession | null, ExplorerDatabaseError>
  readonly games: (public_key: string, before: bigint | null, limit: number) => Effect.Effect<GamesPage, ExplorerDatabaseError>
  readonly search: (q: SearchQuery) => Effect.Effect<SearchResult | null, ExplorerDatabaseError>
}

export class ExplorerStore extends Context.Tag("nullspace/services/ExplorerStore")<ExplorerStore, ExplorerStoreShape>() {}

const BlockRow = Schema.Struct({
  height: Schema.String,
  view: Schema.String,
  digest: Schema.String,
  parent: Schema.String,
  state_root: Schema.String,
  events_root: Schema.String,
  seed: Schema.String,
  tx_count: Schema.Number,
  indexed_at_ms: Schema.String
})
const TxRow = Schema.Struct({
  height: Schema.String,
  position: Schema.Number,
  tx_id: Schema.String,
  digest: Schema.String,
  instruction: Schema.String,
  status: Schema.Literal("applied", "failed", "skipped"),
  error_tag: Schema.NullOr(Schema.String),
  error_code: Schema.NullOr(Schema.Number),
  error_message: Schema.NullOr(Schema.String),
  tx_bytes: Schema.Uint8ArrayFromSelf,
  output_bytes: Schema.Uint8ArrayFromSelf
})
const TxIdRow = Schema.Struct({ height: Schema.String, tx_id: Schema.String })
const HeightDigestRow = Schema.Struct({ height: Schema.String, digest: Schema.String })
const AccountRow = Schema.Struct({ height: Schema.String, position: Schema.Number, signer: Schema.Boolean, tx_id: Schema.String, instruction: Schema.String, status: Schema.String })
const AccountSummaryRow = Schema.Struct({ n: Schema.Number, first_height: Schema.NullOr(Schema.String), last_height: Schema.NullOr(Schema.String) })
const SessionRow = Schema.Struct({ player: Schema.String, height: Schema.String, position: Schema.Number, tx_id: Schema.String, instruction: Schema.String, status: Schema.String, output_bytes: Schema.Uint8ArrayFromSelf })
const ValueRow = Schema.Struct({ v: Schema.NullOr(Schema.String) })

const rowsOf = <A, I>(schema: Schema.Schema<A, I>, rows: ReadonlyArray<unknown>): ReadonlyArray<A> => Schema.decodeUnknownSync(Schema.Array(schema))(rows)

const encodeEvent = Schema.encodeSync(Event)
const encodeInstruction = Schema.encodeSync(Instruction)
const isIdentifier = (s: string) => SCHEMA_NAME_PATTERN.test(s)

/** a plain Uint8Array over a driver's bytes (pg gives Buffers) */
const plain = (b: Uint8Array): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)

const outputEvents = (bytes: Uint8Array): ReadonlyArray<Event> => {
  const out = decodeTxOutputBytes(plain(bytes))
  if (out instanceof Error) throw new ExplorerDatabaseError({ message: `stored output bytes do not decode: ${out.message}` })
  return out.events
}

/** multi-row INSERT … ON CONFLICT DO NOTHING, split to stay under the parameter limit */
const insertAll = async (tx: SqlQuery, table: string, columns: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<SqlValue>>): Promise<void> => {
  const per = Math.max(1, Math.floor(PARAMS_PER_STATEMENT_MAX / columns.length))
  for (let from = 0; from < rows.length; from += per) {
    const chunk = rows.slice(from, from + per)
    const params: SqlValue[] = []
    const tuples = chunk.map((r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(",")})`)
    await tx.query(`INSERT INTO ${table} (${columns.join(",")}) VALUES ${tuples.join(",")} ON CONFLICT DO NOTHING`, params)
  }
}

export interface ExplorerStoreOptions {
  /** the Postgres schema holding the tables (default `explorer`) */
  readonly schema?: string
  /** wall clock for indexed_at_ms (tests pin it) */
  readonly now_ms?: () => number
  /** keep only the newest this many heights (older rows are deleted after each batch); 0 (default) keeps everything */
  readonly retain_blocks?: number
}

/** the store over a driver: migrates, then serves. The driver stays the caller's to close. */
export const makeExplorerStore = (db: SqlDriver, options: ExplorerStoreOptions = {}): Effect.Effect<ExplorerStoreShape, ExplorerDatabaseError> =>
  Effect.gen(function* () {
    const schema = options.schema ?? "explorer"
    if (!isIdentifier(schema)) return yield* Effect.fail(new ExplorerDatabaseError({ message: `schema name ${JSON.stringify(schema.slice(0, 80))} must match ${SCHEMA_NAME_PATTERN}` }))
    const now_ms = options.now_ms ?? Date.now
    const retain = Math.max(0, Math.floor(options.retain_blocks ?? 0))
    yield* Effect.tryPromise({ try: () => migrate(db, schema), catch: dbError("migrating the explorer schema") })
    const s = schema
    const run = <A>(what: string, f: () => Promise<A>): Effect.Effect<A, ExplorerDatabaseError> =>
      Effect.tryPromise({ try: f, catch: (e) => (e instanceof ExplorerDatabaseError ? e : dbError(what)(e)) })

    const latestIn = async (q: SqlQuery): Promise<bigint | null> => {
      const v = rowsOf(ValueRow, await q.query(`SELECT max(height)::text AS v FROM ${s}.blocks`))[0]?.v ?? null
      return v === null ? null : BigInt(v)
    }

    const ingestBatch = (rows: ReadonlyArray<BlockRows>): Promise<IngestReport> =>
      db.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock($1)`, [lockKey(s, "ingest")])
        const lo = rows.reduce((m, r) => (r.height < m ? r.height : m), rows[0]?.height ?? 0n)
        const hi = rows.reduce((m, r) => (r.height > m ? r.height : m), 0n)
        const existing = new Map(
          rowsOf(HeightDigestRow, await tx.query(`SELECT height::text AS height, digest FROM ${s}.blocks WHERE height BETWEEN $1 AND $2`, [lo.toString(), hi.toString()])).map((r) => [
            BigInt(r.height),
            r.digest
          ])
        )
        const fresh: BlockRows[] = []
        for (const r of rows) {
          const indexed = existing.get(r.height)
          if (indexed === undefined) {
            fresh.push(r)
            existing.set(r.height, r.digest)
          } else if (indexed !== r.digest) throw new ExplorerConflict({ height: r.height, indexed, offered: r.digest })
        }
        await insertAll(tx, `${s}.blocks`, BLOCK_COLUMNS, fresh.map((r) => r.block))
        await insertAll(tx, `${s}.transactions`, TX_COLUMNS, fresh.flatMap((r) => r.txs))
        await insertAll(tx, `${s}.account_txs`, ACCOUNT_COLUMNS, fresh.flatMap((r) => r.accounts))
        await insertAll(tx, `${s}.session_txs`, SESSION_COLUMNS, fresh.flatMap((r) => r.sessions))
        if (retain > 0 && fresh.length > 0) {
          const below = (await latestIn(tx)) ?? 0n
          const cut = (below - BigInt(retain)).toString()
          for (const t of ["session_txs", "account_txs", "transactions", "blocks"]) await tx.query(`DELETE FROM ${s}.${t} WHERE height <= $1`, [cut])
        }
        return { inserted: fresh.length, skipped: rows.length - fresh.length, transactions_inserted: fresh.reduce((n, r) => n + r.txs.length, 0) }
      })

    const ingest = (blocks: ReadonlyArray<FinalizedBlock>): Effect.Effect<IngestReport, ExplorerStoreError> =>
      Effect.gen(function* () {
        let inserted = 0
        let skipped = 0
        let transactions_inserted = 0
        const at = now_ms()
        for (let from = 0; from < blocks.length; from += INGEST_BATCH_BLOCKS_MAX) {
          const rows = blocks.slice(from, from + INGEST_BATCH_BLOCKS_MAX).map((fb) => blockRows(fb, at))
          const r = yield* Effect.tryPromise({ try: () => ingestBatch(rows), catch: (e) => (e instanceof ExplorerConflict ? e : dbError("indexing blocks")(e)) })
          inserted += r.inserted
          skipped += r.skipped
          transactions_inserted += r.transactions_inserted
        }
        return { inserted, skipped, transactions_inserted }
      })

    const txHashes = async (lo: bigint, hi: bigint): Promise<Map<string, string[]>> => {
      const m = new Map<string, string[]>()
      const rows = rowsOf(TxIdRow, await db.query(`SELECT height::text AS height, tx_id FROM ${s}.transactions WHERE height BETWEEN $1 AND $2 ORDER BY height, position`, [lo.toString(), hi.toString()]))
      for (const r of rows) {
        const list = m.get(r.height)
        if (list === undefined) m.set(r.height, [r.tx_id])
        else list.push(r.tx_id)
      }
      return m
    }

    const blockJson = (r: typeof BlockRow.Type, hashes: ReadonlyArray<string>): ExplorerBlock => ({
      height: r.height,
      view: r.view,
      block_digest: r.digest,
      parent: r.parent,
      state_root: r.state_root,
      events_root: r.events_root,
      seed: r.seed,
      tx_count: r.tx_count,
      tx_hashes: hashes,
      indexed_at_ms: r.indexed_at_ms
    })
    const BLOCK_SELECT = `SELECT height::text AS height, view::text AS view, digest, parent, state_root, events_root, seed, tx_count, indexed_at_ms::text AS indexed_at_ms FROM ${s}.blocks`

    const latest = (): Promise<bigint | null> => latestIn(db)

    const account = async (pk: string, before: AccountCursor | null, limit: number): Promise<ExplorerAccount | null> => {
      const summary = rowsOf(
        AccountSummaryRow,
        await db.query(`SELECT count(*)::int AS n, min(height)::text AS first_height, max(height)::text AS last_height FROM ${s}.account_txs WHERE public_key = $1`, [pk])
      )[0]
      if (summary === undefined || summary.n === 0 || summary.first_height === null || summary.last_height === null) return null
      const nonce = rowsOf(
        ValueRow,
        await db.query(
          `SELECT t.nonce::text AS v FROM ${s}.account_txs a JOIN ${s}.transactions t ON t.height = a.height AND t.position = a.position
           WHERE a.public_key = $1 AND a.signer AND t.status <> 'skipped' ORDER BY a.height DESC, a.position DESC LIMIT 1`,
          [pk]
        )
      )[0]
      const cursor = before === null ? "" : `AND (a.height, a.position) < ($2::numeric, $3::int)`
      const params: SqlValue[] = before === null ? [pk, limit + 1] : [pk, before.height.toString(), before.position, limit + 1]
      const rows = rowsOf(
        AccountRow,
        await db.query(
          `SELECT a.height::text AS height, a.position, a.signer, t.tx_id, t.instruction, t.status
           FROM ${s}.account_txs a JOIN ${s}.transactions t ON t.height = a.height AND t.position = a.position
           WHERE a.public_key = $1 ${cursor} ORDER BY a.height DESC, a.position DESC LIMIT $${params.length}`,
          params
        )
      )
      const page = rows.slice(0, limit)
      const last = page[page.length - 1]
      const txs: ReadonlyArray<typeof AccountEntry.Type> = page.map((r) => ({
        hash: r.tx_id,
        block_height: r.height,
        position: r.position,
        signer: r.signer,
        instruction_tag: r.instruction,
        status: r.status
      }))
      return {
        public_key: pk,
        tx_count: summary.n,
        last_nonce: nonce?.v ?? null,
        first_height: summary.first_height,
        last_updated_height: summary.last_height,
        txs,
        next_before: rows.length > limit && last !== undefined ? `${last.height}.${last.position}` : null
      }
    }

    const session = async (id: bigint): Promise<ExplorerSession | null> => {
      const rows = rowsOf(
        SessionRow,
        await db.query(
          `SELECT st.player, t.height::text AS height, t.position, t.tx_id, t.instruction, t.status, t.output_bytes
           FROM ${s}.session_txs st JOIN ${s}.transactions t ON t.height = st.height AND t.position = st.position
           WHERE st.session_id = $1 ORDER BY st.height, st.position LIMIT ${SESSION_STEPS_READ_MAX}`,
          [id.toString()]
        )
      )
      const first = rows[0]
      if (first === undefined) return null
      let game_type: string | null = null
      let done: { height: string; payout: string; final_chips: string; was_shielded: boolean; was_doubled: boolean; logs: ReadonlyArray<string> } | null = null
      const steps: Array<ExplorerSession["steps"][number]> = []
      for (const r of rows) {
        const events = outputEvents(r.output_bytes).filter((e) => sessionOf(e) === id)
        for (const e of events) {
          if (e._tag === "GameStarted") game_type = e.game_type
          if (e._tag === "GameCompleted") {
            game_type ??= e.game_type
            done = { height: r.height, payout: e.payout.toString(), final_chips: e.final_chips.toString(), was_shielded: e.was_shielded, was_doubled: e.was_doubled, logs: e.logs }
          }
        }
        steps.push({ hash: r.tx_id, block_height: r.height, position: r.position, instruction_tag: r.instruction, status: r.status, events: events.map((e) => encodeEvent(e)) })
      }
      return {
        session_id: id.toString(),
        player: first.player,
        game_type,
        started_height: first.height,
        completed: done !== null,
        completed_height: done?.height ?? null,
        payout: done?.payout ?? null,
        final_chips: done?.final_chips ?? null,
        was_shielded: done?.was_shielded ?? null,
        was_doubled: done?.was_doubled ?? null,
        logs: done?.logs ?? [],
        steps
      }
    }

    const shape: ExplorerStoreShape = {
      backend: db.kind,
      schema,
      ingest,
      indexedThrough: run("reading the indexed height", async () => {
        const v = rowsOf(
          ValueRow,
          await db.query(`SELECT min(b.height)::text AS v FROM ${s}.blocks b WHERE NOT EXISTS (SELECT 1 FROM ${s}.blocks c WHERE c.height = b.height + 1)`)
        )[0]?.v
        return v === null || v === undefined ? 0n : BigInt(v)
      }),
      latestHeight: run("reading the latest height", latest),
      blocks: (before, limit) =>
        run("listing blocks", async () => {
          const rows = rowsOf(
            BlockRow,
            before === null
              ? await db.query(`${BLOCK_SELECT} ORDER BY height DESC LIMIT $1`, [limit + 1])
              : await db.query(`${BLOCK_SELECT} WHERE height < $1 ORDER BY height DESC LIMIT $2`, [before.toString(), limit + 1])
          )
          const page = rows.slice(0, limit)
          const oldest = page[page.length - 1]
          const newest = page[0]
          const hashes = oldest === undefined || newest === undefined ? new Map<string, string[]>() : await txHashes(BigInt(oldest.height), BigInt(newest.height))
          const top = await latest()
          return {
            blocks: page.map((r) => blockJson(r, hashes.get(r.height) ?? [])),
            next_before: rows.length > limit && oldest !== undefined ? oldest.height : null,
            latest_height: top === null ? null : top.toString()
          }
        }),
      block: (id) =>
        run("reading a block", async () => {
          const rows = rowsOf(
            BlockRow,
            "height" in id ? await db.query(`${BLOCK_SELECT} WHERE height = $1`, [id.height.toString()]) : await db.query(`${BLOCK_SELECT} WHERE digest = $1`, [id.digest])
          )
          const r = rows[0]
          if (r === undefined) return null
          const h = BigInt(r.height)
          return blockJson(r, (await txHashes(h, h)).get(r.height) ?? [])
        }),
      transaction: (hash) =>
        run("reading a transaction", async () => {
          const rows = rowsOf(
            TxRow,
            await db.query(
              `SELECT t.height::text AS height, t.position, t.tx_id, b.digest, t.instruction, t.status, t.error_tag, t.error_code, t.error_message, t.tx_bytes, t.output_bytes
               FROM ${s}.transactions t JOIN ${s}.blocks b ON b.height = t.height WHERE t.tx_id = $1 ORDER BY t.height, t.position LIMIT 1`,
              [hash]
            )
          )
          const r = rows[0]
          if (r === undefined) return null
          const tx = decodeExact(TRANSACTION_CODEC, plain(r.tx_bytes))
          return {
            hash: r.tx_id,
            block_height: r.height,
            block_digest: r.digest,
            position: r.position,
            public_key: tx.public_key,
            nonce: tx.nonce.toString(),
            instruction_tag: r.instruction,
            instruction: encodeInstruction(tx.instruction),
            status: r.status,
            error: r.error_tag === null || r.error_code === null ? null : { tag: r.error_tag, code: r.error_code, message: r.error_message ?? "" },
            events: outputEvents(r.output_bytes).map((e) => encodeEvent(e)),
            output_hex: toHex(plain(r.output_bytes))
          }
        }),
      account: (pk, before, limit) => run("reading an account", () => account(pk, before, limit)),
      session: (id) => run("reading a session", () => session(id)),
      games: (pk, before, limit) =>
        run("listing games", async () => {
          const ids = rowsOf(
            ValueRow,
            before === null
              ? await db.query(`SELECT DISTINCT session_id::text AS v, session_id FROM ${s}.session_txs WHERE player = $1 ORDER BY session_id DESC LIMIT $2`, [pk, limit + 1])
              : await db.query(`SELECT DISTINCT session_id::text AS v, session_id FROM ${s}.session_txs WHERE player = $1 AND session_id < $2 ORDER BY session_id DESC LIMIT $3`, [
                  pk,
                  before.toString(),
                  limit + 1
                ])
          )
          const games: ExplorerSession[] = []
          for (const { v } of ids.slice(0, limit)) {
            if (v === null) continue
            const g = await session(BigInt(v))
            if (g !== null) games.push(g)
          }
          const last = ids[Math.min(ids.length, limit) - 1]
          return { public_key: pk, games, next_before: ids.length > limit && last !== undefined ? last.v : null }
        }),
      search: (q) =>
        run("searching", async () => {
          const hits: SearchHit[] = []
          const query = q._tag === "Decimal" ? q.value.toString() : q.value
          if (q._tag === "Decimal") {
            if ((await db.query(`SELECT 1 FROM ${s}.blocks WHERE height = $1`, [query])).length > 0) hits.push({ type: "block", id: query })
            if ((await db.query(`SELECT 1 FROM ${s}.session_txs WHERE session_id = $1 LIMIT 1`, [query])).length > 0) hits.push({ type: "session", id: query })
          } else {
            const b = rowsOf(ValueRow, await db.query(`SELECT height::text AS v FROM ${s}.blocks WHERE digest = $1`, [query]))[0]
            if (b?.v !== undefined && b.v !== null) hits.push({ type: "block", id: b.v })
            if ((await db.query(`SELECT 1 FROM ${s}.transactions WHERE tx_id = $1 LIMIT 1`, [query])).length > 0) hits.push({ type: "transaction", id: query })
            if ((await db.query(`SELECT 1 FROM ${s}.account_txs WHERE public_key = $1 LIMIT 1`, [query])).length > 0) hits.push({ type: "account", id: query })
          }
          const top = hits[0]
          return top === undefined ? null : { query, type: top.type, results: hits }
        })
    }
    return shape
  })
