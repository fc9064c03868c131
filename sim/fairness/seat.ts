/**
 * A seat at the table: where a fairness player plays one session. The player is written once
 * against `Seat` (start a session of a game with a bet, read its state, make moves) and runs at
 * either of two seats:
 *  - `playDirect`: the game's rules alone (init/move with one outcome source), adding up each
 *    step's charge and credit — the base bets;
 *  - `ExecutorTable`: the engine's own instruction path — PlayerAction (arm super), StartGame and
 *    GameMove dispatched to the session executor (engine/games/session.ts) on a state store, with
 *    outcomes from production's per-(purpose, session, move) streams. What is staked and returned
 *    is what the executor charged and credited (its GameMoved events), fees, refunds and the
 *    super-mode lift included. Nothing of the executor is re-composed here.
 */
import { Schema } from "effect"
import { house } from "../../engine/casino/house.ts"
import { newPlayer, players } from "../../engine/casino/player.ts"
import { clockAt } from "../../engine/chain/clock.ts"
import { defaultChainConfig } from "../../engine/chain/config.ts"
import type { TxContext } from "../../engine/execute/context.ts"
import { dispatch } from "../../engine/execute/dispatch.ts"
import { isGameError, type GameRules } from "../../engine/games/game.ts"
import { outcomesFromRandomness, type OutcomeSource } from "../../engine/games/outcomes.ts"
import { getSession, type GameSession } from "../../engine/games/session.ts"
import { randomnessFromSeed } from "../../engine/random/randomness.ts"
import { fastCodec } from "../../engine/state/fast-codec.ts"
import { StateStore } from "../../engine/state/store.ts"
import { compileValidator } from "../../engine/state/validate.ts"
import { GAME_TYPES, type Instruction } from "../../engine/tx/instruction.ts"
import { actorSigner } from "../../engine/tx/sign.ts"
import type { RoundResult } from "./types.ts"

/** One open session: its current state; a move is applied or throws (a refused move is a bug). */
export interface Session<S, M> {
  readonly state: S
  readonly complete: boolean
  move(m: M): void
}

export interface Seat {
  /** start the round's one session of `rules` with a start bet */
  start<S, I, M, MI>(rules: GameRules<S, I, M, MI>, bet: bigint): Session<S, M>
}

/** A player: plays one round (one session, to completion) at a seat. */
export type SeatPlayer = (seat: Seat) => void

/** the most moves a fairness round may make (craps rolls, hi-lo calls, blackjack hands) */
export const ROUND_MOVES_MAX = 100_000

const refused = (game: string, message: string): Error => new Error(`${game} fairness round refused: ${message}`)

/** Play one round with the game's rules alone; the round's chip flows as the executor would take them without super mode. */
export const playDirect = (io: OutcomeSource, player: SeatPlayer): RoundResult => {
  let staked = 0n
  let returned = 0n
  let started = false
  let completed = false
  const seat: Seat = {
    start<S, I, M, MI>(rules: GameRules<S, I, M, MI>, bet: bigint): Session<S, M> {
      if (started) throw new Error("a fairness round plays one session")
      started = true
      const first = rules.init(bet, io)
      if (isGameError(first)) throw refused(rules.name, first.message)
      let state = first.state
      let complete = first.complete
      completed = complete
      let moves = 0
      staked += bet + first.charge
      returned += first.credit
      return {
        get state() {
          return state
        },
        get complete() {
          return complete
        },
        move(m: M): void {
          if (complete) throw new Error(`${rules.name}: a move after the session completed`)
          if (++moves > ROUND_MOVES_MAX) throw new Error(`${rules.name}: more than ${ROUND_MOVES_MAX} moves in one round`)
          const s = rules.move(state, m, io)
          if (isGameError(s)) throw refused(rules.name, s.message)
          state = s.state
          complete = s.complete
          completed = complete
          staked += s.charge
          returned += s.credit
        }
      }
    }
  }
  player(seat)
  if (!started || !completed) throw new Error("a fairness round must play its session to completion")
  return { staked, returned }
}

/**
 * The decoder of a game's stored state: the engine's compiled codec (state/fast-codec.ts, the same
 * values as Schema), deferring to Schema when it cannot decide. Compiled once per schema; the
 * cached decoder's answer is re-checked by the schema's compiled validator, which types it.
 */
interface CachedDecoder {
  readonly decode: (u: unknown) => unknown
  readonly valid: (u: unknown) => boolean
}
const decoders = new WeakMap<object, CachedDecoder>()
const stateDecoder = <S, I>(schema: Schema.Schema<S, I>): ((u: unknown) => S) => {
  let cached = decoders.get(schema)
  if (cached === undefined) {
    const fast = fastCodec(schema)
    cached = { decode: (u) => fast.decode(u), valid: compileValidator(schema) }
    decoders.set(schema, cached)
  }
  const { decode, valid } = cached
  const isState = (u: unknown): u is S => valid(u)
  const slow = Schema.decodeUnknownSync(schema)
  return (u) => {
    const v = decode(u)
    return v !== undefined && isState(v) ? v : slow(u)
  }
}

