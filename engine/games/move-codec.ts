/**
 * The parts the games' move codecs share. A payload is one action byte and that action's fields,
 * with no trailing bytes (`decodeMovePayload`). In the bet-list games (roulette, sic bo, baccarat,
 * craps) a bet is a type code byte, for some games a number/target byte, then a positive u64
 * amount; a batch is a count byte and that many bets. Each game keeps its own actions, bet tables
 * and validation.
 */
import { ByteReader, ByteWriter, DecodeFailure, decodeFailure } from "../codec/bytes.ts"
import { InvalidPayload } from "../errors.ts"
import { invalidPayload } from "./game.ts"

/** the largest stake when stakes must fit a signed 64-bit delta */
export const SIGNED_STAKE_MAX = (1n << 63n) - 1n

/**
 * Decode a whole move payload: `read` gets the action byte and the reader positioned after it, and
 * returns the move, a refusal, or undefined for an action the game does not have. Reader failures
 * and trailing bytes become InvalidPayload naming the game.
 */
export const decodeMovePayload = <M>(
  game: string,
  payload: Uint8Array,
  read: (action: number, r: ByteReader) => M | InvalidPayload | undefined
): M | InvalidPayload => {
  try {
    const r = new ByteReader(payload)
    const action = r.u8()
    const m = read(action, r)
    if (m === undefined) return invalidPayload(`unknown ${game} action ${action}`)
    if (m instanceof InvalidPayload) return m
    r.end()
    return m
  } catch (e) {
    return invalidPayload(e instanceof DecodeFailure ? `${game} move: ${e.message}` : `${game} move unreadable`)
  }
}

/** a bet type from its code byte; an unknown code fails at that byte */
export const readBetType = <T>(r: ByteReader, ofCode: (code: number) => T | undefined): T => {
  const code = r.u8()
  const type = ofCode(code)
  if (type === undefined) throw decodeFailure(`unknown bet type ${code}`, r.offset - 1)
  return type
}

/** a u64 amount that must be positive */
export const readPositiveAmount = (r: ByteReader, noun = "a bet amount"): bigint => {
  const amount = r.u64()
  if (amount === 0n) throw decodeFailure(`${noun} must be positive`, r.offset - 8)
  return amount
}

/** a u64 amount that must be positive and at most 2^63 - 1 */
export const readStake = (r: ByteReader, noun = "a bet amount"): bigint => {
  const amount = readPositiveAmount(r, noun)
  if (amount > SIGNED_STAKE_MAX) throw decodeFailure(`${noun} must be at most 2^63 - 1`, r.offset - 8)
  return amount
}

/** a count byte, then every bet */
export const writeBatch = <B>(w: ByteWriter, bets: ReadonlyArray<B>, writeBet: (w: ByteWriter, b: B) => void): void => {
  w.u8(bets.length)
  for (const b of bets) writeBet(w, b)
}

/** a count byte of 1 to `max`, then that many bets */
export const readBatch = <B>(r: ByteReader, max: number, readBet: (r: ByteReader) => B): B[] | InvalidPayload => {
  const count = r.u8()
  if (count < 1 || count > max) return invalidPayload(`a batch holds 1 to ${max} bets`)
  const bets: B[] = []
  for (let i = 0; i < count; i++) bets.push(readBet(r))
  return bets
}
