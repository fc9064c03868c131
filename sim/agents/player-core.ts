/**
 * The shared body of every playing agent: a seeded policy from an observation (the read model)
 * to instructions. Each archetype file supplies a `Profile`: how it plans a day (whether it is
 * active, how many sessions, which side actions — swaps, liquidity, vaults, savings, staking,
 * freerolls) and which games it favours. The core turns the plan into intents, one turn at a time:
 *
 *   1. not registered → CasinoRegister (day 0 or the day the agent arrives);
 *   2. a session of its own is open → the game player's next move from the session's state
 *      (sim/agents/games/); a session that cannot move is abandoned for the day;
 *   3. the day's side actions, in order: each reads the read model and returns its instructions
 *      (possibly none, when the observation says it would be refused);
 *   4. the day's sessions: a game by the profile's weights, a stake sized from the stack; short of
 *      chips → one faucet claim when it looks open, else the day's play ends.
 *
 * Bounded: intents per day, moves per session, actions per day. Session ids are
 * index × 1,000,000 + counter (simulations.md §1.2), strictly increasing per player.
 */
import { FAUCET_AMOUNT, FAUCET_MIN_ACCOUNT_AGE_SECS, FAUCET_MIN_SESSIONS } from "../../engine/chain/constants.ts"
import { clockAt } from "../../engine/chain/clock.ts"
import type { Player } from "../../engine/casino/player.ts"
import type { RandomStream } from "../../engine/random/stream.ts"
import { GAME_TYPES, type GameType, type Instruction } from "../../engine/tx/instruction.ts"
import { actorSigner, type Signer } from "../../engine/tx/sign.ts"
import type { Agent, AgentFingerprint, AgentView, DayPlan } from "./agent.ts"
import { between } from "./draw.ts"
import { GAME_PLAYERS } from "./games/index.ts"

export const SESSION_RANGE = 1_000_000n
export const INTENTS_PER_DAY_MAX = 400
export const MOVES_PER_SESSION_MAX = 40
export const ACTIONS_PER_DAY_MAX = 64

/** what an agent knows about itself when it acts */
export interface Self {
  readonly index: number
  readonly signer: Signer
  readonly key: Signer["public_key"]
  /** simulated day of the agent's first turn (its arrival) */
  readonly arrival_day: number
  /** lifelong counters an archetype may keep (e.g. "vault created") */
  readonly flags: Set<string>
}

/** one side action: the instructions it wants now, from the observation ([] = skip it) */
export type Action = (view: AgentView, self: Self, rng: RandomStream) => ReadonlyArray<Instruction>

export interface DayAgenda {
  /** the window to act in; null = idle today */
  readonly window: number | null
  readonly sessions: number
  readonly actions: ReadonlyArray<Action>
  /** freerolls to enter today (they run in the freeroll window, FREEROLL_WINDOW) */
  readonly freerolls?: number
  /** sessions to play inside each freeroll */
  readonly freeroll_sessions?: number
}

/** the activity window tournaments run in (the organizer acts there every day) */
export const FREEROLL_WINDOW = 0
/** the most freeroll ids an organizer schedules per day */
export const FREEROLLS_PER_DAY_MAX = 50
/** the public schedule: the ids of a day's freerolls (ids from 1000, simulations.md §4.2) */
export const freerollId = (day: number, k: number): bigint => 1_000n + BigInt(day) * BigInt(FREEROLLS_PER_DAY_MAX) + BigInt(k)
/** turns an entrant waits for its tournament to start before giving up */
export const FREEROLL_WAIT_TURNS_MAX = 40

export interface Profile {
  readonly kind: string
  /** games by weight (any positive integers; missing = never) */
  readonly games: Partial<Record<GameType, number>>
  /** a session's stake as a share of the stack, basis points, drawn in [lo, hi] */
  readonly stake_bps: readonly [number, number]
  readonly stake_min: bigint
  readonly stake_max: bigint
  /** the day's plan */
  readonly planDay: (day: number, windows_per_day: number, rng: RandomStream, self: Self) => DayAgenda
}

export const agentName = (index: number): string => `Player${String(index).padStart(5, "0")}`

