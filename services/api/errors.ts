/**
 * Every rejection the API returns, as `{"error": tag, "code": n, "message": "...", "index"?: i}`
 * with a fixed HTTP status. Engine errors keep their engine code (errors.ts); rejections that
 * exist only at the service edge get codes ≥ 200 here.
 */
import type { MempoolFull } from "../../engine/chain/mempool.ts"
import type { TransactionError } from "../../engine/errors.ts"

export const SERVICE_ERROR_CODES = {
  MempoolFull: 200,
  RateLimitExceeded: 201,
  InvalidParameter: 202,
  RouteNotFound: 203,
  ChainHalted: 204,
  InternalError: 205,
  ConnectionLimit: 206,
  MalformedFilter: 207,
  NotCertified: 208,
  OriginNotAllowed: 209,
  MethodNotAllowed: 210,
  MetricsUnauthorized: 211,
  ClientClosedRequest: 212,
  SeedNotFound: 213,
  ExplorerUnavailable: 220,
  BlockNotFound: 221,
  TransactionNotFound: 222,
  AccountNotFound: 223,
  IndexedSessionNotFound: 224,
  SearchNotFound: 225,
  ExplorerBadRequest: 226,
  PublicDatabaseHost: 227,
  ExplorerDatabaseError: 228,
  ExplorerConflict: 229,
  FanoutUrlInvalid: 230,
  FanoutFrameTooLarge: 231,
  FanoutFrameMalformed: 232,
  FanoutPublishFailed: 233,
  FanoutQueueFull: 234,
  FanoutLagged: 235,
  UpdateFrameUnverified: 236,
  RelayerConfigInvalid: 400,
  CasinoApiUnavailable: 401,
  CasinoSubmitRejected: 402,
  EvmRpcUnavailable: 403,
  EvmTransactionFailed: 404,
  RelayerStateCorrupt: 405,
  RelayerStateLocked: 406,
  BridgeItemBlocked: 407,
  CasinoExecutionTimeout: 408,
  BridgeRefundRefused: 409,
  PlayerNotFound: 2,
  SessionNotFound: 6
} as const
export type ServiceErrorTag = keyof typeof SERVICE_ERROR_CODES

const TRANSACTION_STATUS: Record<TransactionError["_tag"], number> = {
  MalformedTransaction: 400,
  BadSignature: 400,
  NonceReplay: 409,
  NonceGap: 400,
  OversizedSubmission: 413,
  WeakPublicKey: 400
}

const SERVICE_STATUS: Record<ServiceErrorTag, number> = {
  MempoolFull: 503,
  RateLimitExceeded: 429,
  InvalidParameter: 400,
  RouteNotFound: 404,
  ChainHalted: 503,
  InternalError: 500,
  ConnectionLimit: 429,
  MalformedFilter: 400,
  NotCertified: 501,
  OriginNotAllowed: 403,
  MethodNotAllowed: 405,
  MetricsUnauthorized: 401,
  ClientClosedRequest: 499,
  SeedNotFound: 404,
  ExplorerUnavailable: 503,
  BlockNotFound: 404,
  TransactionNotFound: 404,
  AccountNotFound: 404,
  IndexedSessionNotFound: 404,
  SearchNotFound: 404,
  ExplorerBadRequest: 400,
  PublicDatabaseHost: 500,
  ExplorerDatabaseError: 503,
  ExplorerConflict: 500,
  FanoutUrlInvalid: 500,
  FanoutFrameTooLarge: 413,
  FanoutFrameMalformed: 400,
  FanoutPublishFailed: 503,
  FanoutQueueFull: 503,
  FanoutLagged: 503,
  UpdateFrameUnverified: 400,
  RelayerConfigInvalid: 500,
  CasinoApiUnavailable: 502,
  CasinoSubmitRejected: 502,
  EvmRpcUnavailable: 502,
  EvmTransactionFailed: 502,
  RelayerStateCorrupt: 500,
  RelayerStateLocked: 409,
  BridgeItemBlocked: 422,
  CasinoExecutionTimeout: 504,
  BridgeRefundRefused: 409,
  PlayerNotFound: 404,
  SessionNotFound: 404
}

export interface ErrorBody {
  readonly error: string
  readonly code: number
  readonly message: string
  readonly index?: number
  readonly expected?: string
  readonly got?: string
}

export interface ApiFailure {
  readonly status: number
  readonly body: ErrorBody
}

export const transactionFailure = (e: TransactionError, index: number | null): ApiFailure => {
  const nonce = e._tag === "NonceReplay" || e._tag === "NonceGap" ? { expected: e.expected.toString(), got: e.got.toString() } : {}
  return {
    status: TRANSACTION_STATUS[e._tag],
    body: { error: e._tag, code: e.code, message: e.message, ...(index === null ? {} : { index }), ...nonce }
  }
}

export const serviceFailure = (tag: ServiceErrorTag, message: string, index: number | null = null): ApiFailure => ({
  status: SERVICE_STATUS[tag],
  body: { error: tag, code: SERVICE_ERROR_CODES[tag], message, ...(index === null ? {} : { index }) }
})

export const mempoolFullFailure = (e: MempoolFull, index: number | null): ApiFailure => serviceFailure("MempoolFull", e.message, index)
