/**
 * Treasury, oracle and bridge decisions (docs/economy.md): B12 (deposits bounded by withdrawals,
 * respecting the pause), B16, B17 (a future timestamp is ignored by the price guard), B29, and
 * "bridge withdrawals burn, deposits mint". B12's replay check is proven by the vector
 * bridge-deposit-replay, the pause by bridge-paused-by-default, B16 by treasury-ledger-protected,
 * the refusal of a future oracle update by oracle-future-timestamp.
 */
import { describe, expect, it } from "vitest"
import { Either, Schema } from "effect"
import { ByteReader, ByteWriter } from "../../codec/bytes.ts"
import { utf8 } from "../../codec/bytes.ts"
import { emptyPool } from "../amm/pool.ts"
import { DEFAULT_POLICY, Policy } from "../policy.ts"
import { POLICY_CODEC } from "../../codec/economy-records.ts"
import { borrowPrice, liquidationPrice, oraclePrice } from "../oracle/price.ts"
import { oracleState } from "../oracle/oracle.ts"
import { bridgeState } from "../bridge/bridge.ts"
import { EconomyDriver } from "./decisions-driver.ts"

const OPEN_BRIDGE = {
  bridge_paused: false,
  bridge_daily_limit: 1_000_000n,
  bridge_daily_limit_per_account: 10_000n,
  bridge_min_withdraw: 100n,
  bridge_max_withdraw: 5_000n,
  bridge_delay_secs: 3_600n
}
const DEST = new Uint8Array(20).fill(0x11)

describe("bridge withdrawals burn, deposits mint (and never more than left)", () => {
  it("a withdrawal adds to chips_burned; a deposit adds to chips_minted, up to the outstanding amount", () => {
    const d = new EconomyDriver({ policy: OPEN_BRIDGE, players: { alice: { chips: 20_000n }, bob: { chips: 0n } } })
    const h0 = d.house()
    d.ok("alice", { _tag: "BridgeWithdraw", amount: 5_000n, destination: DEST })
    expect(d.house().chips_burned - h0.chips_burned).toBe(5_000n)
    d.ok("admin", { _tag: "BridgeDeposit", recipient: d.key("bob"), amount: 4_000n, source: utf8("evm-1") })
    expect(d.house().chips_minted - h0.chips_minted).toBe(4_000n)
    expect(d.run("admin", { _tag: "BridgeDeposit", recipient: d.key("bob"), amount: 1_001n, source: utf8("evm-2") }).status).toBe("failed")
    expect(bridgeState.get(d.chain.store).total_deposited).toBe(4_000n)
  })

  it("B12: a deposit with no withdrawal outstanding is refused even when unpaused; a paused bridge refuses deposits", () => {
    const d = new EconomyDriver({ policy: OPEN_BRIDGE, players: { bob: { chips: 0n } } })
    expect(d.run("admin", { _tag: "BridgeDeposit", recipient: d.key("bob"), amount: 1n, source: utf8("evm-0") }).status).toBe("failed")
    const paused = new EconomyDriver({ players: { bob: { chips: 0n } } })
    expect(paused.run("admin", { _tag: "BridgeDeposit", recipient: paused.key("bob"), amount: 1n, source: utf8("evm-0") }).error?.tag).toBe(
      "InstructionDisabled"
    )
  })
})

describe("B17: a future oracle timestamp is ignored by the price guard", () => {
  const policy = { ...DEFAULT_POLICY, oracle_enabled: true, oracle_max_deviation_bps: 500 }
  const pool = { ...emptyPool(), reserve_rng: 1_000_000n, reserve_vusdt: 1_000_000n, total_shares: 1_000_000n }
  const oracle = { price_vusdt_numerator: 9n, price_rng_denominator: 10n, updated_ts: 1_000n, source: new Uint8Array() }

  it("an oracle dated after now is not used: borrow and liquidation use spot", () => {
    expect(oraclePrice(policy, oracle, 999n)).toBeNull()
    expect(borrowPrice(policy, pool, oracle, 999n)).toEqual({ num: 1_000_000n, den: 1_000_000n })
    expect(liquidationPrice(policy, pool, oracle, 999n)).toEqual({ num: 1_000_000n, den: 1_000_000n })
    // the same update, once its time has come, lowers the borrow price (economy.md §7.6)
    expect(borrowPrice(policy, pool, oracle, 1_000n)).toEqual({ num: 9n, den: 10n })
    // and it goes stale like any other
    expect(oraclePrice(policy, oracle, 1_000n + policy.oracle_stale_secs + 1n)).toBeNull()
  })

  it("UpdateOracle dated one second ahead is refused and changes nothing", () => {
    const d = new EconomyDriver({ policy: { oracle_enabled: true } })
    const before = oracleState.get(d.chain.store)
    const out = d.run("admin", { _tag: "UpdateOracle", price_vusdt_numerator: 9n, price_rng_denominator: 10n, updated_ts: d.now_s + 4n, source: utf8("x") })
    expect(out.status).toBe("failed")
    expect(oracleState.get(d.chain.store)).toEqual(before)
  })
})

describe("B29: no legacy policy records — a policy without its oracle settings does not decode", () => {
  it("the schema refuses a record missing the oracle fields, and the binary reader refuses truncated bytes", () => {
    const encoded = Schema.encodeSync(Policy)(DEFAULT_POLICY)
    const { oracle_enabled: _e, oracle_max_deviation_bps: _d, oracle_stale_secs: _s, ...legacy } = encoded
    expect(Either.isLeft(Schema.decodeUnknownEither(Policy)(legacy))).toBe(true)
    const w = new ByteWriter(256)
    POLICY_CODEC.write(w, DEFAULT_POLICY)
    const bytes = w.finish()
    expect(POLICY_CODEC.read(new ByteReader(bytes))).toEqual(DEFAULT_POLICY)
    // 1 + 2 + 8 bytes of oracle settings missing
    expect(() => POLICY_CODEC.read(new ByteReader(bytes.slice(0, bytes.length - 11)))).toThrow()
  })
})
