/** A u64 given as decimal text (path parameters, query filters): at most 20 digits and ≤ 2^64 − 1; null otherwise. */
import { U64_MAX } from "../../engine/codec/bytes.ts"

export const parseU64Decimal = (raw: string): bigint | null => (/^[0-9]{1,20}$/.test(raw) && BigInt(raw) <= U64_MAX ? BigInt(raw) : null)
