/**
 * The simulator's only source of chance: the engine's deterministic random stream
 * (engine/random/stream.ts) started from SHA-256("nullspace/vopr/" || label || seed). No Math.random,
 * so a run is a pure function of its seed number and replays exactly.
 */
import { utf8 } from "../../engine/codec/bytes.ts"
import { sha256 } from "../../engine/crypto/sha256.ts"
import { RandomStream } from "../../engine/random/stream.ts"

const TWO_32 = 0x1_0000_0000

export class Prng {
  private readonly stream: RandomStream
  constructor(seed: number, label: string) {
    this.stream = new RandomStream(sha256(utf8(`nullspace/vopr/${label}/${seed}`)))
  }
  /** uniform in [0, 1) with 32-bit resolution (simulation parameters only, never engine state) */
  unit(): number {
    return this.stream.u32() / TWO_32
  }
  /** uniform integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + this.stream.bounded(hi - lo + 1)
  }
  chance(p: number): boolean {
    return p > 0 && this.unit() < p
  }
  pick<T>(list: ReadonlyArray<T>): T {
    const v = list[this.stream.bounded(list.length)]
    if (v === undefined) throw new RangeError("pick from an empty list")
    return v
  }
  shuffle<T>(list: T[]): T[] {
    return this.stream.shuffle(list)
  }
}
