/**
 * Instruction codec properties: every one of the 39 tags round-trips, refuses every truncation and
 * trailing bytes; wire order equals the Schema's declaration order; the bytes of chosen values equal
 * the layouts of chain-and-services.md §2.2 / economy.md §2.0, written out by hand below. A mutant
 * table (Stake's two fields swapped) passes the round trip and is caught by the reference layouts.
 */
import { Arbitrary, FastCheck as fc, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { encode } from "../codec/codec.ts"
import { taggedUnion, type Variant } from "../codec/union.ts"
import { DEFAULT_POLICY } from "../economy/policy.ts"
import { PublicKey } from "../schema/primitives.ts"
import { INSTRUCTION_CODEC, INSTRUCTION_TABLE, decodeInstruction, encodeInstruction } from "../tx/instruction-codec.ts"
import { Instruction } from "../tx/instruction.ts"
import { CODEC_SEED, assertLawsForTag, checkLaws, printSeed, schemaKeys, schemaTags, tagArbitrary, trailing } from "./codec-laws.ts"

printSeed("codec-instructions")
const isInstruction = Schema.is(Instruction)

// ------------------------------------------------------------------ bytes written by hand from the spec

const be = (v: bigint | number, width: number): number[] => {
  const out: number[] = []
  let x = BigInt(v)
  for (let i = 0; i < width; i++) {
    out.unshift(Number(x & 0xffn))
    x >>= 8n
  }
  return out
}
const u64 = (v: bigint | number) => be(v, 8)
const KEY_HEX = "0a".repeat(16) + "0b".repeat(16)
const KEY = PublicKey.make(KEY_HEX)
const KEY_BYTES = [...Array(16).fill(0x0a), ...Array(16).fill(0x0b)]

const POLICY_BYTES = [
  ...[300, 500, 1_000, 100, 500, 300, 15, 600, 30, 3_000, 4_500, 6_000, 4_500, 1_000, 400, 600, 800, 3_000, 2_000].flatMap((v) => be(v, 2)),
  ...u64(15_552_000),
  ...u64(15_552_000),
  1,
  ...u64(0),
  ...u64(0),
  ...u64(0),
  ...u64(0),
  ...u64(0),
  0,
  ...be(500, 2),
  ...u64(900)
]

/** [instruction, its bytes per the spec tables] */
const REFERENCE: ReadonlyArray<readonly [Instruction, ReadonlyArray<number>]> = [
  [{ _tag: "CasinoRegister", name: "ab" }, [10, 0, 0, 0, 2, 0x61, 0x62]],
  [{ _tag: "CasinoDeposit", amount: 0x0102n }, [11, ...u64(0x0102)]],
  [{ _tag: "StartGame", game_type: 3, bet: 5n, session_id: 9n }, [12, 3, ...u64(5), ...u64(9)]],
  [{ _tag: "GameMove", session_id: 7n, payload: Uint8Array.of(1, 2) }, [13, ...u64(7), ...be(2, 4), 1, 2]],
  [{ _tag: "PlayerAction", action: 2 }, [14, 2]],
  [{ _tag: "CasinoSetTournamentLimit", player: KEY, daily_limit: 5 }, [15, ...KEY_BYTES, 5]],
  [{ _tag: "CasinoStartTournament", tournament_id: 1n, start_time_ms: 2n, end_time_ms: 3n }, [17, ...u64(1), ...u64(2), ...u64(3)]],
  [{ _tag: "Stake", amount: 0x0102030405060708n, duration: 0x1112131415161718n }, [18, 1, 2, 3, 4, 5, 6, 7, 8, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18]],
  [{ _tag: "Unstake" }, [19]],
  [{ _tag: "Swap", amount_in: 1n, min_amount_out: 2n, is_buying_rng: true }, [26, ...u64(1), ...u64(2), 1]],
  [{ _tag: "AddLiquidity", rng_amount: 3n, usdt_amount: 4n }, [27, ...u64(3), ...u64(4)]],
  [{ _tag: "CasinoEndTournament", tournament_id: 6n }, [29, ...u64(6)]],
  [{ _tag: "LiquidateVault", target: KEY }, [30, ...KEY_BYTES]],
  [{ _tag: "SetPolicy", policy: DEFAULT_POLICY }, [31, ...POLICY_BYTES]],
  [
    { _tag: "SetTreasury", allocation: { auction: 1n, liquidity: 2n, bonus: 3n, player: 4n, treasury: 5n, team: 6n } },
    [32, ...[1, 2, 3, 4, 5, 6].flatMap(u64)]
  ],
  [{ _tag: "RetireVaultDebt", target: KEY, amount: 6n }, [34, ...KEY_BYTES, ...u64(6)]],
  [{ _tag: "SeedAmm", rng_amount: 1n, usdt_amount: 2n, boot_num: 3n, boot_den: 4n }, [39, ...[1, 2, 3, 4].flatMap(u64)]],
  [{ _tag: "ReleaseTreasuryAllocation", bucket: 2, amount: 7n }, [42, 2, ...u64(7)]],
  [{ _tag: "BridgeWithdraw", amount: 8n, destination: Uint8Array.of(9, 9, 9) }, [43, ...u64(8), 3, 9, 9, 9]],
  [{ _tag: "BridgeDeposit", recipient: KEY, amount: 1n, source: Uint8Array.of(5) }, [44, ...KEY_BYTES, ...u64(1), 1, 5]],
  [{ _tag: "FinalizeBridgeWithdrawal", withdrawal_id: 2n, source: new Uint8Array(0) }, [45, ...u64(2), 0]],
  [
    { _tag: "UpdateOracle", price_vusdt_numerator: 1n, price_rng_denominator: 2n, updated_ts: 3n, source: Uint8Array.of(4) },
    [46, ...u64(1), ...u64(2), ...u64(3), 1, 4]
  ],
  [{ _tag: "WithdrawCollateral", amount: 1n }, [47, ...u64(1)]],
  [{ _tag: "RefundBridgeWithdrawal", withdrawal_id: 3n, reason: "blocked_by_relayer" }, [48, ...u64(3), 1]]
]

/** every field is written in the Schema's declaration order (spec order), for every value of a tag */
const wireOrderProperty = (table: ReadonlyArray<Variant>, codec: typeof INSTRUCTION_CODEC, tag: string) =>
  fc.property(tagArbitrary(codec, tag), (x) => {
    if (!codec.is(x)) throw new Error("outside the codec's type")
    const v = table.find((e) => e.tag === tag)
    if (v === undefined) throw new Error(`no entry for ${tag}`)
    const parts: number[] = [v.code]
    for (const k of schemaKeys(Instruction, tag)) {
      const field = v.fields?.[k]
      if (field === undefined) throw new Error(`${tag}.${k} has no codec`)
      parts.push(...encode(field, Reflect.get(x, k)))
    }
    expect([...encode(codec, x)]).toEqual(parts)
  })

describe("instruction codec: one table, every tag", () => {
  it("the table covers exactly the 39 Schema members, with distinct tag bytes", () => {
    const tags = schemaTags(Instruction)
    expect(tags.length).toBe(39)
    expect([...INSTRUCTION_CODEC.tagDomains.keys()].sort()).toEqual([...tags].sort())
    expect(new Set(INSTRUCTION_TABLE.map((v) => v.code)).size).toBe(39)
  })

  for (const tag of INSTRUCTION_CODEC.tagDomains.keys())
    it(`${tag}: round trip, every truncation refused, trailing bytes refused`, () => assertLawsForTag(INSTRUCTION_CODEC, tag, 40))

  it("every value of the Instruction Schema itself round-trips (the codec is not narrower than the type)", () => {
    const seen = new Set<unknown>()
    fc.assert(
      fc.property(Arbitrary.make(Schema.typeSchema(Instruction)), (ix) => {
        seen.add(ix._tag)
        expect(decodeInstruction(encodeInstruction(ix))).toEqual(ix)
      }),
      { seed: CODEC_SEED, numRuns: 2_000 }
    )
    expect(seen.size).toBe(39)
  })

  it("every tag writes its fields in the Schema's declaration order", () => {
    for (const tag of INSTRUCTION_CODEC.tagDomains.keys()) fc.assert(wireOrderProperty(INSTRUCTION_TABLE, INSTRUCTION_CODEC, tag), { seed: CODEC_SEED, numRuns: 30 })
  })

  it("chosen values encode to the spec's byte layouts, written out by hand", () => {
    for (const [ix, bytes] of REFERENCE) {
      expect([...encodeInstruction(ix)], ix._tag).toEqual(bytes)
      expect(decodeInstruction(Uint8Array.from(bytes)), ix._tag).toEqual(ix)
    }
    expect(POLICY_BYTES.length).toBe(106)
  })

  it("unknown tags and out-of-range codes are refused", () => {
    for (const tag of [0, 9, 49, 99, 255]) expect(() => decodeInstruction(Uint8Array.of(tag))).toThrow(/unknown instruction code/)
    expect(() => decodeInstruction(Uint8Array.of(12, 10, ...u64(1), ...u64(1)))).toThrow(/unknown game type 10/)
    expect(() => decodeInstruction(Uint8Array.of(14, 3))).toThrow(/unknown player action 3/)
    expect(() => decodeInstruction(Uint8Array.of(42, 6, ...u64(1)))).toThrow(/unknown treasury bucket 6/)
    expect(() => decodeInstruction(Uint8Array.of(13, ...u64(1), ...be(257, 4), ...new Uint8Array(257)))).toThrow(/257 bytes exceed 256/)
    expect(() => decodeInstruction(Uint8Array.of(10, 0, 0, 0, 33, ...new Uint8Array(33)))).toThrow(/exceeds 32/)
  })
})

describe("mutation: Stake's two fields swapped in the table", () => {
  const swapStake = (v: Variant): Variant => {
    if (v.tag !== "Stake") return v
    const amount = v.fields?.["amount"]
    const duration = v.fields?.["duration"]
    if (amount === undefined || duration === undefined) throw new Error("Stake has amount and duration")
    return { ...v, fields: { duration, amount } }
  }
  const mutantTable = INSTRUCTION_TABLE.map(swapStake)
  const mutant = taggedUnion("instruction (mutant)", Instruction, mutantTable)
  const stakeReference = REFERENCE.find(([ix]) => ix._tag === "Stake")

  it("the round-trip, truncation and trailing-byte laws alone pass on the mutant", () => {
    const r = fc.check(
      fc.property(tagArbitrary(mutant, "Stake"), trailing, (x, extra) => checkLaws(mutant, x, extra, isInstruction, mutantTable)),
      { seed: CODEC_SEED, numRuns: 200 }
    )
    expect(r.failed).toBe(false)
  })

  it("the spec's reference layouts and the declaration-order property catch it", () => {
    if (stakeReference === undefined) throw new Error("a Stake reference vector exists")
    expect([...encode(mutant, stakeReference[0])]).not.toEqual(stakeReference[1])
    const reference = fc.check(
      fc.property(fc.constantFrom(...REFERENCE), ([ix, bytes]) => {
        expect([...encode(mutant, ix)]).toEqual(bytes)
      }),
      { seed: CODEC_SEED, numRuns: 200 }
    )
    expect(reference.failed).toBe(true)
    const order = fc.check(wireOrderProperty(mutantTable, mutant, "Stake"), { seed: CODEC_SEED, numRuns: 30 })
    expect(order.failed).toBe(true)
  })
})
