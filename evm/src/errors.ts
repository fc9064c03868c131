/**
 * Typed errors of the EVM scripts (evm/ may not import effect: plain Error subclasses with a
 * `_tag` and a stable numeric `code`, 440–449, the end of the bridge's 400–449 block; the relayer's
 * own edge errors are 400–439, services/api/errors.ts).
 */
export const EVM_ERROR_CODES = {
  EmptyClaims: 440,
  InvalidInput: 441,
  InvalidSchedule: 442,
  DeploymentMissing: 443,
  UnsupportedNetwork: 444,
  ProofMismatch: 445
} as const
export type EvmErrorTag = keyof typeof EVM_ERROR_CODES

export class EvmScriptError extends Error {
  readonly code: number
  constructor(
    readonly _tag: EvmErrorTag,
    message: string
  ) {
    super(message)
    this.code = EVM_ERROR_CODES[_tag]
  }
}
