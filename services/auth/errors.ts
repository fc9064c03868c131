/**
 * Every rejection of the auth service: a tagged error with a stable numeric code (300–349 auth,
 * 350–399 billing) and an HTTP status. The body is `{"error": tag, "code": n, "message": "…"}`.
 * AUTH_ERROR_CODES only grows (test/errors.test.ts checks ranges and uniqueness against the API's
 * SERVICE_ERROR_CODES).
 */
import { Data } from "effect"

export const AUTH_ERROR_CODES = {
  ConfigInvalid: 300,
  OriginNotAllowed: 301,
  CsrfInvalid: 302,
  Unauthorized: 303,
  RateLimited: 304,
  InvalidRequest: 305,
  ChallengeInvalid: 306,
  SignatureInvalid: 307,
  PublicKeyTaken: 308,
  EvmAddressTaken: 309,
  EvmLinkCooldown: 310,
  EvmChainNotAllowed: 311,
  EvmNeedsPublicKey: 312,
  NotFound: 313,
  MethodNotAllowed: 314,
  BodyTooLarge: 315,
  MetricsUnauthorized: 316,
  AdminKeyUnavailable: 317,
  FreerollSyncFailed: 318,
  ChainUnavailable: 319,
  StorageFailure: 320,
  InternalError: 321,
  PriceNotAllowed: 350,
  TierMismatch: 351,
  RedirectNotAllowed: 352,
  NoStripeCustomer: 353,
  StripeUnavailable: 354,
  WebhookSignatureMissing: 355,
  WebhookSignatureInvalid: 356,
  WebhookPayloadInvalid: 357
} as const
export type AuthErrorTag = keyof typeof AUTH_ERROR_CODES

export const AUTH_ERROR_STATUS: Record<AuthErrorTag, number> = {
  ConfigInvalid: 500,
  OriginNotAllowed: 403,
  CsrfInvalid: 403,
  Unauthorized: 401,
  RateLimited: 429,
  InvalidRequest: 400,
  ChallengeInvalid: 401,
  SignatureInvalid: 401,
  PublicKeyTaken: 409,
  EvmAddressTaken: 409,
  EvmLinkCooldown: 409,
  EvmChainNotAllowed: 400,
  EvmNeedsPublicKey: 400,
  NotFound: 404,
  MethodNotAllowed: 405,
  BodyTooLarge: 413,
  MetricsUnauthorized: 401,
  AdminKeyUnavailable: 503,
  FreerollSyncFailed: 502,
  ChainUnavailable: 502,
  StorageFailure: 500,
  InternalError: 500,
  PriceNotAllowed: 400,
  TierMismatch: 400,
  RedirectNotAllowed: 400,
  NoStripeCustomer: 400,
  StripeUnavailable: 502,
  WebhookSignatureMissing: 400,
  WebhookSignatureInvalid: 400,
  WebhookPayloadInvalid: 400
}

/** one rejection: `tag` names it, `code` and `status` follow from the tables above */
export class AuthError extends Data.TaggedError("AuthError")<{ readonly reason: AuthErrorTag; readonly message: string; readonly retry_after_s?: number }> {
  get code(): number {
    return AUTH_ERROR_CODES[this.reason]
  }
  get status(): number {
    return AUTH_ERROR_STATUS[this.reason]
  }
}

export const authError = (reason: AuthErrorTag, message: string, retry_after_s?: number): AuthError =>
  new AuthError(retry_after_s === undefined ? { reason, message } : { reason, message, retry_after_s })

export const isAuthError = (e: unknown): e is AuthError => e instanceof AuthError
