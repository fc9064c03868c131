/**
 * Conformance vector shapes (../shared/conformance/README.md), decoded with Effect Schema so a
 * malformed vector is a reported failure, never a skip.
 */
import { Schema } from "effect"

/** decimal string or JSON integer → bigint */
export const Int = Schema.Union(Schema.BigInt, Schema.transform(Schema.Int, Schema.BigIntFromSelf, { strict: true, decode: (n) => BigInt(n), encode: (b) => Number(b) }))

export const GameMoveJson = Schema.Record({ key: Schema.String, value: Schema.Unknown })
export type GameMoveJson = typeof GameMoveJson.Type

export const GameVector = Schema.Struct({
  name: Schema.String,
  game: Schema.String,
  chips: Schema.optionalWith(Int, { default: () => 1000n }),
  rules: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Schema.Unknown }), { default: () => ({}) }),
  start: Schema.Struct({ bet: Int }),
  moves: Schema.Array(GameMoveJson),
  outcomes: Schema.Array(Schema.Union(Schema.String, Schema.Number)),
  expect: Schema.Struct({
    net: Schema.optional(Int),
    chips: Schema.optional(Int),
    complete: Schema.optional(Schema.Boolean)
  })
})
export type GameVector = typeof GameVector.Type

export const EconomyStep = Schema.Union(
  Schema.Struct({
    as: Schema.String,
    op: Schema.String,
    args: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Schema.Unknown }), { default: () => ({}) }),
    rejected: Schema.optionalWith(Schema.Boolean, { default: () => false })
  }),
  Schema.Struct({ advance_seconds: Schema.Int })
)
export type EconomyStep = typeof EconomyStep.Type

export const EconomyVector = Schema.Struct({
  name: Schema.String,
  genesis: Schema.Struct({
    policy: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
    balances: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Record({ key: Schema.String, value: Schema.Unknown }) })),
    amm: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
  }),
  steps: Schema.Array(EconomyStep),
  expect: Schema.Record({ key: Schema.String, value: Schema.Unknown })
})
export type EconomyVector = typeof EconomyVector.Type

export const isGameVector = (json: unknown): boolean => typeof json === "object" && json !== null && "game" in json
