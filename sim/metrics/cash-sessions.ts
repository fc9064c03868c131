/**
 * Which open sessions are cash games (tournament_id null) — GameMoved carries no tournament id,
 * so the GameStarted that opened a session tells. Entries leave at GameCompleted, so the map
 * holds only open sessions (bounded by the state's own session table).
 */
import type { Event } from "../../engine/events.ts"
import { sessions } from "../../engine/games/session.ts"
import type { StateStore } from "../../engine/state/store.ts"

export class CashSessions {
  private readonly open = new Map<bigint, boolean>()

  /** feed every event in order; returns whether `e` (a GameMoved) belongs to a cash session */
  isCash(session_id: bigint): boolean {
    return this.open.get(session_id) ?? true
  }

  /** the sessions already open in a run's starting state (a twin continues them) */
  seed(store: StateStore): void {
    for (const [, s] of sessions.unorderedEntries(store)) this.open.set(s.id, s.tournament_id === null)
  }

  note(e: Event): void {
    if (e._tag === "GameStarted") this.open.set(e.session_id, e.tournament_id === null)
    else if (e._tag === "GameCompleted") this.open.delete(e.session_id)
  }
}
