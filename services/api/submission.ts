/**
 * The /submit body (chain-and-services.md §3.3): `0x01 || varint(n) || n transactions`,
 * 1 ≤ n ≤ 128, decoded exactly (no trailing bytes). Seeds (0x00) and summaries (0x02) belong to
 * a consensus network and are refused by the dev chain.
 */
import { ByteReader, ByteWriter, DecodeFailure } from "../../engine/codec/bytes.ts"
import { MAX_TRANSACTIONS_PER_SUBMISSION } from "../../engine/chain/constants.ts"
import { MalformedTransaction, OversizedSubmission } from "../../engine/errors.ts"
import { readTransaction, writeTransaction, type Transaction } from "../../engine/tx/transaction.ts"

export const SUBMISSION_TRANSACTIONS = 0x01

export interface SubmissionRejected {
  readonly _tag: "SubmissionRejected"
  readonly error: MalformedTransaction | OversizedSubmission
  readonly index: number | null
}

const malformed = (message: string, index: number | null): SubmissionRejected => ({
  _tag: "SubmissionRejected",
  error: new MalformedTransaction({ message }),
  index
})

const reason = (e: unknown): string => (e instanceof DecodeFailure ? e.message : e instanceof Error ? e.message : String(e))

/** the transaction count a submission's header declares (for per-transaction rate limits before decoding); null when the header is unreadable */
export const declaredCount = (bytes: Uint8Array): number | null => {
  try {
    const r = new ByteReader(bytes)
    if (r.u8() !== SUBMISSION_TRANSACTIONS) return null
    const n = r.varint()
    return n > BigInt(MAX_TRANSACTIONS_PER_SUBMISSION) ? MAX_TRANSACTIONS_PER_SUBMISSION : Number(n)
  } catch {
    return null
  }
}

export const decodeSubmission = (bytes: Uint8Array): ReadonlyArray<Transaction> | SubmissionRejected => {
  const r = new ByteReader(bytes)
  let n: bigint
  try {
    const tag = r.u8()
    if (tag !== SUBMISSION_TRANSACTIONS)
      return malformed(tag === 0x00 || tag === 0x02 ? `submission kind ${tag} is not accepted by the dev chain` : `unknown submission kind ${tag}`, null)
    n = r.varint()
  } catch (e) {
    return malformed(`submission header: ${reason(e)}`, null)
  }
  if (n === 0n) return malformed("a submission carries at least one transaction", null)
  if (n > BigInt(MAX_TRANSACTIONS_PER_SUBMISSION))
    return {
      _tag: "SubmissionRejected",
      error: new OversizedSubmission({ message: `${n} transactions exceed the limit of ${MAX_TRANSACTIONS_PER_SUBMISSION} per submission` }),
      index: null
    }
  const txs: Transaction[] = []
  for (let i = 0; i < Number(n); i++) {
    try {
      txs.push(readTransaction(r))
    } catch (e) {
      return malformed(`transaction ${i}: ${reason(e)}`, i)
    }
  }
  if (r.remaining > 0) return malformed(`${r.remaining} trailing bytes after ${n} transactions`, null)
  return txs
}

export const encodeSubmission = (txs: ReadonlyArray<Transaction>): Uint8Array => {
  const w = new ByteWriter(64 + txs.length * 160)
  w.u8(SUBMISSION_TRANSACTIONS).varint(txs.length)
  for (const tx of txs) writeTransaction(w, tx)
  return w.finish()
}
