/**
 * Every tagged error the engine exports has a stable, unique integer `code`.
 *
 * The test walks every non-test module under engine/, imports it, and collects each exported class
 * whose instances are tagged errors (an Error with a string `_tag`). Each one is instantiated
 * without validation to read its `code`. The collected table must equal RECORDED exactly: a new
 * error without a recorded code, a renumbering, a removed error or two errors sharing a code all
 * fail here. Codes are clients' contract (economy.md §2.0 fixes 1–15), so the table only grows.
 */
import { readdirSync } from "node:fs"
import { join, relative } from "node:path"
import { pathToFileURL } from "node:url"
import { describe, expect, it } from "vitest"
import { Chain } from "../engine/chain/chain.ts"
import { defaultChainConfig } from "../engine/chain/config.ts"
import { casinoErrorCode, GAME_ERROR_WIRE_CODE, InvalidMove, InvalidPayload } from "../engine/errors.ts"
import { nextBlock } from "../engine/test/helpers.ts"
import { GAME_TYPES } from "../engine/tx/instruction.ts"
import { actorSigner, signTransaction } from "../engine/tx/sign.ts"

const ENGINE = join(import.meta.dirname, "..", "engine")
const MODULES_MAX = 2_000
const DEPTH_MAX = 8

/** the recorded codes: append new errors here, never change a line */
const RECORDED: Readonly<Record<string, number>> = {
  PlayerAlreadyRegistered: 1,
  PlayerNotFound: 2,
  InsufficientFunds: 3,
  InvalidBet: 4,
  SessionExists: 5,
  SessionNotFound: 6,
  SessionNotOwned: 7,
  SessionComplete: 8,
  InvalidMove: 9,
  RateLimited: 10,
  TournamentNotRegistering: 11,
  AlreadyInTournament: 12,
  TournamentLimitReached: 13,
  NotInTournament: 14,
  Unauthorized: 15,
  InstructionDisabled: 16,
  InstructionUnsupported: 17,
  AmountOverflow: 18,
  InvalidPayload: 19,
  BridgeWithdrawalNotFound: 20,
  BridgeWithdrawalAlreadyFinalized: 21,
  BridgeWithdrawalAlreadyRefunded: 22,
  NonceReplay: 100,
  NonceGap: 101,
  BadSignature: 102,
  MalformedTransaction: 103,
  OversizedSubmission: 104,
  WeakPublicKey: 105,
  BlockTooManyTransactions: 106,
  BlockTooLarge: 107,
  BlockWrongParent: 108,
  BlockWrongHeight: 109,
  BlockWrongView: 110,
  BlockDuplicateTransaction: 111,
  BlockNonceOrder: 112,
  BlockAccountRepeated: 113,
  BlockWeakKey: 114,
  BlockBadSignature: 115,
  InvalidChainConfig: 116,
  DecodeFailure: 117,
  FatalExecutionError: 118,
  OutcomeFailure: 119,
  ProofMalformed: 120,
  ReplayRefused: 121,
  SnapshotInvalid: 122,
  MempoolFull: 200,
  InvalidVoteSignature: 300,
  UnknownSigner: 301,
  ViewOutOfWindow: 302,
  MalformedCertificate: 303,
  InvalidSeed: 304,
  InvalidSeedShare: 305,
  ConflictingVote: 306,
  InvalidProposal: 307,
  HeightOutOfWindow: 308
}

const engineModules = (dir: string, depth: number): string[] => {
  if (depth > DEPTH_MAX) throw new Error(`engine/ nested deeper than ${DEPTH_MAX} at ${dir}`)
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return e.name === "test" || e.name === "vectors" ? [] : engineModules(path, depth + 1)
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && !e.name.endsWith(".d.ts") ? [path] : []
  })
}

interface Found {
  readonly cls: unknown
  readonly tag: string
  readonly code: unknown
  readonly where: string
}

/** an instance of `value` built without validation, when it is a class whose instances are tagged errors */
const taggedErrorOf = (value: unknown): { readonly tag: string; readonly code: unknown } | undefined => {
  if (typeof value !== "function" || !(value.prototype instanceof Error)) return undefined
  let instance: unknown
  try {
    instance = Reflect.construct(value, [{}, true])
  } catch {
    return undefined
  }
  if (!(instance instanceof Error) || !("_tag" in instance) || typeof instance._tag !== "string") return undefined
  return { tag: instance._tag, code: "code" in instance ? instance.code : undefined }
}

