/** The relayer's identifiers (simulations.md §7.6 vector) and its state file (atomic, locked, refused when corrupt). */
import * as fs from "node:fs"
import * as path from "node:path"
import { Cause, Effect, Exit, Layer, Option } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { fromHex } from "../../../engine/codec/bytes.ts"
import { removeTempDirs, tempDir } from "../../test/helpers.ts"
import { chipsOf, destinationAddress, withdrawalSource } from "../source.ts"
import { initialState, readStateFile, relayerStoreLayer, RelayerStore, writeStateFile } from "../state.ts"

afterAll(() => removeTempDirs())

describe("withdrawal source and destination (simulations.md §7.6)", () => {
  it("the spec's vectors: 20-byte and 32-byte destinations hash their raw bytes", () => {
    const player = new Uint8Array(32).fill(0x11)
    const dest20 = new Uint8Array(20).fill(0x22)
    const dest32 = new Uint8Array(32)
    dest32.set(dest20, 12)
    expect(withdrawalSource(7n, player, 250n, dest20)).toBe("0x64534e13fc82f52a3d6a82a18f700c27aa7a8f02452af5e9a4abd042bc331e53")
    expect(withdrawalSource(7n, player, 250n, dest32)).toBe("0x04ea5af150f3e80e8eec2b0fdb55f17af743c9b8f79fac6144ba115b3e69df49")
    expect(destinationAddress(dest20)).toBe(destinationAddress(dest32))
    expect(destinationAddress(dest20)?.toLowerCase()).toBe(`0x${"22".repeat(20)}`)
  })

  it("undeliverable destinations and non-whole amounts are recognised", () => {
    expect(destinationAddress(new Uint8Array(32).fill(1))).toBeNull()
    expect(destinationAddress(fromHex("00".repeat(19)))).toBeNull()
    expect(chipsOf(250n * 10n ** 18n)).toBe(250n)
    expect(chipsOf(10n ** 18n + 1n)).toBeNull()
    expect(chipsOf(0n)).toBeNull()
    expect(chipsOf((1n << 64n) * 10n ** 18n)).toBeNull()
  })
})

describe("relayer state file", () => {
  it("round-trips, refuses a corrupt file with RelayerStateCorrupt (405), and is held by one relayer at a time", async () => {
    const dir = tempDir("relayer-state")
    const file = path.join(dir, "state.json")
    const s = { ...initialState(5n, 2n), credited_deposits: 3 }
    writeStateFile(file, s)
    expect(fs.existsSync(`${file}.tmp`)).toBe(false)
    expect(await Effect.runPromise(readStateFile(file))).toEqual(s)
    const layer = relayerStoreLayer(file, initialState(0n, 0n))
    // a second store on the same file while the first is open is refused
    const nested = Effect.gen(function* () {
      const store = yield* RelayerStore
      expect(store.get().evm_next_block).toBe("5")
      return yield* Effect.exit(Effect.scoped(Layer.build(relayerStoreLayer(file, initialState(0n, 0n)))))
    })
    const exit = await Effect.runPromise(Effect.scoped(Effect.provide(nested, layer)))
    const failure = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
    expect(Option.isSome(failure) && failure.value._tag).toBe("RelayerStateLocked")
    // released on close: a new store opens
    await Effect.runPromise(Effect.scoped(Effect.provide(Effect.map(RelayerStore, (st) => st.get().withdraw_next_id), layer)))
    fs.writeFileSync(file, '{"version": 1, "evm_next_block": "x"}')
    const bad = await Effect.runPromise(Effect.either(readStateFile(file)))
    expect(bad._tag === "Left" && bad.left.code).toBe(405)
  })

  it("a file written before refunds existed loads with no refund decided and none counted; an unknown reason is corrupt", async () => {
    const file = path.join(tempDir("relayer-state-v1"), "state.json")
    const withdrawal = { id: "4", source: "0x" + "ab".repeat(32), to: null, amount_chips: "9", available_ts: "30", evm_tx_hash: null, raw_tx: null, attempts: 0, next_try_ms: 0, blocked: "invalid withdrawal destination" }
    const old = { version: 1, evm_next_block: "7", withdraw_next_id: "5", deposits: [], withdrawals: [withdrawal], credited_deposits: 1, finalized_withdrawals: 2 }
    fs.writeFileSync(file, JSON.stringify(old))
    const read = await Effect.runPromise(readStateFile(file))
    expect(read?.refunded_withdrawals).toBe(0)
    expect(read?.withdrawals).toEqual([{ ...withdrawal, refund_reason: null }])
    fs.writeFileSync(file, JSON.stringify({ ...old, withdrawals: [{ ...withdrawal, refund_reason: "because" }] }))
    const bad = await Effect.runPromise(Effect.either(readStateFile(file)))
    expect(bad._tag === "Left" && bad.left.code).toBe(405)
  })
})
