/** Conformance adapters of every game, by vector game name. */
import type { GameAdapter } from "./adapter.ts"
import { rouletteAdapter } from "./roulette.ts"

export const GAME_ADAPTERS: Readonly<Record<string, GameAdapter>> = {
  roulette: rouletteAdapter
}
