/**
 * The relayer's typed failures. Codes live with the other service-edge codes
 * (services/api/errors.ts, 400–409; evm/src/errors.ts holds the EVM scripts' 440–449).
 * Transient ones (unavailable, rejected, timeout, transaction failed) are retried on the next
 * poll; a blocked item stays in the state file with its reason for an operator.
 */
import { Data } from "effect"
import { SERVICE_ERROR_CODES } from "../api/errors.ts"

export class RelayerConfigInvalid extends Data.TaggedError("RelayerConfigInvalid")<{ readonly message: string }> {
  readonly code = SERVICE_ERROR_CODES.RelayerConfigInvalid
}

export class CasinoApiUnavailable extends Data.TaggedError("CasinoApiUnavailable")<{ readonly message: string }> {
  readonly code = SERVICE_ERROR_CODES.CasinoApiUnavailable
}

export class CasinoSubmitRejected extends Data.TaggedError("CasinoSubmitRejected")<{ readonly message: string; readonly error: string }> {
  readonly code = SERVICE_ERROR_CODES.CasinoSubmitRejected
}

export class CasinoExecutionTimeout extends Data.TaggedError("CasinoExecutionTimeout")<{ readonly message: string }> {
  readonly code = SERVICE_ERROR_CODES.CasinoExecutionTimeout
}

export class EvmRpcUnavailable extends Data.TaggedError("EvmRpcUnavailable")<{ readonly message: string }> {
  readonly code = SERVICE_ERROR_CODES.EvmRpcUnavailable
}

export class EvmTransactionFailed extends Data.TaggedError("EvmTransactionFailed")<{ readonly message: string }> {
  readonly code = SERVICE_ERROR_CODES.EvmTransactionFailed
}

export class RelayerStateCorrupt extends Data.TaggedError("RelayerStateCorrupt")<{ readonly message: string }> {
  readonly code = SERVICE_ERROR_CODES.RelayerStateCorrupt
}

export class RelayerStateLocked extends Data.TaggedError("RelayerStateLocked")<{ readonly message: string }> {
  readonly code = SERVICE_ERROR_CODES.RelayerStateLocked
}

export class BridgeItemBlocked extends Data.TaggedError("BridgeItemBlocked")<{ readonly message: string }> {
  readonly code = SERVICE_ERROR_CODES.BridgeItemBlocked
}

/** an operator's refund the relayer will not submit (not pending in its file, or already on its way to the lockbox) */
export class BridgeRefundRefused extends Data.TaggedError("BridgeRefundRefused")<{ readonly message: string }> {
  readonly code = SERVICE_ERROR_CODES.BridgeRefundRefused
}

export type RelayerError =
  | CasinoApiUnavailable
  | CasinoSubmitRejected
  | CasinoExecutionTimeout
  | EvmRpcUnavailable
  | EvmTransactionFailed
  | RelayerStateCorrupt

const text = (e: unknown): string => (e instanceof Error ? `${e.message}${e.cause instanceof Error ? ` (${e.cause.message})` : ""}` : String(e)).slice(0, 500)
export const describeError = text
