/** The ten game players by game type (one module per game in this folder). */
import type { GameType } from "../../../engine/tx/instruction.ts"
import { baccaratPlayer } from "./baccarat.ts"
import { blackjackPlayer } from "./blackjack.ts"
import { casinoWarPlayer } from "./casino-war.ts"
import { crapsPlayer } from "./craps.ts"
import type { GamePlayer } from "./game-player.ts"
import { hiloPlayer } from "./hilo.ts"
import { roulettePlayer } from "./roulette.ts"
import { sicBoPlayer } from "./sic-bo.ts"
import { threeCardPlayer } from "./three-card.ts"
import { ultimateHoldemPlayer } from "./ultimate-holdem.ts"
import { videoPokerPlayer } from "./video-poker.ts"

export const GAME_PLAYERS: Readonly<Record<GameType, GamePlayer>> = {
  baccarat: baccaratPlayer,
  blackjack: blackjackPlayer,
  casino_war: casinoWarPlayer,
  craps: crapsPlayer,
  video_poker: videoPokerPlayer,
  hilo: hiloPlayer,
  roulette: roulettePlayer,
  sic_bo: sicBoPlayer,
  three_card: threeCardPlayer,
  ultimate_holdem: ultimateHoldemPlayer
}

export type { GamePlayer } from "./game-player.ts"
