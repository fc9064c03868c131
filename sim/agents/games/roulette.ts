/** Roulette: one Batch (bets placed and the wheel spun in one move): an even-money bet, a dozen, or straight-ups. */
import { encodeRouletteMove, type RouletteBet } from "../../../engine/games/roulette/roulette.ts"
import { between, pick } from "../draw.ts"
import type { GamePlayer } from "./game-player.ts"

const EVEN_MONEY = ["RED", "BLACK", "EVEN", "ODD", "LOW", "HIGH"] as const

export const roulettePlayer: GamePlayer = {
  game: "roulette",
  cover: 1n,
  open: (stake, rng) => {
    const roll = rng.bounded(100)
    let bets: RouletteBet[]
    if (roll < 60) bets = [{ type: pick(rng, EVEN_MONEY), number: 0, amount: stake }]
    else if (roll < 85) bets = [{ type: pick(rng, ["DOZEN", "COLUMN"] as const), number: between(rng, 0, 2), amount: stake }]
    else {
      const n = stake >= 3n ? 3n : stake
      bets = Array.from({ length: Number(n) }, () => ({ type: "STRAIGHT" as const, number: between(rng, 0, 36), amount: stake / n }))
    }
    return { bet: 0n, moves: [encodeRouletteMove({ _tag: "Batch", bets })] }
  },
  next: () => undefined
}