/** the fairness player's key and chips (enough for any round; the store is renewed before they could run out) */
const PLAYER = actorSigner("nullspace/fairness/player").public_key
const PLAYER_CHIPS = 1n << 62n
/** sessions kept in one store before a fresh store replaces it (bounded memory) */
export const SESSIONS_PER_STORE_MAX = 2_000
const TOGGLE_SUPER: Instruction = { _tag: "PlayerAction", action: 2 }

/**
 * Rounds through the engine's instruction path, one session each, on a private state store. One
 * table per Monte Carlo chunk: its randomness is production's stream derivation under a seed drawn
 * from the chunk's stream, session ids count up, so every round draws independent outcomes.
 */
export class ExecutorTable {
  private store = new StateStore()
  private sessions_in_store = 0
  private next_session = 1n
  private readonly ctx_base: Omit<TxContext, "store" | "emit">

  constructor(
    io: OutcomeSource,
    private readonly super_mode: boolean
  ) {
    const seed = new Uint8Array(32)
    for (let i = 0; i < seed.length; i++) seed[i] = io.uniform(256)
    const randomness = randomnessFromSeed(seed)
    this.ctx_base = {
      signer: PLAYER,
      isAdmin: false,
      clock: clockAt(1n),
      randomness,
      outcomes: outcomesFromRandomness(randomness),
      config: defaultChainConfig([])
    }
    this.renew()
  }

  /** the final record of the last session that settled (settled sessions leave state) */
  private settled: { readonly session_id: bigint; readonly session: GameSession } | undefined

  /** a session of this table: open in state, or the one that just settled */
  private session(session_id: bigint): GameSession | undefined {
    const open = getSession({ store: this.store }, session_id)
    if (open !== undefined) return open
    return this.settled?.session_id === session_id ? this.settled.session : undefined
  }

  private renew(): void {
    this.store = new StateStore()
    this.sessions_in_store = 0
    const store = this.store
    store.begin()
    players.put(store, PLAYER, newPlayer("fairness", PLAYER_CHIPS, 0n))
    house.update(store, (h) => ({ ...h, chips_minted: h.chips_minted + PLAYER_CHIPS }))
    store.commit()
  }

  /** dispatch one instruction atomically, adding the executor's GameMoved flows to `flows` */
  private run(ix: Instruction, flows: { staked: bigint; returned: bigint }): void {
    const store = this.store
    const ctx: TxContext = {
      ...this.ctx_base,
      store,
      emit: (e) => {
        if (e._tag === "GameMoved") {
          flows.staked += e.charged
          flows.returned += e.credited
        }
        // a settled session leaves state: its final record comes with GameCompleted
        if (e._tag === "GameCompleted") this.settled = { session_id: e.session_id, session: e.session }
      }
    }
    store.begin()
    const err = dispatch(ctx, ix)
    if (err !== undefined) {
      store.rollback()
      throw new Error(`${ix._tag} refused by the engine: ${err._tag}: ${err.message}`)
    }
    store.commit()
  }

  /** Play one round through the executor; what it charged and credited. */
  play(player: SeatPlayer): RoundResult {
    if (this.sessions_in_store >= SESSIONS_PER_STORE_MAX) this.renew()
    const flows = { staked: 0n, returned: 0n }
    const session_id = this.next_session++
    this.sessions_in_store++
    let started = false
    const table = this
    const seat: Seat = {
      start<S, I, M, MI>(rules: GameRules<S, I, M, MI>, bet: bigint): Session<S, M> {
        if (started) throw new Error("a fairness round plays one session")
        started = true
        if (table.super_mode) {
          table.run(TOGGLE_SUPER, flows)
          if (players.get(table.store, PLAYER)?.active_super !== true) throw new Error("super mode did not arm")
        }
        table.run({ _tag: "StartGame", game_type: GAME_TYPES.indexOf(rules.name), bet, session_id }, flows)
        const decode = stateDecoder(rules.stateSchema)
        const stored = () => {
          const s = table.session(session_id)
          if (s === undefined) throw new Error(`session ${session_id} is not in the store`)
          if ((s.super_mode !== null) !== table.super_mode) throw new Error(`session ${session_id}: super mode is not as armed`)
          return s
        }
        let moves = 0
        // the decoded state, decoded at most once per move and only when the player reads it
        let cached: { readonly state: S } | undefined
        return {
          get state() {
            cached ??= { state: decode(stored().state) }
            return cached.state
          },
          get complete() {
            return stored().is_complete
          },
          move(m: M): void {
            if (++moves > ROUND_MOVES_MAX) throw new Error(`${rules.name}: more than ${ROUND_MOVES_MAX} moves in one round`)
            cached = undefined
            table.run({ _tag: "GameMove", session_id, payload: rules.encodeMove(m) }, flows)
          }
        }
      }
    }
    player(seat)
    const s = this.session(session_id)
    if (!started || s === undefined || !s.is_complete) throw new Error("a fairness round must play its session to completion")
    if (s.total_charged !== flows.staked || s.total_credited !== flows.returned) throw new Error("the executor's GameMoved flows disagree with its session totals")
    return flows
  }
}
