/** Every game the engine runs, by name. A game joins the casino by being listed here. */
import type { GameType } from "../tx/instruction.ts"
import { storedGame, type StoredGame } from "./game.ts"
import { roulette } from "./roulette/roulette.ts"

export const GAMES: Partial<Record<GameType, StoredGame>> = {
  roulette: storedGame(roulette)
}
