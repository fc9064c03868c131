/**
 * Shared property check for a game's rules: from random starts, walk random legal moves with a
 * seeded random outcome source and at every state try the whole move catalogue:
 *  - every move the stage table says is illegal is refused with InvalidMove/InvalidPayload, leaves
 *    the state untouched and draws no outcome;
 *  - some move is always legal until the session completes (no state locks chips);
 *  - a completing move never credits more than the bet types' maximum for the stakes on the table;
 *  - replaying the same seed and choices reproduces every state, charge and credit.
 */
import { expect } from "vitest"
import fc from "fast-check"
import { Schema } from "effect"
import { sha256 } from "../../crypto/sha256.ts"
import { RandomStream } from "../../random/stream.ts"
import { isGameError, type GameRules } from "../game.ts"
import { streamOutcomes, type OutcomeSource } from "../outcomes.ts"

export interface PropertySpec<S, I, M, MI> {
  readonly rules: GameRules<S, I, M, MI>
  readonly bet: fc.Arbitrary<bigint>
  /** one move of every kind worth trying in this state (legal and illegal ones) */
  readonly catalogue: (s: S) => ReadonlyArray<M>
  /** the stage table: is this move legal here? */
  readonly legal: (s: S, m: M) => boolean
  readonly isComplete: (s: S) => boolean
  /** the most a completion may credit, given the completed state's stakes */
  readonly maxCredit: (s: S) => bigint
}

class CountingSource implements OutcomeSource {
  calls = 0
  constructor(private readonly inner: OutcomeSource) {}
  card(shoe: number[]) {
    this.calls++
    return this.inner.card(shoe)
  }
  die() {
    this.calls++
    return this.inner.die()
  }
  wheel(p: number) {
    this.calls++
    return this.inner.wheel(p)
  }
  uniform(n: number) {
    this.calls++
    return this.inner.uniform(n)
  }
}

const show = (x: unknown): string => JSON.stringify(x, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v))

export const checkStageProperties = <S, I, M, MI>(spec: PropertySpec<S, I, M, MI>, numRuns = 150): void => {
  const encode = Schema.encodeSync(spec.rules.stateSchema)
  const snapshot = (s: S): string => JSON.stringify(encode(s))
  const run = (bet: bigint, seed: number, choices: ReadonlyArray<number>): string[] => {
    const io = new CountingSource(streamOutcomes(new RandomStream(sha256(new TextEncoder().encode(`props-${seed}`)))))
    const trace: string[] = []
    const init = spec.rules.init(bet, io)
    if (isGameError(init)) throw new Error(`init refused: ${init.message}`)
    let s = init.state
    trace.push(`${snapshot(s)} ${init.charge} ${init.credit}`)
    for (let i = 0; i < 200; i++) {
      const moves = spec.catalogue(s)
      for (const m of moves.filter((m) => !spec.legal(s, m))) {
        const before = snapshot(s)
        const calls = io.calls
        const r = spec.rules.move(s, m, io)
        expect(isGameError(r), `${show(m)} should be refused in ${before}`).toBe(true)
        expect(snapshot(s)).toBe(before)
        expect(io.calls).toBe(calls)
      }
      if (spec.isComplete(s)) break
      const legal = moves.filter((m) => spec.legal(s, m))
      expect(legal.length, `no legal move in ${snapshot(s)}`).toBeGreaterThan(0)
      // after the random choices run out, take the last legal move (the catalogues list progress last)
      const m = i < choices.length ? legal[choices[i]! % legal.length]! : legal[legal.length - 1]!
      const r = spec.rules.move(s, m, io)
      if (isGameError(r)) throw new Error(`${show(m)} refused though legal: ${r.message}`)
      s = r.state
      expect(r.complete).toBe(spec.isComplete(s))
      if (r.complete) expect(r.credit <= spec.maxCredit(s), `credit ${r.credit} above the maximum ${spec.maxCredit(s)}`).toBe(true)
      trace.push(`${snapshot(s)} ${r.charge} ${r.credit}`)
    }
    expect(spec.isComplete(s)).toBe(true)
    return trace
  }
  fc.assert(
    fc.property(spec.bet, fc.integer(), fc.array(fc.nat(), { maxLength: 30 }), (bet, seed, choices) => {
      expect(run(bet, seed, choices)).toEqual(run(bet, seed, choices))
    }),
    { numRuns }
  )
}
