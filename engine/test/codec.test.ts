import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { ByteReader, ByteWriter, DecodeFailure, U64_MAX } from "../codec/bytes.ts"
import { DEFAULT_POLICY } from "../economy/policy.ts"
import { decodeInstruction, encodeInstruction } from "../tx/instruction-codec.ts"
import type { Instruction } from "../tx/instruction.ts"
import { actorSigner } from "../tx/sign.ts"
import { decodeBlock, encodeBlock, blockDigest, GENESIS_DIGEST } from "../block.ts"
import { signTransaction } from "../tx/sign.ts"

const u64 = fc.bigInt({ min: 0n, max: U64_MAX })
const key = fc.constantFrom("alice", "bob", "carol").map((n) => actorSigner(n).public_key)
const bytes64 = fc.uint8Array({ maxLength: 64 })

const instruction: fc.Arbitrary<Instruction> = fc.oneof(
  fc.string({ maxLength: 10 }).map((name): Instruction => ({ _tag: "CasinoRegister", name })),
  u64.map((amount): Instruction => ({ _tag: "CasinoDeposit", amount })),
  fc.tuple(fc.integer({ min: 0, max: 9 }), u64, u64).map(([game_type, bet, session_id]): Instruction => ({ _tag: "StartGame", game_type, bet, session_id })),
  fc.tuple(u64, fc.uint8Array({ maxLength: 256 })).map(([session_id, payload]): Instruction => ({ _tag: "GameMove", session_id, payload })),
  fc.tuple(u64, u64, fc.boolean()).map(([amount_in, min_amount_out, is_buying_rng]): Instruction => ({ _tag: "Swap", amount_in, min_amount_out, is_buying_rng })),
  key.map((target): Instruction => ({ _tag: "LiquidateVault", target })),
  fc.tuple(key, u64, bytes64).map(([recipient, amount, source]): Instruction => ({ _tag: "BridgeDeposit", recipient, amount, source })),
  fc.constant<Instruction>({ _tag: "SetPolicy", policy: DEFAULT_POLICY }),
  fc.constantFrom<Instruction>({ _tag: "ProcessEpoch" }, { _tag: "Unstake" }, { _tag: "CreateVault" }, { _tag: "FinalizeAmmBootstrap" })
)

describe("canonical encoding", () => {
  it("every instruction round-trips through its bytes", () => {
    fc.assert(
      fc.property(instruction, (ix) => {
        expect(decodeInstruction(encodeInstruction(ix))).toEqual(ix)
      }),
      { numRuns: 500 }
    )
  })

  it("decoding is exact: trailing bytes, unknown tags and truncation are refused", () => {
    const bytes = encodeInstruction({ _tag: "CasinoDeposit", amount: 5n })
    expect(() => decodeInstruction(Uint8Array.of(...bytes, 0))).toThrow(DecodeFailure)
    expect(() => decodeInstruction(Uint8Array.of(99))).toThrow(DecodeFailure)
    expect(() => decodeInstruction(bytes.slice(0, bytes.length - 1))).toThrow(DecodeFailure)
    expect(() => decodeInstruction(Uint8Array.of(10, 0, 0, 0, 33, ...new Uint8Array(33)))).toThrow(/exceeds 32/)
  })

  it("varints are canonical LEB128 and round-trip", () => {
    fc.assert(
      fc.property(u64, (v) => {
        const r = new ByteReader(new ByteWriter().varint(v).finish())
        expect(r.varint()).toBe(v)
        r.end()
      })
    )
    expect(() => new ByteReader(Uint8Array.of(0x80, 0x00)).varint()).toThrow(/non-canonical/)
  })

  it("blocks round-trip and their digest commits to every transaction", () => {
    const tx = signTransaction(actorSigner("alice"), 0n, { _tag: "CasinoRegister", name: "alice" })
    const block = { parent: GENESIS_DIGEST, view: 7n, height: 1n, seed: "ab".repeat(32), transactions: [tx] }
    expect(decodeBlock(encodeBlock(block))).toEqual(block)
    const other = signTransaction(actorSigner("alice"), 0n, { _tag: "CasinoRegister", name: "alicia" })
    expect(blockDigest(block)).not.toBe(blockDigest({ ...block, transactions: [other] }))
    expect(blockDigest(block)).not.toBe(blockDigest({ ...block, view: 8n }))
  })
})