/** whether a faucet claim looks worth sending (economy.md §2.2 conditions, read from the record) */
export const faucetLooksOpen = (p: Player, view: AgentView): boolean => {
  const age_s = view.clock.now_s - p.created_ts
  if (age_s < FAUCET_MIN_ACCOUNT_AGE_SECS && p.sessions_played < FAUCET_MIN_SESSIONS) return false
  if (p.last_deposit_view !== null && view.clock.view - p.last_deposit_view < 100n) return false
  return p.last_deposit_view === null || clockAt(p.last_deposit_view).day !== view.clock.day
}

const pickWeighted = (rng: RandomStream, weights: Partial<Record<GameType, number>>): GameType | undefined => {
  let total = 0
  for (const g of GAME_TYPES) total += weights[g] ?? 0
  if (total <= 0) return undefined
  let r = rng.bounded(total)
  for (const g of GAME_TYPES) {
    const w = weights[g] ?? 0
    if (r < w) return g
    r -= w
  }
  return undefined
}

export interface PlayerAgentOptions {
  readonly index: number
  readonly profile: Profile
  /** the day the agent first acts (registers); before it the agent is idle */
  readonly arrival_day?: number
  /** the day the agent leaves for good (churn); null = stays */
  readonly leave_day?: number | null
  readonly fingerprint?: AgentFingerprint
  /** a signer label (default `agent-<index>`) */
  readonly label?: string
  /** a display name (default Player00042) */
  readonly name?: string
  /** the public freeroll schedule: freerolls per day (ids freerollId(day, 0 … n−1)); default 2 */
  readonly freerolls_per_day?: number
}

