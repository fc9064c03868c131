/**
 * The super-mode record a session keeps, and the pure rules that move it (docs/games/super-mode.md):
 *  - every chip staked while super pays a fee of floor(x/5); a super stake must be a whole multiple
 *    of 5 chips, so the fee is exactly 20 % and no stake rides the lift without paying for it;
 *  - a refund of an unplayed stake (clearing bets, lowering a side bet, also inside a dealing
 *    move) returns its fee too (N21) and is never multiplied;
 *  - every other credit is a return of a played wager and is remembered as `lifted`;
 *  - at completion one multiplier m is drawn and the session is paid `lifted × (m − 1)` more.
 * The session executor runs these functions; the fairness harness measures super mode through the
 * executor itself (sim/fairness/games/super-mode.ts).
 */
import { Schema } from "effect"
import { InvalidBet } from "../../errors.ts"
import { U64 } from "../../schema/primitives.ts"
import type { GameType } from "../../tx/instruction.ts"
import type { Card } from "../cards.ts"
import type { OutcomeSource } from "../outcomes.ts"
import { SUPER_MULTIPLIER_NONE_TENTHS, drawSuperMultiplier } from "./tables.ts"

export const SUPER_FEE_DIVISOR = 5n
/** the move number of the super draw's outcome stream (games-b.md §0.2) */
export const SUPER_MOVE_NUMBER = 0xffff_ffff
export const SUPER_PURPOSE = "super"

export const SuperRecord = Schema.Struct({
  /** every fee charged */
  fees_paid: U64,
  /** fees given back with refunds of unplayed stakes */
  fees_refunded: U64,
  /** chips staked (fees excluded), less refunded stakes */
  stakes: U64,
  /** credits that returned played wagers: what the multiplier applies to */
  lifted: U64,
  /** drawn when the session completes (tenths: 15 = 1.5x); null until then */
  multiplier_tenths: Schema.NullOr(Schema.Int),
  /** the extra chips the multiplier paid */
  bonus: U64
})
export type SuperRecord = typeof SuperRecord.Type

export const newSuperRecord = (): SuperRecord => ({
  fees_paid: 0n,
  fees_refunded: 0n,
  stakes: 0n,
  lifted: 0n,
  multiplier_tenths: null,
  bonus: 0n
})

export const superFee = (amount: bigint): bigint => amount / SUPER_FEE_DIVISOR

const notMultiple = (what: string, amount: bigint): InvalidBet =>
  new InvalidBet({ message: `in super mode every ${what} is a whole multiple of ${SUPER_FEE_DIVISOR} chips (got ${amount})` })

export interface SuperCharge {
  readonly record: SuperRecord
  readonly fee: bigint
}

/** A stake taken while super: the fee it owes (refused unless a multiple of 5 chips). */
export const chargeSuper = (r: SuperRecord, amount: bigint): SuperCharge | InvalidBet => {
  if (amount === 0n) return { record: r, fee: 0n }
  if (amount % SUPER_FEE_DIVISOR !== 0n) return notMultiple("stake", amount)
  const fee = superFee(amount)
  return { record: { ...r, fees_paid: r.fees_paid + fee, stakes: r.stakes + amount }, fee }
}

export interface SuperRefund {
  readonly record: SuperRecord
  /** the fee returned with the refunded stake (never more than was paid and not yet returned) */
  readonly fee_refund: bigint
}

/** An unplayed stake handed back: its fee goes back with it (N21), nothing is lifted. */
export const refundSuper = (r: SuperRecord, amount: bigint): SuperRefund | InvalidBet => {
  if (amount === 0n) return { record: r, fee_refund: 0n }
  if (amount % SUPER_FEE_DIVISOR !== 0n) return notMultiple("refund", amount)
  const outstanding = r.fees_paid - r.fees_refunded
  const due = superFee(amount)
  const fee_refund = due < outstanding ? due : outstanding
  return {
    record: { ...r, fees_refunded: r.fees_refunded + fee_refund, stakes: r.stakes > amount ? r.stakes - amount : 0n },
    fee_refund
  }
}

export interface SuperCredit {
  readonly record: SuperRecord
  /** the fee given back with the refunded part of the credit */
  readonly fee_refund: bigint
}

/**
 * A step's credit, split (N21): the refunded part — what the game declares (`refund`: a side bet
 * lowered inside a dealing move), or the whole credit of a step that neither completes nor drew
 * an outcome (clearing bets, lowering a side bet on its own) — gets its fee back and is never
 * lifted; the rest returns played wagers and is remembered for the lift.
 */
export const creditSuper = (
  r: SuperRecord,
  s: { readonly credit: bigint; readonly refund?: bigint; readonly complete: boolean },
  drew: boolean
): SuperCredit | InvalidBet => {
  const declared = s.refund ?? 0n
  if (declared < 0n || declared > s.credit) return new InvalidBet({ message: `a step refunds ${declared} of a ${s.credit}-chip credit` })
  const refunded = !s.complete && !drew ? s.credit : declared
  const back = refundSuper(r, refunded)
  if (back instanceof InvalidBet) return back
  return { record: returnSuper(back.record, s.credit - refunded), fee_refund: back.fee_refund }
}

/** A played wager's return: remembered for the completion lift. */
export const returnSuper = (r: SuperRecord, amount: bigint): SuperRecord => (amount === 0n ? r : { ...r, lifted: r.lifted + amount })

/** The extra chips a multiplier adds to `lifted` returned chips (floored). */
export const superBonus = (lifted: bigint, multiplier_tenths: number): bigint => {
  const extra = BigInt(multiplier_tenths - SUPER_MULTIPLIER_NONE_TENTHS)
  return extra > 0n ? (lifted * extra) / 10n : 0n
}

export interface SuperSettlement {
  readonly record: SuperRecord
  readonly multiplier_tenths: number
  readonly bonus: bigint
}

/** Completion: draw the game's multiplier and compute the lift on every played return. */
export const settleSuper = (r: SuperRecord, game: GameType, io: OutcomeSource): SuperSettlement => {
  const multiplier_tenths = drawSuperMultiplier(game, io)
  const bonus = superBonus(r.lifted, multiplier_tenths)
  return { record: { ...r, multiplier_tenths, bonus }, multiplier_tenths, bonus }
}

/**
 * An outcome source that notes whether anything was drawn through it. A step that neither
 * completes the session nor drew an outcome cannot have settled a wager by chance, so a credit it
 * makes is a refund of an unplayed stake (clearing bets, lowering a side bet).
 */
export class ObservedOutcomes implements OutcomeSource {
  draws = 0
  constructor(private readonly io: OutcomeSource) {}
  card(shoe: Card[]): Card {
    this.draws++
    return this.io.card(shoe)
  }
  die(): number {
    this.draws++
    return this.io.die()
  }
  wheel(pockets: number): number {
    this.draws++
    return this.io.wheel(pockets)
  }
  uniform(n: number): number {
    this.draws++
    return this.io.uniform(n)
  }
}
