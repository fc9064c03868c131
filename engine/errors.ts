/**
 * Every rejection the engine can produce, as a tagged error with a stable numeric code.
 * Codes 1–15 follow economy.md §2.0 / games-b.md §0.4 so clients keep their meaning;
 * codes ≥ 16 are Null/Space additions; codes ≥ 100 are transaction-level (never reach a handler).
 * Every class has its own code (test/error-codes.test.ts holds the recorded table); the wire's
 * CasinoError `error_code` byte keeps the spec's coarser mapping (`casinoErrorCode` below).
 * A rejected instruction changes nothing but its nonce (see execute/apply-transaction.ts).
 */
import { Schema } from "effect"

const detail = { message: Schema.String }

export class PlayerAlreadyRegistered extends Schema.TaggedError<PlayerAlreadyRegistered>()("PlayerAlreadyRegistered", detail) {
  readonly code = 1
}
export class PlayerNotFound extends Schema.TaggedError<PlayerNotFound>()("PlayerNotFound", detail) {
  readonly code = 2
}
export class InsufficientFunds extends Schema.TaggedError<InsufficientFunds>()("InsufficientFunds", {
  message: Schema.String,
  required: Schema.BigInt,
  available: Schema.BigInt
}) {
  readonly code = 3
}
/** A bad amount or parameter (the reference reuses "invalid bet" for bad parameters). */
export class InvalidBet extends Schema.TaggedError<InvalidBet>()("InvalidBet", detail) {
  readonly code = 4
}
export class SessionExists extends Schema.TaggedError<SessionExists>()("SessionExists", detail) {
  readonly code = 5
}
export class SessionNotFound extends Schema.TaggedError<SessionNotFound>()("SessionNotFound", detail) {
  readonly code = 6
}
export class SessionNotOwned extends Schema.TaggedError<SessionNotOwned>()("SessionNotOwned", detail) {
  readonly code = 7
}
export class SessionComplete extends Schema.TaggedError<SessionComplete>()("SessionComplete", detail) {
  readonly code = 8
}
/** A move that is not legal in the session's current stage, or a generic economy rejection. */
export class InvalidMove extends Schema.TaggedError<InvalidMove>()("InvalidMove", detail) {
  readonly code = 9
}
/**
 * A move payload the game cannot decode (wrong length, unknown action, bad field). The spec
 * fixes 9 for InvalidMove (economy.md §2.0); this one is a Null/Space addition with its own code,
 * and reaches the CasinoError event as 9 like every game-level error (games-b.md §0.4).
 */
export class InvalidPayload extends Schema.TaggedError<InvalidPayload>()("InvalidPayload", detail) {
  readonly code = 19
}
export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", detail) {
  readonly code = 10
}
export class TournamentNotRegistering extends Schema.TaggedError<TournamentNotRegistering>()("TournamentNotRegistering", detail) {
  readonly code = 11
}
export class AlreadyInTournament extends Schema.TaggedError<AlreadyInTournament>()("AlreadyInTournament", detail) {
  readonly code = 12
}
export class TournamentLimitReached extends Schema.TaggedError<TournamentLimitReached>()("TournamentLimitReached", detail) {
  readonly code = 13
}
export class NotInTournament extends Schema.TaggedError<NotInTournament>()("NotInTournament", detail) {
  readonly code = 14
}
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", detail) {
  readonly code = 15
}
/** The instruction exists but is switched off by policy or phase (e.g. the bridge in phase 1). */
export class InstructionDisabled extends Schema.TaggedError<InstructionDisabled>()("InstructionDisabled", detail) {
  readonly code = 16
}
/** The instruction's module is not part of this engine build yet. */
export class InstructionUnsupported extends Schema.TaggedError<InstructionUnsupported>()("InstructionUnsupported", detail) {
  readonly code = 17
}
/** An arithmetic result would leave its field's range (checked, never wrapped). */
export class AmountOverflow extends Schema.TaggedError<AmountOverflow>()("AmountOverflow", detail) {
  readonly code = 18
}