export const playerAgent = (o: PlayerAgentOptions): Agent => {
  const { index, profile } = o
  const name = o.name ?? agentName(index)
  const signer = actorSigner(o.label ?? `agent-${index}`)
  const self: Self = { index, signer, key: signer.public_key, arrival_day: o.arrival_day ?? 0, flags: new Set() }
  const leave_day = o.leave_day ?? null
  const schedule = Math.min(o.freerolls_per_day ?? 2, FREEROLLS_PER_DAY_MAX)
  let agenda: DayAgenda = { window: null, sessions: 0, actions: [] }
  let sessions_left = 0
  let action_at = 0
  let intents_left = 0
  let faucet_tried = false
  let counter = 0n
  let open_session: bigint | null = null
  let session_moves = 0
  let freerolls_left = 0
  let freeroll_k = 0
  let joined: bigint | null = null
  let waited = 0
  let tsessions_left = 0

  const startDay = (day: number, windows_per_day: number, rng: RandomStream): DayPlan => {
    faucet_tried = false
    intents_left = INTENTS_PER_DAY_MAX
    action_at = 0
    if (day < self.arrival_day || (leave_day !== null && day >= leave_day)) {
      agenda = { window: null, sessions: 0, actions: [] }
      sessions_left = 0
      return { window: null }
    }
    agenda = profile.planDay(day, windows_per_day, rng, self)
    sessions_left = agenda.sessions
    freerolls_left = agenda.freerolls ?? 0
    freeroll_k = 0
    joined = null
    waited = 0
    tsessions_left = 0
    // the arrival day everyone shows up, at least to register
    if (day === self.arrival_day && agenda.window === null) return { window: 0 }
    if (freerolls_left > 0) return { window: FREEROLL_WINDOW }
    return { window: agenda.window }
  }

  const emit = (ixs: ReadonlyArray<Instruction>): ReadonlyArray<Instruction> => {
    if (ixs.length === 0 || ixs.length > intents_left) return []
    intents_left -= ixs.length
    return ixs
  }

  const nextSessionId = (): bigint => BigInt(index) * SESSION_RANGE + counter++
  /** a new session of `game` at `stake`: StartGame and the opening moves, tracked as the open session */
  const startSession = (game: GameType, stake: bigint, rng: RandomStream): ReadonlyArray<Instruction> => {
    const opening = GAME_PLAYERS[game].open(stake, rng)
    const session_id = nextSessionId()
    open_session = session_id
    session_moves = opening.moves.length
    return emit([
      { _tag: "StartGame", game_type: GAME_TYPES.indexOf(game), bet: opening.bet, session_id },
      ...opening.moves.map((payload): Instruction => ({ _tag: "GameMove", session_id, payload }))
    ])
  }

  /** the freeroll state machine: join → wait for the start → play its sessions → next; null = not now */
  const freeroll = (view: AgentView, p: Player): ReadonlyArray<Instruction> | null => {
    const day = Number(view.clock.day)
    if (joined === null) {
      const m = view.read.membership(self.key)
      if (m === undefined || m.joins_today >= m.limit_today) {
        freerolls_left = 0
        return null
      }
      if (!m.cooldown_over) return []
      for (; freeroll_k < schedule; freeroll_k++) {
        const id = freerollId(day, freeroll_k)
        const t = view.read.tournament(id)
        if (t === undefined || t.phase === "registration") {
          joined = id
          waited = 0
          tsessions_left = agenda.freeroll_sessions ?? 10
          return emit([{ _tag: "CasinoJoinTournament", tournament_id: id }])
        }
      }
      freerolls_left = 0
      return null
    }
    const t = view.read.tournament(joined)
    const done = () => {
      joined = null
      freerolls_left--
      freeroll_k++
    }
    if (t === undefined || !t.players.includes(self.key)) {
      // the join was refused (limit, cooldown): try the next one later
      if (++waited > 2) done()
      return []
    }
    if (t.phase === "registration") {
      if (++waited > FREEROLL_WAIT_TURNS_MAX) {
        freerolls_left = 0
        return null
      }
      return []
    }
    if (t.phase === "complete" || view.clock.now_s * 1_000n >= t.end_time_ms) {
      done()
      return []
    }
    // running: play its sessions from the tournament stack
    if (tsessions_left <= 0 || p.tournament.session !== null) return []
    const game = pickWeighted(rng0, profile.games)
    if (game === undefined) return []
    const gp = GAME_PLAYERS[game]
    const stake = p.tournament.chips / 20n > 0n ? p.tournament.chips / 20n : 1n
    if (p.tournament.chips < stake * gp.cover) {
      tsessions_left = 0
      return []
    }
    tsessions_left--
    return startSession(game, stake, rng0)
  }
  let rng0: RandomStream

  const next = (view: AgentView, rng: RandomStream): ReadonlyArray<Instruction> => {
    rng0 = rng
    const p = view.player
    if (p === undefined) return emit([{ _tag: "CasinoRegister", name }])
    // 2. an open session of ours moves on
    if (open_session !== null) {
      const s = view.read.session(open_session)
      if (s !== undefined && !s.is_complete && session_moves < MOVES_PER_SESSION_MAX) {
        const stack = s.tournament_id === null ? p.chips : p.tournament.chips
        const move = GAME_PLAYERS[s.game_type].next(s.state, { stack, rng })
        if (move !== undefined) {
          session_moves++
          return emit([{ _tag: "GameMove", session_id: s.id, payload: move }])
        }
      }
      open_session = null
    }
    // 3. side actions
    while (action_at < agenda.actions.length && action_at < ACTIONS_PER_DAY_MAX) {
      const action = agenda.actions[action_at++]
      if (action === undefined) break
      const ixs = action(view, self, rng)
      if (ixs.length > 0) return emit(ixs)
    }
    // freerolls (before cash play: a running tournament's sessions play from its stack)
    if (freerolls_left > 0) {
      const f = freeroll(view, p)
      if (f !== null) return f
    }
    // 4. sessions
    if (sessions_left <= 0) return []
    const game = pickWeighted(rng, profile.games)
    if (game === undefined) return []
    const gp = GAME_PLAYERS[game]
    const tournament = p.active_tournament === null ? undefined : view.read.tournament(p.active_tournament)
    const in_tournament = tournament !== undefined && tournament.phase === "active" && view.clock.now_s * 1_000n < tournament.end_time_ms
    const stack = in_tournament ? p.tournament.chips : p.chips
    const bps = BigInt(between(rng, profile.stake_bps[0], profile.stake_bps[1]))
    let stake = (stack * bps) / 10_000n
    if (stake < profile.stake_min) stake = profile.stake_min
    if (stake > profile.stake_max) stake = profile.stake_max
    if (stack < stake * gp.cover) {
      if (in_tournament) {
        sessions_left = 0
        return []
      }
      if (!faucet_tried && faucetLooksOpen(p, view)) {
        faucet_tried = true
        return emit([{ _tag: "CasinoDeposit", amount: FAUCET_AMOUNT }])
      }
      sessions_left = 0
      return []
    }
    sessions_left--
    return startSession(game, stake, rng)
  }

  return { index, name, signer, kind: profile.kind, startDay, next, ...(o.fingerprint === undefined ? {} : { fingerprint: o.fingerprint }) }
}
