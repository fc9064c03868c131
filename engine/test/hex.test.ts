/** toHex and utf8 (codec/bytes.ts): toHex equals a byte-by-byte reference at every length across its chunk boundaries, and fromHex inverts it. */
import { describe, expect, it } from "vitest"
import { fromHex, toHex, utf8 } from "../codec/bytes.ts"

const reference = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")

describe("toHex", () => {
  it("matches the reference on lengths 0..100 and around the 4,096-byte chunk edges, and round-trips", () => {
    const lengths = [...Array.from({ length: 101 }, (_, i) => i), 4095, 4096, 4097, 8191, 8192, 8193, 20_000]
    for (const n of lengths) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 151 + n * 13 + 7) & 0xff)
      const hex = toHex(bytes)
      expect(hex).toBe(reference(bytes))
      expect(fromHex(hex)).toEqual(bytes)
    }
  })

  it("every byte value and a subarray view", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    expect(toHex(all)).toBe(reference(all))
    expect(toHex(all.subarray(250, 253))).toBe("fafbfc")
  })
})

describe("utf8", () => {
  it("equals TextEncoder on ASCII, non-ASCII, lone surrogates and lengths around the fast-path limit", () => {
    const enc = new TextEncoder()
    const cases = ["", "a", "nullspace/state/key", "é", "a€b", "😀", "\ud800x", "x".repeat(127), "x".repeat(128), "x".repeat(129), "x".repeat(127) + "é", "\u007f\u0080"]
    for (let i = 0; i < 200; i++) cases.push(String.fromCharCode(...Array.from({ length: i % 140 }, (_, j) => (i * 37 + j * 11) % (i % 3 === 0 ? 0x80 : 0x800))))
    for (const c of cases) expect(utf8(c)).toEqual(enc.encode(c))
  })
})