/** a bridge instruction names a withdrawal id the chain never assigned */
export class BridgeWithdrawalNotFound extends Schema.TaggedError<BridgeWithdrawalNotFound>()("BridgeWithdrawalNotFound", detail) {
  readonly code = 20
}
/** the withdrawal was already finalized (released on the EVM side): it can no longer be refunded */
export class BridgeWithdrawalAlreadyFinalized extends Schema.TaggedError<BridgeWithdrawalAlreadyFinalized>()("BridgeWithdrawalAlreadyFinalized", detail) {
  readonly code = 21
}
/** the withdrawal was already refunded: it can be neither refunded again nor finalized */
export class BridgeWithdrawalAlreadyRefunded extends Schema.TaggedError<BridgeWithdrawalAlreadyRefunded>()("BridgeWithdrawalAlreadyRefunded", detail) {
  readonly code = 22
}

/** The instruction set a handler may reject with. */
export const InstructionError = Schema.Union(
  PlayerAlreadyRegistered,
  PlayerNotFound,
  InsufficientFunds,
  InvalidBet,
  SessionExists,
  SessionNotFound,
  SessionNotOwned,
  SessionComplete,
  InvalidMove,
  InvalidPayload,
  RateLimited,
  TournamentNotRegistering,
  AlreadyInTournament,
  TournamentLimitReached,
  NotInTournament,
  Unauthorized,
  InstructionDisabled,
  InstructionUnsupported,
  AmountOverflow,
  BridgeWithdrawalNotFound,
  BridgeWithdrawalAlreadyFinalized,
  BridgeWithdrawalAlreadyRefunded
)
export type InstructionError = typeof InstructionError.Type

/** The code every game-level error carries on the wire (games-b.md §0.4: INVALID_MOVE). */
export const GAME_ERROR_WIRE_CODE = 9

/**
 * The `error_code` byte of a CasinoError event: the error's own code, except that every
 * game-level error (InvalidMove, InvalidPayload) is 9, as the executor of games-b.md §0.4 maps them.
 */
export const casinoErrorCode = (e: InstructionError): number => (e._tag === "InvalidPayload" ? GAME_ERROR_WIRE_CODE : e.code)

// ---------------------------------------------------------------- transaction level

/** The transaction's nonce is below the account's next nonce: it was already used. */
export class NonceReplay extends Schema.TaggedError<NonceReplay>()("NonceReplay", {
  message: Schema.String,
  expected: Schema.BigInt,
  got: Schema.BigInt
}) {
  readonly code = 100
}
/** The transaction's nonce is above the account's next nonce: an earlier one is missing. */
export class NonceGap extends Schema.TaggedError<NonceGap>()("NonceGap", {
  message: Schema.String,
  expected: Schema.BigInt,
  got: Schema.BigInt
}) {
  readonly code = 101
}
export class BadSignature extends Schema.TaggedError<BadSignature>()("BadSignature", detail) {
  readonly code = 102
}
export class MalformedTransaction extends Schema.TaggedError<MalformedTransaction>()("MalformedTransaction", detail) {
  readonly code = 103
}
export class OversizedSubmission extends Schema.TaggedError<OversizedSubmission>()("OversizedSubmission", detail) {
  readonly code = 104
}

/**
 * The public key is a small-order point or a non-canonical encoding (engine/tx/verify.ts): no
 * signature under it is accepted, so nothing from it is admitted, included or executed.
 */
export class WeakPublicKey extends Schema.TaggedError<WeakPublicKey>()("WeakPublicKey", detail) {
  readonly code = 105
}

export const TransactionError = Schema.Union(NonceReplay, NonceGap, BadSignature, MalformedTransaction, OversizedSubmission, WeakPublicKey)
export type TransactionError = typeof TransactionError.Type

