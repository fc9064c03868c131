/**
 * Craps: a Pass line bet (rolled until it resolves) or a one-roll Field bet, placed with the first
 * roll in one Batch; then Roll until the table is empty and the session completes.
 */
import { craps, encodeCrapsMove } from "../../../engine/games/craps/craps.ts"
import { chanceBps } from "../draw.ts"
import { stateDecoder, type GamePlayer } from "./game-player.ts"

const decode = stateDecoder(craps.stateSchema)

export const crapsPlayer: GamePlayer = {
  game: "craps",
  cover: 1n,
  open: (stake, rng) => ({
    bet: 0n,
    moves: [encodeCrapsMove({ _tag: "Batch", bets: [{ type: chanceBps(rng, 7_000) ? "PASS" : "FIELD", target: 0, amount: stake }] })]
  }),
  next: (stored) => {
    const s = decode(stored)
    if (s === undefined || s.bets.length === 0) return undefined
    return encodeCrapsMove({ _tag: "Roll" })
  }
}