const isSubclass = (sub: unknown, sup: unknown): boolean =>
  typeof sub === "function" && typeof sup === "function" && sub.prototype instanceof sup

const collect = async (): Promise<Found[]> => {
  const files = engineModules(ENGINE, 0)
  expect(files.length).toBeLessThan(MODULES_MAX)
  const found = new Map<unknown, Found>()
  for (const file of files) {
    const mod: Record<string, unknown> = await import(pathToFileURL(file).href)
    for (const [name, value] of Object.entries(mod)) {
      const e = taggedErrorOf(value)
      if (e !== undefined && !found.has(value)) found.set(value, { ...e, cls: value, where: `${relative(ENGINE, file)}:${name}` })
    }
  }
  return [...found.values()]
}

describe("engine error codes", () => {
  it("every exported tagged error has a recorded, unique, integer code", async () => {
    const found = await collect()
    // the walk does find errors from several modules (a vacuous walk must not pass)
    expect(found.map((f) => f.tag)).toEqual(expect.arrayContaining(["InvalidMove", "NonceReplay", "BlockTooLarge", "DecodeFailure"]))
    for (const f of found) {
      expect(Number.isInteger(f.code), `${f.where} has no integer code`).toBe(true)
      expect(f.code, `${f.where}: renumbered or not recorded in RECORDED`).toBe(RECORDED[f.tag])
    }
    // a subclass that keeps its parent's tag (AssertionFailed, RecordInvalid < FatalExecutionError)
    // is a refinement of that error, not a new one: it must share the parent's code
    const byTag = new Map<string, Found>()
    for (const f of found) {
      const seen = byTag.get(f.tag)
      if (seen === undefined || isSubclass(seen.cls, f.cls)) byTag.set(f.tag, f)
    }
    for (const f of found) {
      const root = byTag.get(f.tag)
      expect(root !== undefined && (root === f || isSubclass(f.cls, root.cls)), `${f.where} reuses the tag ${f.tag} without extending it`).toBe(true)
    }
    const roots = [...byTag.values()]
    const codes = roots.map((f) => f.code)
    expect(new Set(codes).size, "two errors share a code").toBe(codes.length)
    // every recorded error still exists: a code is never silently retired
    expect(Object.fromEntries(roots.map((f) => [f.tag, f.code]))).toEqual(RECORDED)
  })

  it("the recorded table itself is unique and the spec's fixed codes hold", () => {
    const codes = Object.values(RECORDED)
    expect(new Set(codes).size).toBe(codes.length)
    expect(RECORDED["InvalidMove"]).toBe(9)
    expect(RECORDED["Unauthorized"]).toBe(15)
  })

  it("game-level errors reach the CasinoError event as 9; others keep their own code", () => {
    expect(GAME_ERROR_WIRE_CODE).toBe(9)
    expect(casinoErrorCode(new InvalidPayload({ message: "bad" }))).toBe(9)
    expect(casinoErrorCode(new InvalidMove({ message: "bad" }))).toBe(9)
    expect(new InvalidPayload({ message: "bad" }).code).not.toBe(new InvalidMove({ message: "bad" }).code)
  })

  it("through the chain: a bad roulette payload fails with code 19 and its CasinoError event says 9", () => {
    const chain = new Chain(defaultChainConfig())
    chain.genesis(() => {}, 0n)
    const ann = actorSigner("error-codes/ann")
    chain.applyBlock(nextBlock(chain, [signTransaction(ann, 0n, { _tag: "CasinoRegister", name: "ann" })]))
    chain.applyBlock(nextBlock(chain, [signTransaction(ann, 1n, { _tag: "StartGame", game_type: GAME_TYPES.indexOf("roulette"), bet: 0n, session_id: 1n })]))
    const r = chain.applyBlock(nextBlock(chain, [signTransaction(ann, 2n, { _tag: "GameMove", session_id: 1n, payload: Uint8Array.of(0xff, 0xff) })]))
    const out = r.outputs[0]
    expect(out?.status).toBe("failed")
    expect(out?.error).toMatchObject({ tag: "InvalidPayload", code: 19 })
    expect(out?.events).toMatchObject([{ _tag: "CasinoError", error: "InvalidPayload", error_code: 9 }])
  })
})
