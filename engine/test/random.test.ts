import { describe, expect, it } from "vitest"
import { toHex, utf8 } from "../codec/bytes.ts"
import { RandomStream, deriveStream, referenceStream } from "../random/stream.ts"
import { streamOutcomes } from "../games/outcomes.ts"
import { newShoe } from "../games/cards.ts"

/** The reference's "draw from a fresh deck": shuffle 0..51, then a random index, swap-remove. */
const referenceDraw = (s: RandomStream, deck: number[]): number => {
  const i = s.bounded(deck.length)
  const c = deck[i]!
  deck[i] = deck[deck.length - 1]!
  deck.pop()
  return c
}

describe("deterministic random stream (games-b.md §0.2 procedure vector)", () => {
  const seed = utf8("example-seed")

  it("derives state0 and hands out its bytes in order", () => {
    const s = referenceStream(seed, 1n, 0)
    expect([s.byte(), s.byte(), s.byte(), s.byte(), s.byte(), s.byte(), s.byte(), s.byte()]).toEqual([72, 181, 228, 177, 11, 198, 80, 33])
  })

  it("bounded samplers match the reference: wheel37 = 35, wheel38 = 34, dice 1 2 1", () => {
    expect(referenceStream(seed, 1n, 0).bounded(37)).toBe(35)
    expect(referenceStream(seed, 1n, 0).bounded(38)).toBe(34)
    const d = referenceStream(seed, 1n, 0)
    expect([d.die(), d.die(), d.die()]).toEqual([1, 2, 1])
  })

  it("shuffle + draw match the reference: 28, then 37 15 17 0 from one deck", () => {
    const s = referenceStream(seed, 1n, 0)
    const deck = s.shuffle(newShoe(1))
    expect(referenceDraw(s, deck)).toBe(28)
    const t = referenceStream(seed, 1n, 0)
    const deck2 = t.shuffle(newShoe(1))
    expect([0, 1, 2, 3, 4].map(() => referenceDraw(t, deck2))).toEqual([28, 37, 15, 17, 0])
  })

  it("the u32-max move number gives the documented second state", () => {
    const s = referenceStream(seed, 1n, 0xffff_ffff)
    const bytes = new Uint8Array(32)
    for (let i = 0; i < 32; i++) bytes[i] = s.byte()
    expect(toHex(bytes)).toBe("ac340b276acab8f0f03b9acd49086ee36e5ca3e5543a9e40d7153676127daa4d")
  })

  it("re-hashes after 32 bytes, so long streams never repeat their first block", () => {
    const s = referenceStream(seed, 1n, 0)
    const first = Array.from({ length: 32 }, () => s.byte())
    const second = Array.from({ length: 32 }, () => s.byte())
    expect(second).not.toEqual(first)
  })

  it("domains, ids and counters give independent streams; equal inputs give equal draws", () => {
    const draw = (domain: string, id: bigint, counter: number) => {
      const s = deriveStream(seed, domain, id, counter)
      return Array.from({ length: 16 }, () => s.u32())
    }
    expect(draw("game", 7n, 3)).toEqual(draw("game", 7n, 3))
    expect(draw("game", 7n, 3)).not.toEqual(draw("super", 7n, 3))
    expect(draw("game", 7n, 3)).not.toEqual(draw("game", 8n, 3))
    expect(draw("game", 7n, 3)).not.toEqual(draw("game", 7n, 4))
  })

  it("bounded draws are unbiased: chi-square over 370,000 wheel spins and 416-card shoes", () => {
    const chiSquare = (m: number, n: number, draw: (s: RandomStream) => number): number => {
      const s = deriveStream(seed, "bias-check", BigInt(m), 0)
      const counts = new Array<number>(m).fill(0)
      for (let i = 0; i < n; i++) counts[draw(s)]!++
      const expected = n / m
      return counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0)
    }
    // 99.99th percentiles of chi-square: df 36 → 79.0, df 415 → 540
    expect(chiSquare(37, 370_000, (s) => s.bounded(37))).toBeLessThan(79)
    expect(chiSquare(416, 416_000, (s) => s.bounded(416))).toBeLessThan(540)
  })

  it("drawing a card removes it from the shoe; a full shoe is dealt exactly once", () => {
    const io = streamOutcomes(deriveStream(seed, "deal", 1n, 0))
    const shoe = newShoe(2)
    const dealt = Array.from({ length: 104 }, () => io.card(shoe))
    expect(shoe.length).toBe(0)
    const counts = new Map<number, number>()
    for (const c of dealt) counts.set(c, (counts.get(c) ?? 0) + 1)
    expect([...counts.values()].every((n) => n === 2)).toBe(true)
    expect(counts.size).toBe(52)
  })
})
