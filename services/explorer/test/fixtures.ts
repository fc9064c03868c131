/** Test fixtures: real finalized blocks from a real dev chain, and a unique Postgres schema per run. */
import { randomBytes } from "node:crypto"
import { Effect } from "effect"
import { encodeRouletteMove } from "../../../engine/games/roulette/roulette.ts"
import { GAME_TYPES } from "../../../engine/tx/instruction.ts"
import type { Signer } from "../../../engine/tx/sign.ts"
import type { DevServer, FinalizedBlock } from "../../server.ts"
import { register, signer, submit, tx } from "../../test/helpers.ts"
import { postgresDriver, type SqlDriver } from "../sql.ts"

export const POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test"
export const REDIS_URL = "redis://127.0.0.1:6379"

export const uniqueName = (label: string): string => `${label}_${process.pid}_${randomBytes(4).toString("hex")}`

export const pg = (): SqlDriver => postgresDriver({ url: POSTGRES_URL, max_connections: 4, connect_timeout_ms: 5_000, statement_timeout_ms: 30_000 })

export const dropSchema = async (schema: string): Promise<void> => {
  const db = pg()
  try {
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  } finally {
    await db.close()
  }
}

export interface Traffic {
  readonly blocks: ReadonlyArray<FinalizedBlock>
  readonly players: ReadonlyArray<Signer>
  /** roulette sessions, one per player, each completed by its one move */
  readonly sessions: ReadonlyArray<bigint>
}

const ok = async (server: DevServer, txs: Parameters<typeof submit>[1]) => {
  const r = await submit(server, txs)
  if (r.status !== 200) throw new Error(`submission refused: ${JSON.stringify(r.body)}`)
}

/** registrations, roulette sessions started and settled, a deposit, an empty block: produced and finalized by the real chain */
export const produceTraffic = async (server: DevServer, tag: string, first_session = 1n): Promise<Traffic> => {
  const players = [0, 1, 2].map((i) => signer(`explorer/${tag}/p${i}`))
  const sessions = players.map((_, i) => first_session + BigInt(i))
  const blocks: FinalizedBlock[] = []
  await ok(server, players.map((p, i) => register(p, 0n, `p${i}`)))
  blocks.push(await server.produceNow())
  await ok(server, players.map((p, i) => tx(p, 1n, { _tag: "StartGame", game_type: GAME_TYPES.indexOf("roulette"), bet: 0n, session_id: sessions[i] ?? 0n })))
  blocks.push(await server.produceNow())
  await ok(server, players.map((p, i) => tx(p, 2n, { _tag: "GameMove", session_id: sessions[i] ?? 0n, payload: encodeRouletteMove({ _tag: "Batch", bets: [{ type: "RED", number: 0, amount: 10n }] }) })))
  blocks.push(await server.produceNow())
  await ok(server, [tx(players[0] ?? signer("x"), 3n, { _tag: "CasinoDeposit", amount: 5n })])
  blocks.push(await server.produceNow())
  blocks.push(await server.produceNow())
  return { blocks, players, sessions }
}

export const run = <A, E>(e: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(e)

/** how many rows each table holds (one row set whatever the history of ingestion) */
export const rowCounts = async (db: SqlDriver, schema: string): Promise<Record<string, number>> => {
  const out: Record<string, number> = {}
  for (const t of ["blocks", "transactions", "account_txs", "session_txs"]) {
    const r = await db.query(`SELECT count(*)::int AS n FROM ${schema}.${t}`)
    const n = r[0]?.["n"]
    out[t] = typeof n === "number" ? n : -1
  }
  return out
}
