/** A documented seeded PRNG for the scripts (splitmix64, BigInt): same seed, same bids. */
const MASK = (1n << 64n) - 1n

export class SplitMix64 {
  private state: bigint
  constructor(seed: bigint) {
    this.state = seed & MASK
  }
  next(): bigint {
    this.state = (this.state + 0x9e3779b97f4a7c15n) & MASK
    let z = this.state
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK
    return z ^ (z >> 31n)
  }
  /** uniform in [lo, hi] (modulo bias below 2^-40 for the ranges used) */
  between(lo: bigint, hi: bigint): bigint {
    return lo + (this.next() % (hi - lo + 1n))
  }
}
