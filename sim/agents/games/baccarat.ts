/** Baccarat: one Batch (bets placed and the coup dealt in one move): Banker or Player, sometimes a Tie. */
import { encodeBaccaratMove } from "../../../engine/games/baccarat/moves.ts"
import { between, chanceBps } from "../draw.ts"
import type { GamePlayer } from "./game-player.ts"

export const baccaratPlayer: GamePlayer = {
  game: "baccarat",
  cover: 1n,
  open: (stake, rng) => {
    const type = chanceBps(rng, 800) ? "TIE" : between(rng, 0, 1) === 0 ? "PLAYER" : "BANKER"
    return { bet: 0n, moves: [encodeBaccaratMove({ _tag: "Batch", bets: [{ type, amount: stake }] })] }
  },
  next: () => undefined
}
