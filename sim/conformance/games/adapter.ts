/**
 * A game's conformance adapter maps the vector vocabulary (../shared/conformance/VOCABULARY.md)
 * onto the game's own typed moves and encodes them with the game's codec. Rules become the
 * moves that set them in the betting stage. A name the game does not know is an error.
 */
import type { GameType } from "../../../engine/tx/instruction.ts"

export class VocabularyError extends Error {
  readonly _tag = "VocabularyError"
}

export interface GameAdapter {
  readonly game: GameType
  /** move payloads that apply the vector's table rules before its first move */
  readonly rules: (rules: Readonly<Record<string, unknown>>) => Uint8Array[]
  /** the payload of one vector move */
  readonly move: (move: Readonly<Record<string, unknown>>) => Uint8Array
  /**
   * Optional: the vector's outcomes, listed in the vocabulary's dealing order, rearranged into
   * the order the engine draws them, for a game that draws some cards later than the vocabulary
   * lists them (ultimate_holdem draws the dealer's hidden cards last). Absent = the same order.
   */
  readonly outcomeOrder?: (
    outcomes: ReadonlyArray<string | number>,
    moves: ReadonlyArray<Readonly<Record<string, unknown>>>
  ) => ReadonlyArray<string | number>
}

export const field = (move: Readonly<Record<string, unknown>>, name: string): unknown => {
  if (!(name in move)) throw new VocabularyError(`move ${JSON.stringify(move.move)} needs field "${name}"`)
  return move[name]
}

export const amountField = (move: Readonly<Record<string, unknown>>, name = "amount"): bigint => {
  const v = field(move, name)
  if (typeof v === "string" && /^[0-9]+$/.test(v)) return BigInt(v)
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) return BigInt(v)
  throw new VocabularyError(`field "${name}" must be a decimal string, got ${JSON.stringify(v)}`)
}

export const intField = (move: Readonly<Record<string, unknown>>, name: string, fallback?: number): number => {
  if (!(name in move) && fallback !== undefined) return fallback
  const v = field(move, name)
  if (typeof v === "number" && Number.isInteger(v)) return v
  if (typeof v === "string" && /^-?[0-9]+$/.test(v)) return Number(v)
  throw new VocabularyError(`field "${name}" must be an integer, got ${JSON.stringify(v)}`)
}

export const unknownName = (kind: string, name: unknown): never => {
  throw new VocabularyError(`unknown ${kind} ${JSON.stringify(name)}`)
}

/** the entry of a game's list equal to `value`, or a VocabularyError naming the kind */
export const oneOf = <T>(list: ReadonlyArray<T>, value: unknown, kind: string): T => list.find((t) => t === value) ?? unknownName(kind, value)

/** a batch move's `bets` list, each entry read by `bet` */
export const batchBets = <B>(move: Readonly<Record<string, unknown>>, bet: (b: Readonly<Record<string, unknown>>) => B): B[] => {
  const bets = field(move, "bets")
  if (!Array.isArray(bets)) return unknownName("batch bets", bets)
  return bets.map((b: Record<string, unknown>) => bet(b))
}
