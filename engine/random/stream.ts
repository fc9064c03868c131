/**
 * The deterministic random byte stream (games-b.md §0.2 shape): a 32-byte SHA-256 state handed out
 * byte by byte, re-hashed when used up. Bounded draws use rejection sampling, so there is no modulo bias.
 *
 * Rejection is bounded: a byte draw is accepted with probability limit/256 and a u32 draw with
 * limit/2³², at least 1/2 for every m (the worst cases are m = 128 and m just above 2³¹), so
 * REJECTION_DRAWS_MAX = 128 consecutive rejections happen with probability at most 2⁻¹²⁸ for a
 * random stream; reaching the limit means the stream is broken (an assertion, never a silently
 * biased value).
 */
import { assert } from "../assert.ts"
import { ByteWriter, utf8 } from "../codec/bytes.ts"
import { sha256, sha256Concat } from "../crypto/sha256.ts"

const TWO_32 = 0x1_0000_0000

/** consecutive rejected draws allowed in one bounded() call (see the module comment) */
export const REJECTION_DRAWS_MAX = 128

export class RandomStream {
  private state: Uint8Array
  private index = 0
  constructor(state0: Uint8Array) {
    if (state0.length !== 32) throw new RangeError("a random stream starts from a 32-byte state")
    this.state = state0
  }

  byte(): number {
    if (this.index === 32) {
      this.state = sha256(this.state)
      this.index = 0
    }
    return this.state[this.index++]!
  }

  u32(): number {
    return ((this.byte() << 24) >>> 0) + (this.byte() << 16) + (this.byte() << 8) + this.byte()
  }

  /** three bytes as an integer in [0, 2^24) */
  unit24(): number {
    return (this.byte() << 16) + (this.byte() << 8) + this.byte()
  }

  /**
   * A uniform integer in [0, m). For m ≤ 255 the reference byte sampler
   * (limit = 255 − 255 mod m, redraw while v ≥ limit); above that the same rule on u32 draws.
   */
  bounded(m: number): number {
    if (!Number.isInteger(m) || m < 0 || m > TWO_32) throw new RangeError(`bounded(${m}) out of range`)
    if (m <= 1) return 0
    if (m <= 255) {
      const limit = 255 - (255 % m)
      for (let draw = 0; draw < REJECTION_DRAWS_MAX; draw++) {
        const v = this.byte()
        if (v < limit) return v % m
      }
      assert(false, `bounded(${m}): ${REJECTION_DRAWS_MAX} byte draws rejected in a row`)
    }
    const limit = TWO_32 - (TWO_32 % m)
    for (let draw = 0; draw < REJECTION_DRAWS_MAX; draw++) {
      const v = this.u32()
      if (v < limit) return v % m
    }
    assert(false, `bounded(${m}): ${REJECTION_DRAWS_MAX} u32 draws rejected in a row`)
  }

  die(): number {
    return this.bounded(6) + 1
  }

  /** Fisher–Yates from the top, in place. */
  shuffle<T>(list: T[]): T[] {
    for (let i = list.length - 1; i >= 1; i--) {
      const j = this.bounded(i + 1)
      const tmp = list[i]!
      list[i] = list[j]!
      list[j] = tmp
    }
    return list
  }
}

/** one writer for every derivation (hashing never re-enters; a throw part-way is reset by the next call) */
const deriveWriter = new ByteWriter(128)

/**
 * Domain-separated derivation used by the engine:
 * state0 = SHA-256( varint(len(domain)) || domain || seed || session_id u64 BE || counter u32 BE ).
 */
export const deriveStream = (seed: Uint8Array, domain: string, id: bigint, counter: number): RandomStream => {
  const w = deriveWriter.reset()
  w.bytes(utf8(domain)).raw(seed).u64(id).u32(counter)
  return new RandomStream(sha256(w.view()))
}

/** The reference's own derivation (no domain), kept to check the samplers against games-b.md §0.2. */
export const referenceStream = (seedBytes: Uint8Array, session_id: bigint, move_number: number): RandomStream =>
  new RandomStream(sha256Concat(seedBytes, new ByteWriter(12).u64(session_id).u32(move_number).finish()))
