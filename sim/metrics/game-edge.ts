/**
 * Realised vs theoretical house edge per game, over the whole run. Realised: from every cash
 * GameCompleted, edge = (Σ total_charged − Σ total_credited) / Σ total_charged. Theoretical: the
 * single source the fairness harness measures against (sim/fairness/catalog.ts), 1 − RTP of the
 * game's main bets without super mode; a game whose agents mix bets is given the range (min and
 * max over its main bets), since which bet a session held is not an event field.
 */
import type { BlockExecution } from "../../engine/execute/output.ts"
import { GAME_TYPES } from "../../engine/tx/instruction.ts"
import { BASE_FAIRNESS } from "../fairness/catalog.ts"
import type { Row } from "../sinks/duckdb.ts"
import { ratio, type MetricsCollector } from "./collector.ts"

export interface TheoreticalEdge {
  readonly edge_min: number
  readonly edge_max: number
  /** the bets the range is over, e.g. "PLAYER, BANKER" */
  readonly bets: string
}

/**
 * 1 − RTP over the fairness catalog's main, non-super bets of each game in `games` (default all).
 * Some figures are exact enumerations that take up to a second the first time they are read (a
 * thread computes each once), so a run asks only for the games it played.
 */
export const theoreticalEdges = (games: ReadonlySet<string> = new Set(GAME_TYPES)): ReadonlyMap<string, TheoreticalEdge> => {
  const m = new Map<string, TheoreticalEdge>()
  for (const b of BASE_FAIRNESS) {
    if (!b.main || b.super_mode || !games.has(b.game)) continue
    const edge = 1 - b.theoretical_rtp
    const was = m.get(b.game)
    m.set(
      b.game,
      was === undefined
        ? { edge_min: edge, edge_max: edge, bets: b.bet_type }
        : { edge_min: Math.min(was.edge_min, edge), edge_max: Math.max(was.edge_max, edge), bets: `${was.bets}, ${b.bet_type}` }
    )
  }
  return m
}

interface GameTally {
  sessions: bigint
  staked: bigint
  returned: bigint
}

export const GAME_EDGE_COLUMNS = [
  ["game_type", "VARCHAR"],
  ["sessions", "BIGINT"],
  ["staked_chips", "BIGINT"],
  ["returned_chips", "BIGINT"],
  ["realised_edge", "DOUBLE"],
  ["theoretical_edge_min", "DOUBLE"],
  ["theoretical_edge_max", "DOUBLE"],
  ["theoretical_bets", "VARCHAR"]
] as const

export const gameEdgeCollector = (): MetricsCollector => {
  const tally = new Map<string, GameTally>()
  return {
    family: "game_edge",
    daily_columns: [],
    observeBlock: (block: BlockExecution) => {
      for (const out of block.outputs)
        for (const e of out.events) {
          if (e._tag !== "GameCompleted" || e.tournament_id !== null) continue
          const t = tally.get(e.game_type) ?? { sessions: 0n, staked: 0n, returned: 0n }
          t.sessions++
          t.staked += e.total_charged
          t.returned += e.total_credited
          tally.set(e.game_type, t)
        }
    },
    endDay: () => [],
    finish: () => {
      const theory = theoreticalEdges(new Set(tally.keys()))
      const rows: Row[] = []
      for (const g of GAME_TYPES) {
        const t = tally.get(g)
        if (t === undefined) continue
        const th = theory.get(g)
        rows.push([
          g,
          t.sessions,
          t.staked,
          t.returned,
          ratio(t.staked - t.returned, t.staked),
          th?.edge_min ?? null,
          th?.edge_max ?? null,
          th?.bets ?? null
        ])
      }
      return [{ name: "game_edges", columns: GAME_EDGE_COLUMNS, rows }]
    }
  }
}
