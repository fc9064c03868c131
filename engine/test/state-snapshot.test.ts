/**
 * State snapshots (chain/snapshot.ts): encode → decode rebuilds the same state (same root, same
 * bytes again) and a chain that continues exactly like the original; anything else — a changed
 * byte, bad framing, an unknown table, rows out of order, a row that is not a valid record, a
 * recorded root the rows do not rebuild — is a SnapshotInvalid with its reason.
 */
import { Arbitrary, Either, FastCheck as fc } from "effect"
import { describe, expect, it } from "vitest"
import { ByteReader, ByteWriter, concatBytes, fromHex, utf8 } from "../codec/bytes.ts"
import { sha256 } from "../crypto/sha256.ts"
import { players } from "../casino/player.ts"
import { house } from "../casino/house.ts"
import { cashLeaderboard } from "../casino/leaderboard.ts"
import { vaults } from "../economy/vault/vault.ts"
import { tournaments } from "../economy/tournament/tournament.ts"
import { creditTranches } from "../economy/tournament/credits.ts"
import { stakers } from "../economy/staking/staker.ts"
import { ammPool } from "../economy/amm/pool.ts"
import { sessions } from "../games/session.ts"
import { accounts } from "../state/account.ts"
import type { StateStore, TableDef } from "../state/store.ts"
import { Chain } from "../chain/chain.ts"
import { defaultChainConfig } from "../chain/config.ts"
import { SNAPSHOT_MAGIC, SnapshotInvalid, decodeSnapshot, encodeSnapshot, snapshotHeader } from "../chain/snapshot.ts"
import { roulette } from "../games/roulette/roulette.ts"
import { GAME_TYPES } from "../tx/instruction.ts"
import { actor, nextBlock, TestDriver } from "./helpers.ts"
import { signTransaction } from "../tx/sign.ts"

const SEED = 20261203
console.log(`state-snapshot fast-check seed ${SEED}`)

/** a chain with players, an open roulette session and a settled one, at height > 0 */
const busyChain = (): TestDriver => {
  const admin = actor("snap/admin")
  const d = new TestDriver([admin])
  const ann = actor("snap/ann")
  const bob = actor("snap/bob")
  d.run(ann, { _tag: "CasinoRegister", name: "ann" })
  d.run(bob, { _tag: "CasinoRegister", name: "bob" })
  const game_type = GAME_TYPES.indexOf("roulette")
  d.run(ann, { _tag: "StartGame", game_type, bet: 0n, session_id: 1n })
  d.run(ann, { _tag: "GameMove", session_id: 1n, payload: roulette.encodeMove({ _tag: "Batch", bets: [{ type: "RED", number: 0, amount: 25n }] }) })
  d.run(bob, { _tag: "StartGame", game_type, bet: 0n, session_id: 7n })
  return d
}

const unwrap = (bytes: Uint8Array) => {
  const r = decodeSnapshot(bytes)
  if (Either.isLeft(r)) throw r.left
  return r.right
}

const reasonOf = (bytes: Uint8Array): string => {
  const r = decodeSnapshot(bytes)
  return Either.isLeft(r) ? r.left.reason : "accepted"
}

/** the documented layout, read back into parts (the test's own reading of the format) */
interface Parts {
  readonly head: Uint8Array
  readonly tables: Array<{ name: string; rows: Array<{ key: string; record: Uint8Array }> }>
}

const split = (bytes: Uint8Array): Parts => {
  const body = bytes.subarray(SNAPSHOT_MAGIC.length, bytes.length - 32)
  const r = new ByteReader(body)
  const keys = Number(r.varint())
  r.raw(32 * keys)
  r.bytes(64)
  r.varint()
  r.varint()
  r.raw(64)
  const head = body.slice(0, r.offset)
  const text = new TextDecoder()
  const n = Number(r.varint())
  const tables: Parts["tables"] = []
  for (let t = 0; t < n; t++) {
    const name = text.decode(r.bytes(64))
    const rows: Array<{ key: string; record: Uint8Array }> = []
    const m = Number(r.varint())
    for (let i = 0; i < m; i++) rows.push({ key: text.decode(r.bytes(1024)), record: r.bytes(1 << 24) })
    tables.push({ name, rows })
  }
  r.end()
  return { head, tables }
}

/** the parts written back, with a fresh digest (what a careful forger would do) */
const join = (p: Parts): Uint8Array => {
  const w = new ByteWriter()
  w.raw(SNAPSHOT_MAGIC).raw(p.head).varint(p.tables.length)
  for (const t of p.tables) {
    w.bytes(utf8(t.name)).varint(t.rows.length)
    for (const row of t.rows) w.bytes(utf8(row.key)).bytes(row.record)
  }
  return concatBytes(w.view(), sha256(w.view()))
}

