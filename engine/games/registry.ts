/** Every game the engine runs, by name. A game joins the casino by being listed here. */
import type { GameType } from "../tx/instruction.ts"
import { storedGame, type StoredGame } from "./game.ts"
import { roulette } from "./roulette/roulette.ts"
import { baccarat } from "./baccarat/baccarat.ts"
import { casinoWar } from "./casino-war/casino-war.ts"
import { craps } from "./craps/craps.ts"
import { blackjack } from "./blackjack/blackjack.ts"
import { hilo } from "./hilo/hilo.ts"
import { videoPoker } from "./video-poker/video-poker.ts"
import { sicBo } from "./sic-bo/sic-bo.ts"
import { threeCard } from "./three-card/three-card.ts"
import { ultimateHoldem } from "./ultimate-holdem/ultimate-holdem.ts"

export const GAMES: Partial<Record<GameType, StoredGame>> = {
  roulette: storedGame(roulette),
  baccarat: storedGame(baccarat),
  casino_war: storedGame(casinoWar),
  craps: storedGame(craps),
  blackjack: storedGame(blackjack),
  hilo: storedGame(hilo),
  video_poker: storedGame(videoPoker),
  sic_bo: storedGame(sicBo),
  three_card: storedGame(threeCard),
  ultimate_holdem: storedGame(ultimateHoldem)
}
