/**
 * The ten games as the player pages drive them, all from the engine's own definitions: each
 * game's rules (state and move Schemas, move codec) and move table (engine/games/<game>/moves.ts),
 * and the reference strategy the simulations play (sim/agents/games) for the "suggested move".
 * Nothing here decides an outcome or a legal move: the chain does.
 */
import { Either, Schema } from "effect"
import { toHex } from "../../../engine/codec/bytes.ts"
import { isGameError, type GameRules } from "../../../engine/games/game.ts"
import type { MovePayloadCodec } from "../../../engine/games/move-codec.ts"
import { baccarat } from "../../../engine/games/baccarat/baccarat.ts"
import { BACCARAT_MOVES } from "../../../engine/games/baccarat/moves.ts"
import { blackjack } from "../../../engine/games/blackjack/blackjack.ts"
import { BLACKJACK_MOVES } from "../../../engine/games/blackjack/moves.ts"
import { casinoWar } from "../../../engine/games/casino-war/casino-war.ts"
import { CASINO_WAR_MOVES } from "../../../engine/games/casino-war/moves.ts"
import { craps } from "../../../engine/games/craps/craps.ts"
import { CRAPS_MOVES } from "../../../engine/games/craps/moves.ts"
import { hilo } from "../../../engine/games/hilo/hilo.ts"
import { HILO_MOVES } from "../../../engine/games/hilo/moves.ts"
import { roulette } from "../../../engine/games/roulette/roulette.ts"
import { ROULETTE_MOVES } from "../../../engine/games/roulette/moves.ts"
import { sicBo } from "../../../engine/games/sic-bo/sic-bo.ts"
import { SIC_BO_MOVES } from "../../../engine/games/sic-bo/moves.ts"
import { threeCard } from "../../../engine/games/three-card/three-card.ts"
import { THREE_CARD_MOVES } from "../../../engine/games/three-card/moves.ts"
import { ultimateHoldem } from "../../../engine/games/ultimate-holdem/ultimate-holdem.ts"
import { UTH_MOVES } from "../../../engine/games/ultimate-holdem/moves.ts"
import { videoPoker } from "../../../engine/games/video-poker/video-poker.ts"
import { VIDEO_POKER_MOVES } from "../../../engine/games/video-poker/moves.ts"
import { deriveStream } from "../../../engine/random/stream.ts"
import type { GameType } from "../../../engine/tx/instruction.ts"
import { GAME_PLAYERS } from "../../../sim/agents/games/index.ts"

export interface MoveVariant {
  readonly tag: string
  /** the move's fields (none: a one-click move) */
  readonly fields: ReadonlyArray<string>
}

/** one game with its types erased, for a page that handles any of the ten */
export interface PlayableGame {
  readonly game: GameType
  readonly variants: ReadonlyArray<MoveVariant>
  /** bets are placed by moves (the StartGame bet is 0) */
  readonly betByMove: boolean
  /** a move typed as JSON (the move Schema's encoded form) → payload bytes, or why not */
  readonly encodeJson: (json: unknown) => Uint8Array | string
  /** payload bytes → the move as JSON, for showing what a suggestion or a past move was */
  readonly describe: (payload: Uint8Array) => unknown
  /** the stake and moves the reference strategy opens with */
  readonly opening: (stake: bigint) => { readonly bet: bigint; readonly moves: ReadonlyArray<Uint8Array> }
  /** the reference strategy's next move for a session's stored state (undefined: none) */
  readonly suggest: (state: unknown, stack: bigint) => Uint8Array | undefined
}

/** the client's own randomness for the strategy's choices (which bet to place), never for outcomes */
const clientStream = (counter: number) => {
  const seed = new Uint8Array(32)
  crypto.getRandomValues(seed)
  return deriveStream(seed, "site/strategy", 0n, counter)
}

const playable = <S, I, M, MI>(rules: GameRules<S, I, M, MI>, moves: MovePayloadCodec<M>): PlayableGame => {
  const decodeMove = Schema.decodeUnknownEither(rules.moveSchema)
  const encodeMove = Schema.encodeSync(rules.moveSchema)
  const player = GAME_PLAYERS[rules.name]
  let counter = 0
  return {
    game: rules.name,
    betByMove: rules.betByMove,
    variants: moves.codec.variants.map((v) => ({ tag: v.tag, fields: [...Object.keys(v.fields ?? {}), ...(v.packed?.keys ?? [])] })),
    encodeJson: (json) => {
      const m = decodeMove(json)
      return Either.isLeft(m) ? `not a ${rules.name} move: ${m.left.message}` : rules.encodeMove(m.right)
    },
    describe: (payload) => {
      const m = rules.decodeMove(payload)
      return isGameError(m) ? { payload: toHex(payload) } : encodeMove(m)
    },
    opening: (stake) => player.open(stake, clientStream(counter++)),
    suggest: (state, stack) => player.next(state, { stack, rng: clientStream(counter++) })
  }
}

export const PLAYABLE: Readonly<Record<GameType, PlayableGame>> = {
  baccarat: playable(baccarat, BACCARAT_MOVES),
  blackjack: playable(blackjack, BLACKJACK_MOVES),
  casino_war: playable(casinoWar, CASINO_WAR_MOVES),
  craps: playable(craps, CRAPS_MOVES),
  video_poker: playable(videoPoker, VIDEO_POKER_MOVES),
  hilo: playable(hilo, HILO_MOVES),
  roulette: playable(roulette, ROULETTE_MOVES),
  sic_bo: playable(sicBo, SIC_BO_MOVES),
  three_card: playable(threeCard, THREE_CARD_MOVES),
  ultimate_holdem: playable(ultimateHoldem, UTH_MOVES)
}
