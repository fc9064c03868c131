/** Sic Bo: one Batch (bets placed and the dice rolled in one move): Small or Big, sometimes a single die or a total. */
import { encodeSicBoMove } from "../../../engine/games/sic-bo/sic-bo.ts"
import { between, chanceBps } from "../draw.ts"
import type { GamePlayer } from "./game-player.ts"

export const sicBoPlayer: GamePlayer = {
  game: "sic_bo",
  cover: 1n,
  open: (stake, rng) => {
    const bet = chanceBps(rng, 1_200)
      ? { type: "SINGLE_DIE" as const, number: between(rng, 1, 6), amount: stake }
      : chanceBps(rng, 1_200)
        ? { type: "SUM" as const, number: between(rng, 4, 17), amount: stake }
        : { type: between(rng, 0, 1) === 0 ? ("SMALL" as const) : ("BIG" as const), number: 0, amount: stake }
    return { bet: 0n, moves: [encodeSicBoMove({ _tag: "Batch", bets: [bet] })] }
  },
  next: () => undefined
}
