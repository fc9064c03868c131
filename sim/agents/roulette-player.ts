/**
 * The quickstart's roulette player: registers on its first turn, is active on a day with a
 * fixed probability, plays a drawn number of roulette rounds (StartGame with bet 0, then one
 * Batch move that places the whole bet mix and spins), sizes each round as a fraction of its
 * chips, and asks the faucet for chips when it runs low and looks eligible.
 *
 * Bet mixes by archetype:
 *  - grinder: one even-money bet (red/black/even/odd/low/high);
 *  - gambler: one to three straight-up numbers;
 *  - mixed:   half on an even-money bet, a quarter on a dozen or column, a quarter straight-up.
 */
import { FAUCET_AMOUNT, FAUCET_MIN_ACCOUNT_AGE_SECS, FAUCET_MIN_SESSIONS } from "../../engine/chain/constants.ts"
import { clockAt } from "../../engine/chain/clock.ts"
import { encodeRouletteMove, type RouletteBet } from "../../engine/games/roulette/roulette.ts"
import type { RandomStream } from "../../engine/random/stream.ts"
import { GAME_TYPES, type Instruction } from "../../engine/tx/instruction.ts"
import { actorSigner } from "../../engine/tx/sign.ts"
import type { Agent, AgentView, DayPlan } from "./agent.ts"
import { between, chanceBps, pick } from "./draw.ts"

export const ROULETTE_KINDS = ["grinder", "gambler", "mixed"] as const
export type RouletteKind = (typeof ROULETTE_KINDS)[number]

export interface RoulettePolicy {
  /** probability (basis points) of being active on a day */
  readonly active_bps: number
  readonly rounds_min: number
  readonly rounds_max: number
  /** the whole round's stake as a fraction of chips, in basis points, drawn in [min, max] */
  readonly stake_min_bps: number
  readonly stake_max_bps: number
  /** below this many chips the agent stops betting and tries the faucet */
  readonly low_chips: bigint
  /** hard bound on intents per agent per day */
  readonly intents_per_day_max: number
}

const ROULETTE_CODE = GAME_TYPES.indexOf("roulette")
const EVEN_MONEY_BETS = ["RED", "BLACK", "EVEN", "ODD", "LOW", "HIGH"] as const
const SESSION_RANGE = 1_000_000n

const betMix = (kind: RouletteKind, stake: bigint, rng: RandomStream): RouletteBet[] => {
  switch (kind) {
    case "grinder":
      return [{ type: pick(rng, EVEN_MONEY_BETS), number: 0, amount: stake }]
    case "gambler": {
      const n = BigInt(between(rng, 1, 3))
      const each = stake / n > 0n ? stake / n : 1n
      const bets: RouletteBet[] = []
      for (let i = 0n; i < n; i++) bets.push({ type: "STRAIGHT", number: between(rng, 0, 36), amount: each })
      return bets
    }
    case "mixed": {
      const quarter = stake / 4n > 0n ? stake / 4n : 1n
      return [
        { type: pick(rng, EVEN_MONEY_BETS), number: 0, amount: quarter * 2n },
        { type: pick(rng, ["DOZEN", "COLUMN"] as const), number: between(rng, 0, 2), amount: quarter },
        { type: "STRAIGHT", number: between(rng, 0, 36), amount: quarter }
      ]
    }
  }
}

/**
 * Whether a faucet claim looks worth sending, from the player's own record and the published
 * faucet conditions (economy.md §2.2). The engine decides; a wrong guess only costs a failed tx.
 */
const faucetLooksOpen = (view: AgentView): boolean => {
  const p = view.player
  if (p === undefined) return false
  const age_s = view.clock.now_s - p.created_ts
  if (age_s < FAUCET_MIN_ACCOUNT_AGE_SECS && p.sessions_played < FAUCET_MIN_SESSIONS) return false
  return p.last_deposit_view === null || clockAt(p.last_deposit_view).day !== view.clock.day
}

export const roulettePlayer = (index: number, kind: RouletteKind, policy: RoulettePolicy): Agent => {
  const name = `Player${String(index).padStart(5, "0")}`
  const signer = actorSigner(`agent-${index}`)
  let rounds_left = 0
  let intents_left = 0
  let faucet_tried = false

  const startDay = (day: number, windows_per_day: number, rng: RandomStream): DayPlan => {
    faucet_tried = false
    intents_left = policy.intents_per_day_max
    // day 0 everyone shows up (to register); afterwards with the activity probability
    const active = chanceBps(rng, policy.active_bps)
    rounds_left = active ? between(rng, policy.rounds_min, policy.rounds_max) : 0
    if (day === 0) return { window: 0 }
    return { window: active ? rng.bounded(windows_per_day) : null }
  }

  const emit = (ixs: ReadonlyArray<Instruction>): ReadonlyArray<Instruction> => {
    if (ixs.length > intents_left) return []
    intents_left -= ixs.length
    return ixs
  }

  const next = (view: AgentView, rng: RandomStream): ReadonlyArray<Instruction> => {
    const p = view.player
    if (p === undefined) return emit([{ _tag: "CasinoRegister", name }])
    if (rounds_left <= 0) return []
    if (p.chips < policy.low_chips) {
      if (faucet_tried || !faucetLooksOpen(view)) {
        rounds_left = 0
        return []
      }
      faucet_tried = true
      return emit([{ _tag: "CasinoDeposit", amount: FAUCET_AMOUNT }])
    }
    const stake_bps = BigInt(between(rng, policy.stake_min_bps, policy.stake_max_bps))
    const raw = (p.chips * stake_bps) / 10_000n
    const stake = raw < 1n ? 1n : raw
    const bets = betMix(kind, stake, rng)
    const total = bets.reduce((a, b) => a + b.amount, 0n)
    if (total > p.chips) {
      rounds_left = 0
      return []
    }
    rounds_left--
    // the StartGame's own nonce numbers the session: unique per account, and held by the chain,
    // so a twin started from a block log continues with the same ids (no agent memory needed)
    const session_id = BigInt(index) * SESSION_RANGE + view.nonce
    return emit([
      { _tag: "StartGame", game_type: ROULETTE_CODE, bet: 0n, session_id },
      { _tag: "GameMove", session_id, payload: encodeRouletteMove({ _tag: "Batch", bets }) }
    ])
  }

  return { index, name, signer, kind, startDay, next }
}