/** Execution cannot continue (a block out of order, a corrupt store). Never produced by user input. */
export class FatalExecutionError extends Schema.TaggedError<FatalExecutionError>()("FatalExecutionError", detail) {
  readonly code = 118
}

// ---------------------------------------------------------------- block level (engine/chain/verify-block.ts)
// A proposed or finalized block that fails verification is refused whole and changes nothing.
// `index` names the offending transaction when there is one.

const blockDetail = { message: Schema.String, index: Schema.NullOr(Schema.Number) }

/** more than MAX_TRANSACTIONS_PER_BLOCK transactions */
export class BlockTooManyTransactions extends Schema.TaggedError<BlockTooManyTransactions>()("BlockTooManyTransactions", blockDetail) {
  readonly code = 106
}
/** the encoded block exceeds MAX_BLOCK_BYTES */
export class BlockTooLarge extends Schema.TaggedError<BlockTooLarge>()("BlockTooLarge", blockDetail) {
  readonly code = 107
}
/** the block's parent digest is not the digest of the block it must extend */
export class BlockWrongParent extends Schema.TaggedError<BlockWrongParent>()("BlockWrongParent", blockDetail) {
  readonly code = 108
}
/** the block's height is not its parent's height + 1 */
export class BlockWrongHeight extends Schema.TaggedError<BlockWrongHeight>()("BlockWrongHeight", blockDetail) {
  readonly code = 109
}
/** the block's view is not after its parent's view (or not the view consensus expects) */
export class BlockWrongView extends Schema.TaggedError<BlockWrongView>()("BlockWrongView", blockDetail) {
  readonly code = 110
}
/** the same transaction (same id) appears twice in the block */
export class BlockDuplicateTransaction extends Schema.TaggedError<BlockDuplicateTransaction>()("BlockDuplicateTransaction", blockDetail) {
  readonly code = 111
}
/** an account's nonces in the block are not strictly increasing */
export class BlockNonceOrder extends Schema.TaggedError<BlockNonceOrder>()("BlockNonceOrder", blockDetail) {
  readonly code = 112
}
/** an account has more than one transaction in the block (the proposer builds one per account) */
export class BlockAccountRepeated extends Schema.TaggedError<BlockAccountRepeated>()("BlockAccountRepeated", blockDetail) {
  readonly code = 113
}
/** a transaction's key is small-order or non-canonical */
export class BlockWeakKey extends Schema.TaggedError<BlockWeakKey>()("BlockWeakKey", blockDetail) {
  readonly code = 114
}
/** a transaction's signature does not verify under the network's namespace */
export class BlockBadSignature extends Schema.TaggedError<BlockBadSignature>()("BlockBadSignature", blockDetail) {
  readonly code = 115
}

export const BlockError = Schema.Union(
  BlockTooManyTransactions,
  BlockTooLarge,
  BlockWrongParent,
  BlockWrongHeight,
  BlockWrongView,
  BlockDuplicateTransaction,
  BlockNonceOrder,
  BlockAccountRepeated,
  BlockWeakKey,
  BlockBadSignature
)
export type BlockError = typeof BlockError.Type

/** A chain configuration that must not be used (e.g. a weak or malformed admin key); nothing starts with it. */
export class InvalidChainConfig extends Schema.TaggedError<InvalidChainConfig>()("InvalidChainConfig", detail) {
  readonly code = 116
}

/** Bytes that are not a well-formed proof (state or events): why, and at which byte. Nothing is verified from them. */
export class ProofMalformed extends Schema.TaggedError<ProofMalformed>()("ProofMalformed", {
  message: Schema.String,
  offset: Schema.Number
}) {
  readonly code = 120
}

/** A session that cannot be replayed from what was given (unknown game, a move after completion, too many moves). */
export class ReplayRefused extends Schema.TaggedError<ReplayRefused>()("ReplayRefused", detail) {
  readonly code = 121
}
