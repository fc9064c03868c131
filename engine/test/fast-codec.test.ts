/**
 * The compiled game-state codec (state/fast-codec.ts) builds exactly what Schema builds: on
 * generated states of every game (Arbitrary.make) its encode equals Schema.encodeSync and its
 * decode of the encoding equals Schema.decodeUnknownSync; on corrupted encodings it never
 * accepts what Schema rejects (it answers the same or defers to Schema). Every game state
 * schema compiles (the fast path is really taken).
 */
import { describe, expect, it } from "vitest"
// Arbitrary.make builds arbitraries of the fast-check bundled with effect: run them on it
import { Arbitrary, Either, FastCheck as fc, Schema } from "effect"
import { roulette } from "../games/roulette/roulette.ts"
import { baccarat } from "../games/baccarat/baccarat.ts"
import { casinoWar } from "../games/casino-war/casino-war.ts"
import { craps } from "../games/craps/craps.ts"
import { blackjack } from "../games/blackjack/blackjack.ts"
import { hilo } from "../games/hilo/hilo.ts"
import { videoPoker } from "../games/video-poker/video-poker.ts"
import { sicBo } from "../games/sic-bo/sic-bo.ts"
import { threeCard } from "../games/three-card/three-card.ts"
import { ultimateHoldem } from "../games/ultimate-holdem/ultimate-holdem.ts"
import { fastCodec } from "../state/fast-codec.ts"
import { U64_MAX } from "../codec/bytes.ts"

const SEED = 20261203
console.log(`fast-codec fast-check seed ${SEED}`)

interface Case {
  readonly name: string
  readonly run: () => void
}

const BAD: ReadonlyArray<unknown> = ["-1", (U64_MAX + 1n).toString(), "1.5", " 7", "x", 1.5, -1, null, true, [], {}, 3n, undefined]

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v)

/** replace one field (or one array item one level down) of an encoded state by a bad value */
const corrupt = (encoded: unknown, pick: number, bad: number): unknown => {
  if (!isRecord(encoded)) return BAD[bad % BAD.length]
  const keys = Object.keys(encoded)
  const k = keys[pick % Math.max(1, keys.length)]
  if (k === undefined) return encoded
  const inner = encoded[k]
  if (Array.isArray(inner) && inner.length > 0) {
    const copy = [...inner]
    const i = (pick >> 4) % copy.length
    copy[i] = isRecord(copy[i]) ? corrupt(copy[i], pick >> 8, bad) : BAD[bad % BAD.length]
    return { ...encoded, [k]: copy }
  }
  return { ...encoded, [k]: BAD[bad % BAD.length] }
}

const caseOf = <S, I>(rules: { readonly name: string; readonly stateSchema: Schema.Schema<S, I> }): Case => ({
  name: rules.name,
  run: () => {
    const schema = rules.stateSchema
    const fast = fastCodec(schema)
    const encode = Schema.encodeSync(schema)
    const decode = Schema.decodeUnknownEither(schema)
    let fastDecoded = 0
    let rejected = 0
    fc.assert(
      fc.property(Arbitrary.make(schema), fc.nat(), fc.nat(), (state, pick, bad) => {
        const encoded = encode(state)
        expect(fast.encode(state)).toEqual(encoded)
        const back = fast.decode(encoded)
        expect(back).not.toBe(undefined)
        const reference = decode(encoded)
        expect(Either.isRight(reference)).toBe(true)
        if (Either.isRight(reference)) expect(back).toEqual(reference.right)
        fastDecoded++
        const broken = corrupt(encoded, pick, bad)
        const verdict = decode(broken)
        const quick = fast.decode(broken)
        if (Either.isLeft(verdict)) {
          expect(quick).toBe(undefined)
          rejected++
        } else if (quick !== undefined) expect(quick).toEqual(verdict.right)
      }),
      { seed: SEED, numRuns: 150 }
    )
    expect(fastDecoded).toBe(150)
    expect(rejected).toBeGreaterThan(20)
  }
})

const GAMES: ReadonlyArray<Case> = [
  caseOf(roulette),
  caseOf(baccarat),
  caseOf(casinoWar),
  caseOf(craps),
  caseOf(blackjack),
  caseOf(hilo),
  caseOf(videoPoker),
  caseOf(sicBo),
  caseOf(threeCard),
  caseOf(ultimateHoldem)
]

describe("compiled game-state codec", () => {
  for (const g of GAMES) it(`${g.name}: same values as Schema, never accepts what Schema rejects`, g.run)

  it("reads own fields only (an inherited or shadowed field is missing) and otherwise answers as Schema", () => {
    const S = Schema.Struct({ a: Schema.BigInt, constructor: Schema.Number })
    const fast = fastCodec(S)
    const decode = Schema.decodeUnknownEither(S)
    const inputs: unknown[] = [
      { a: "1", constructor: 2 },
      { a: "1" },
      Object.create({ a: "1", constructor: 2 }),
      Object.assign(Object.create(null), { a: "1", constructor: 2 }),
      Object.assign(Object.create({ constructor: 2 }), { a: "1" })
    ]
    const verdicts = inputs.map((u) => {
      const expected = decode(u)
      const got = fast.decode(u)
      // an answer of the fast path is Schema's; undefined defers to Schema (which reads inherited fields when decoding)
      if (got !== undefined) expect(Either.getOrThrow(expected)).toEqual(got)
      return got !== undefined
    })
    // the fast path is really taken on the plain and the null-prototype object, and only there
    expect(verdicts).toEqual([true, false, false, true, false])
  })
})