describe("state snapshot", () => {
  it("round trip: same root and header, the same bytes again, and the restored chain continues like the original", () => {
    const d = busyChain()
    const bytes = encodeSnapshot(d.chain)
    const restored = unwrap(bytes)
    expect(restored.chain.stateRoot()).toBe(d.chain.stateRoot())
    expect(restored.chain.height).toBe(d.chain.height)
    expect(restored.chain.view).toBe(d.chain.view)
    expect(restored.chain.last_digest).toBe(d.chain.last_digest)
    expect(restored.chain.config).toEqual(d.chain.config)
    expect(restored.chain.store.dumpJson()).toBe(d.chain.store.dumpJson())
    expect(restored.rows).toBeGreaterThan(5)
    expect(encodeSnapshot(restored.chain)).toEqual(bytes)
    expect(Either.getOrThrow(snapshotHeader(bytes))).toEqual(restored.header)
    // the next block (the open session's move) executes identically on both
    const ann = actor("snap/ann")
    const tx = signTransaction(ann, d.chain.nonceOf(ann.public_key), {
      _tag: "GameMove",
      session_id: 1n,
      payload: roulette.encodeMove({ _tag: "Batch", bets: [{ type: "BLACK", number: 0, amount: 5n }] })
    })
    const bob = actor("snap/bob")
    const tx2 = signTransaction(bob, d.chain.nonceOf(bob.public_key), {
      _tag: "GameMove",
      session_id: 7n,
      payload: roulette.encodeMove({ _tag: "Batch", bets: [{ type: "STRAIGHT", number: 3, amount: 5n }] })
    })
    const block = nextBlock(d.chain, [tx, tx2])
    const a = d.chain.applyBlock(block)
    const b = restored.chain.applyBlock(block)
    expect(b.state_root).toBe(a.state_root)
    expect(b.events_root).toBe(a.events_root)
    expect(b.digest).toBe(a.digest)
  })

  it("an empty chain at genesis round-trips too", () => {
    const chain = new Chain(defaultChainConfig())
    chain.genesis(() => {}, 0n)
    const restored = unwrap(encodeSnapshot(chain))
    expect(restored.chain.stateRoot()).toBe(chain.stateRoot())
    expect(restored.rows).toBe(0)
  })

  it(`property (seed ${SEED}): random valid rows of many tables encode → decode to the same state root and bytes`, () => {
    const rowsOf = <A, I>(def: TableDef<A, I>, singleton: boolean) =>
      fc
        .array(fc.tuple(singleton ? fc.constant("") : fc.string({ minLength: 1, maxLength: 12 }), Arbitrary.make(def.schema)), {
          maxLength: singleton ? 1 : 4
        })
        .map((rows) => (store: StateStore) => {
          for (const [k, v] of rows) def.put(store, k, v)
        })
    const writers = fc.tuple(
      rowsOf(accounts, false),
      rowsOf(players, false),
      rowsOf(sessions, false),
      rowsOf(vaults, false),
      rowsOf(stakers, false),
      rowsOf(tournaments, false),
      rowsOf(creditTranches, false),
      rowsOf(house.table, true),
      rowsOf(ammPool.table, true),
      rowsOf(cashLeaderboard.table, true)
    )
    let rows_seen = 0
    fc.assert(
      fc.property(writers, fc.bigInt({ min: 0n, max: 1n << 40n }), (ws, view) => {
        const chain = new Chain(defaultChainConfig())
        chain.genesis((store) => ws.forEach((w) => w(store)), view)
        const bytes = encodeSnapshot(chain)
        const restored = unwrap(bytes)
        expect(restored.chain.stateRoot()).toBe(chain.stateRoot())
        expect(restored.chain.view).toBe(view)
        expect(encodeSnapshot(restored.chain)).toEqual(bytes)
        rows_seen += restored.rows
      }),
      { seed: SEED, numRuns: 30 }
    )
    expect(rows_seen).toBeGreaterThan(100)
  })

  it("the same state gives the same bytes whatever order it was written in", () => {
    const a = new Chain(defaultChainConfig())
    const b = new Chain(defaultChainConfig())
    const rows: Array<[string, bigint]> = [
      ["aa", 3n],
      ["b", 1n],
      ["c", 9n]
    ]
    a.genesis((s) => rows.forEach(([k, n]) => accounts.put(s, k, { nonce: n })))
    b.genesis((s) => [...rows].reverse().forEach(([k, n]) => accounts.put(s, k, { nonce: n })))
    expect(encodeSnapshot(a)).toEqual(encodeSnapshot(b))
  })

  describe("refusals (SnapshotInvalid, code 122, with a stable reason)", () => {
    const d = busyChain()
    const good = encodeSnapshot(d.chain)
    const parts = split(good)

    it("the parts reading matches the documented layout (a rejoined snapshot is accepted)", () => {
      expect(join(parts)).toEqual(good)
      expect(parts.tables.map((t) => t.name)).toEqual([...parts.tables.map((t) => t.name)].sort())
    })

    it("not a snapshot, a changed byte, a truncated file", () => {
      expect(reasonOf(utf8("hello"))).toBe("not_a_snapshot")
      for (const at of [SNAPSHOT_MAGIC.length + 3, Math.floor(good.length / 2), good.length - 1]) {
        const bad = good.slice()
        bad[at] = bad[at]! ^ 0x01
        expect(reasonOf(bad)).toBe("digest")
      }
      expect(reasonOf(good.subarray(0, good.length - 5))).toBe("digest")
      const e = decodeSnapshot(good.subarray(0, 40))
      expect(Either.isLeft(e) && e.left instanceof SnapshotInvalid && e.left.code).toBe(122)
    })

    it("with a fresh digest: bad framing, an unknown table, tables or rows out of order, an invalid row, a wrong root", () => {
      // framing: trailing bytes after the last row
      const trailing = join(parts).slice(0, -32)
      expect(reasonOf(concatBytes(trailing, Uint8Array.of(0), sha256(concatBytes(trailing, Uint8Array.of(0)))))).toBe("malformed")
      // an unknown table
      expect(reasonOf(join({ ...parts, tables: [...parts.tables, { name: "zz_unknown", rows: [{ key: "", record: Uint8Array.of(1) }] }] }))).toBe("unknown_table")
      // tables out of order
      expect(reasonOf(join({ ...parts, tables: [...parts.tables].reverse() }))).toBe("order")
      // rows out of order
      const players_at = parts.tables.findIndex((t) => t.name === "player")
      const swapped = parts.tables.map((t, i) => (i === players_at ? { ...t, rows: [...t.rows].reverse() } : t))
      expect(parts.tables[players_at]!.rows.length).toBeGreaterThan(1)
      expect(reasonOf(join({ ...parts, tables: swapped }))).toBe("order")
      // a row that is not a record of its table: an account row holding a player's bytes
      const player_bytes = parts.tables[players_at]!.rows[0]!.record
      const wrong = parts.tables.map((t) => (t.name === "account" ? { ...t, rows: t.rows.map((r, i) => (i === 0 ? { ...r, record: player_bytes } : r)) } : t))
      expect(reasonOf(join({ ...parts, tables: wrong }))).toBe("record")
      // garbage bytes as a record
      const garbage = parts.tables.map((t) => (t.name === "account" ? { ...t, rows: t.rows.map((r, i) => (i === 0 ? { ...r, record: Uint8Array.of(0xff, 0xff) } : r)) } : t))
      expect(reasonOf(join({ ...parts, tables: garbage }))).toBe("record")
      // a singleton under another key
      const house_at = parts.tables.findIndex((t) => t.name === "house")
      const keyed = parts.tables.map((t, i) => (i === house_at ? { ...t, rows: t.rows.map((r) => ({ ...r, key: "x" })) } : t))
      expect(reasonOf(join({ ...parts, tables: keyed }))).toBe("record")
      // a valid record changed (a nonce): the rows rebuild another root than the recorded one
      const account = parts.tables.find((t) => t.name === "account")!.rows[0]!.record
      const bumped = account.slice()
      bumped[bumped.length - 1] = bumped[bumped.length - 1]! + 1
      const changed = parts.tables.map((t) => (t.name === "account" ? { ...t, rows: t.rows.map((r, i) => (i === 0 ? { ...r, record: bumped } : r)) } : t))
      expect(reasonOf(join({ ...parts, tables: changed }))).toBe("root")
      // a dropped row: another root too
      const dropped = parts.tables.map((t, i) => (i === players_at ? { ...t, rows: t.rows.slice(1) } : t))
      expect(reasonOf(join({ ...parts, tables: dropped }))).toBe("root")
    })

    it("a refused config (a duplicated admin key) is refused as config", () => {
      const r = new ByteReader(parts.head)
      expect(r.varint()).toBe(1n)
      const key = r.raw(32)
      const w = new ByteWriter().varint(2).raw(key).raw(key).raw(r.rest())
      expect(reasonOf(join({ ...parts, head: w.finish() }))).toBe("config")
      expect(fromHex(d.chain.config.admin_keys[0]!)).toEqual(key)
    })
  })
})
