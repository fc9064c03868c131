/** Conformance adapters of every game, by vector game name. */
import type { GameAdapter } from "./adapter.ts"
import { rouletteAdapter } from "./roulette.ts"
import { baccaratAdapter } from "./baccarat.ts"
import { casinoWarAdapter } from "./casino-war.ts"
import { crapsAdapter } from "./craps.ts"
import { blackjackAdapter } from "./blackjack.ts"
import { hiloAdapter } from "./hilo.ts"
import { videoPokerAdapter } from "./video-poker.ts"
import { sicBoAdapter } from "./sic-bo.ts"
import { threeCardAdapter } from "./three-card.ts"
import { ultimateHoldemAdapter } from "./ultimate-holdem.ts"

export const GAME_ADAPTERS: Readonly<Record<string, GameAdapter>> = {
  roulette: rouletteAdapter,
  baccarat: baccaratAdapter,
  casino_war: casinoWarAdapter,
  craps: crapsAdapter,
  blackjack: blackjackAdapter,
  hilo: hiloAdapter,
  video_poker: videoPokerAdapter,
  sic_bo: sicBoAdapter,
  three_card: threeCardAdapter,
  ultimate_holdem: ultimateHoldemAdapter
}
