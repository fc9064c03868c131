/**
 * The request bodies of the auth endpoints as Effect Schemas. A body that does not decode is
 * InvalidRequest (305) before any handler runs; formats (hex lengths, addresses, URLs, prices)
 * are then checked by the module that owns them.
 */
import { Schema } from "effect"
import { authError } from "./errors.ts"

const Text = (max: number) => Schema.String.pipe(Schema.maxLength(max))

export const ChallengeBody = Schema.Struct({ publicKey: Text(70) })
export const KeyProofBody = Schema.Struct({ publicKey: Text(70), signature: Text(140), challengeId: Text(36) })
export const EvmChallengeBody = Schema.Struct({ address: Text(42), chainId: Schema.Int.pipe(Schema.positive()) })
export const LinkEvmBody = Schema.Struct({ address: Text(42), chainId: Schema.Int.pipe(Schema.positive()), signature: Text(402), challengeId: Text(36) })
export const CheckoutBody = Schema.Struct({
  priceId: Schema.optional(Text(255)),
  tier: Schema.optional(Text(64)),
  successUrl: Text(2_000),
  cancelUrl: Text(2_000),
  allowPromotionCodes: Schema.optional(Schema.Boolean)
})
export type CheckoutBody = typeof CheckoutBody.Type
export const PortalBody = Schema.Struct({ returnUrl: Text(2_000) })
export type PortalBody = typeof PortalBody.Type
export const ReconcileBody = Schema.Struct({ limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 100))) })

export const decodeBody = <A, I>(schema: Schema.Schema<A, I>, json: unknown): A => {
  const r = Schema.decodeUnknownEither(schema, { onExcessProperty: "ignore" })(json)
  if (r._tag === "Left") throw authError("InvalidRequest", `the body does not match: ${r.left.message.split("\n").slice(0, 3).join(" ").slice(0, 300)}`)
  return r.right
}
