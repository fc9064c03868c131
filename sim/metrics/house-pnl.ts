/**
 * House PnL on cash games, daily and cumulative. The state figure is house.game_balance (its
 * day-over-day difference is the day's PnL); the event figures are the day's cash stakes
 * (Σ GameMoved.charged) and payouts (Σ GameMoved.credited) of sessions opened outside a
 * tournament. The two agree by the engine's ledger; tests check it on executed runs. A run that
 * starts from a chain with history (a twin) takes its game balance and open sessions as the start.
 */
import { house } from "../../engine/casino/house.ts"
import type { BlockExecution } from "../../engine/execute/output.ts"
import { CashSessions } from "./cash-sessions.ts"
import type { MetricsCollector } from "./collector.ts"

export const housePnlCollector = (): MetricsCollector => {
  const sessions = new CashSessions()
  let prev_balance = 0n
  let stakes = 0n
  let payouts = 0n
  let rounds = 0n
  return {
    family: "house",
    daily_columns: [
      ["cash_stakes_chips", "BIGINT"],
      ["cash_payouts_chips", "BIGINT"],
      ["house_pnl_day_chips", "BIGINT"],
      ["cash_sessions_completed", "BIGINT"]
    ],
    // the starting state's balance is the baseline, and its open sessions say which are cash games
    start: ({ store }) => {
      prev_balance = house.get(store).game_balance
      sessions.seed(store)
    },
    observeBlock: (block: BlockExecution) => {
      for (const out of block.outputs)
        for (const e of out.events) {
          if (e._tag === "GameMoved" && sessions.isCash(e.session_id)) {
            stakes += e.charged
            payouts += e.credited
          }
          if (e._tag === "GameCompleted" && e.tournament_id === null) rounds++
          sessions.note(e)
        }
    },
    endDay: ({ store }) => {
      const balance = house.get(store).game_balance
      const row = [stakes, payouts, balance - prev_balance, rounds]
      prev_balance = balance
      stakes = payouts = rounds = 0n
      return row
    }
  }
}
