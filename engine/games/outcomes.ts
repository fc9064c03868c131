/**
 * The one place games obtain chance: draw a card from a shoe, roll a die, spin a wheel, pick a
 * uniform index (super-mode multipliers and other tables). Production feeds it from the
 * deterministic randomness service; tests and conformance vectors feed it a scripted sequence.
 */
import { Context, Layer } from "effect"
import { type RandomStream } from "../random/stream.ts"
import { type RandomnessShape } from "../random/randomness.ts"
import { cardLabel, parseCardLabel, removeCard, type Card } from "./cards.ts"

export interface OutcomeSource {
  /** draw one card from the shoe, removing it */
  card(shoe: Card[]): Card
  /** 1..6 */
  die(): number
  /** 0..pockets−1 */
  wheel(pockets: number): number
  /** uniform in [0, n) */
  uniform(n: number): number
}

export const streamOutcomes = (stream: RandomStream): OutcomeSource => ({
  card: (shoe) => {
    if (shoe.length === 0) throw new OutcomeFailure("the shoe is empty")
    const i = stream.bounded(shoe.length)
    const c = shoe[i]!
    shoe[i] = shoe[shoe.length - 1]!
    shoe.pop()
    return c
  },
  die: () => stream.die(),
  wheel: (pockets) => stream.bounded(pockets),
  uniform: (n) => stream.bounded(n)
})

/** Raised when an outcome cannot be produced (empty shoe, script mismatch). Aborts the move. */
export class OutcomeFailure extends Error {
  readonly _tag = "OutcomeFailure"
  readonly code = 119
}

/** A scripted outcome: a card label ("AS"), a die face, a wheel pocket or a uniform index. */
export type ScriptedOutcome = string | number

/** Feeds outcomes from a list, in order, and checks each fits what the game asked for. */
export class ScriptedOutcomes implements OutcomeSource {
  private next = 0
  constructor(private readonly script: ReadonlyArray<ScriptedOutcome>) {}
  get consumed(): number {
    return this.next
  }
  get remaining(): number {
    return this.script.length - this.next
  }
  /** put back what a rejected move drew: a refused transaction consumes no outcome */
  rewind(consumed: number): void {
    if (consumed < 0 || consumed > this.next) throw new RangeError(`cannot rewind to ${consumed}`)
    this.next = consumed
  }
  private take(what: string): ScriptedOutcome {
    if (this.next >= this.script.length) throw new OutcomeFailure(`the game asked for a ${what} after all ${this.script.length} scripted outcomes were used`)
    return this.script[this.next++]!
  }
  card(shoe: Card[]): Card {
    const v = this.take("card")
    const card = typeof v === "string" ? parseCardLabel(v) : null
    if (card === null) throw new OutcomeFailure(`scripted outcome ${JSON.stringify(v)} is not a card`)
    if (!removeCard(shoe, card)) throw new OutcomeFailure(`scripted card ${cardLabel(card)} is not left in the shoe`)
    return card
  }
  die(): number {
    const v = this.take("die")
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > 6) throw new OutcomeFailure(`scripted outcome ${JSON.stringify(v)} is not a die face`)
    return v
  }
  wheel(pockets: number): number {
    const v = this.take("wheel result")
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= pockets)
      throw new OutcomeFailure(`scripted outcome ${JSON.stringify(v)} is not a pocket of a ${pockets}-pocket wheel`)
    return v
  }
  uniform(n: number): number {
    const v = this.take("uniform index")
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= n) throw new OutcomeFailure(`scripted outcome ${JSON.stringify(v)} is not in [0, ${n})`)
    return v
  }
}

/**
 * Where a move gets its outcome source. `purpose` separates independent draws of one move
 * (e.g. "game" and "super").
 */
export interface OutcomeSourcesShape {
  readonly forMove: (session_id: bigint, move_number: number, purpose: string) => OutcomeSource
}

export class OutcomeSources extends Context.Tag("nullspace/OutcomeSources")<OutcomeSources, OutcomeSourcesShape>() {}

/**
 * A move's outcomes from its stream, derived at the first draw (a move that draws nothing, like a
 * roulette session's start, derives none): the draws are those of `streamOutcomes` on that stream.
 */
class LazyStreamOutcomes implements OutcomeSource {
  private source: OutcomeSource | null = null
  constructor(
    private readonly randomness: RandomnessShape,
    private readonly purpose: string,
    private readonly session_id: bigint,
    private readonly move_number: number
  ) {}
  private get io(): OutcomeSource {
    return (this.source ??= streamOutcomes(this.randomness.stream(this.purpose, this.session_id, this.move_number)))
  }
  card(shoe: Card[]): Card {
    return this.io.card(shoe)
  }
  die(): number {
    return this.io.die()
  }
  wheel(pockets: number): number {
    return this.io.wheel(pockets)
  }
  uniform(n: number): number {
    return this.io.uniform(n)
  }
}

/** Production: outcomes from the block's randomness, one stream per (purpose, session, move). */
export const outcomesFromRandomness = (randomness: RandomnessShape): OutcomeSourcesShape => ({
  forMove: (session_id, move_number, purpose) => new LazyStreamOutcomes(randomness, purpose, session_id, move_number)
})

/** Tests and conformance: every session draws from one shared script, in order. */
export const scriptedOutcomeSources = (script: ScriptedOutcomes): OutcomeSourcesShape => ({
  forMove: () => script
})

export const ScriptedOutcomeSources = (script: ScriptedOutcomes) => Layer.succeed(OutcomeSources, scriptedOutcomeSources(script))
