/**
 * Canonical bytes of an instruction: one tag byte (chain-and-services.md §2.2) then the fields in
 * spec order. These bytes are what a transaction signs and what its digest covers.
 */
import { ByteReader, ByteWriter, DecodeFailure, fromHex, toHex } from "../codec/bytes.ts"
import { MAX_BRIDGE_BYTES, MAX_MOVE_PAYLOAD_BYTES, MAX_PLAYER_NAME_BYTES } from "../chain/constants.ts"
import { readPolicy, writePolicy } from "../economy/policy.ts"
import { readAllocation, readVesting, writeAllocation, writeVesting } from "../economy/treasury-records.ts"
import { PublicKey } from "../schema/primitives.ts"
import { GAME_TYPES, type Instruction } from "./instruction.ts"

const writeKey = (w: ByteWriter, pk: PublicKey): void => {
  w.raw(fromHex(pk))
}
const readKey = (r: ByteReader): PublicKey => PublicKey.make(toHex(r.raw(32)))

export const writeInstruction = (w: ByteWriter, ix: Instruction): void => {
  switch (ix._tag) {
    case "CasinoRegister":
      w.u8(10).casinoString(ix.name)
      return
    case "CasinoDeposit":
      w.u8(11).u64(ix.amount)
      return
    case "StartGame":
      w.u8(12).u8(ix.game_type).u64(ix.bet).u64(ix.session_id)
      return
    case "GameMove":
      w.u8(13).u64(ix.session_id).u32(ix.payload.length).raw(ix.payload)
      return
    case "PlayerAction":
      w.u8(14).u8(ix.action)
      return
    case "CasinoSetTournamentLimit":
      w.u8(15)
      writeKey(w, ix.player)
      w.u8(ix.daily_limit)
      return
    case "CasinoJoinTournament":
      w.u8(16).u64(ix.tournament_id)
      return
    case "CasinoStartTournament":
      w.u8(17).u64(ix.tournament_id).u64(ix.start_time_ms).u64(ix.end_time_ms)
      return
    case "Stake":
      w.u8(18).u64(ix.amount).u64(ix.duration)
      return
    case "Unstake":
      w.u8(19)
      return
    case "ClaimRewards":
      w.u8(20)
      return
    case "ProcessEpoch":
      w.u8(21)
      return
    case "CreateVault":
      w.u8(22)
      return
    case "DepositCollateral":
      w.u8(23).u64(ix.amount)
      return
    case "BorrowUSDT":
      w.u8(24).u64(ix.amount)
      return
    case "RepayUSDT":
      w.u8(25).u64(ix.amount)
      return
    case "Swap":
      w.u8(26).u64(ix.amount_in).u64(ix.min_amount_out).bool(ix.is_buying_rng)
      return
    case "AddLiquidity":
      w.u8(27).u64(ix.rng_amount).u64(ix.usdt_amount)
      return
    case "RemoveLiquidity":
      w.u8(28).u64(ix.shares)
      return
    case "CasinoEndTournament":
      w.u8(29).u64(ix.tournament_id)
      return
    case "LiquidateVault":
      w.u8(30)
      writeKey(w, ix.target)
      return
    case "SetPolicy":
      w.u8(31)
      writePolicy(w, ix.policy)
      return
    case "SetTreasury":
      w.u8(32)
      writeAllocation(w, ix.allocation)
      return
    case "FundRecoveryPool":
      w.u8(33).u64(ix.amount)
      return
    case "RetireVaultDebt":
      w.u8(34)
      writeKey(w, ix.target)
      w.u64(ix.amount)
      return
    case "RetireWorstVaultDebt":
      w.u8(35).u64(ix.amount)
      return
    case "DepositSavings":
      w.u8(36).u64(ix.amount)
      return
    case "WithdrawSavings":
      w.u8(37).u64(ix.amount)
      return
    case "ClaimSavingsRewards":
      w.u8(38)
      return
    case "SeedAmm":
      w.u8(39).u64(ix.rng_amount).u64(ix.usdt_amount).u64(ix.boot_num).u64(ix.boot_den)
      return
    case "FinalizeAmmBootstrap":
      w.u8(40)
      return
    case "SetTreasuryVesting":
      w.u8(41)
      writeVesting(w, ix.schedules)
      return
    case "ReleaseTreasuryAllocation":
      w.u8(42).u8(ix.bucket).u64(ix.amount)
      return
    case "BridgeWithdraw":
      w.u8(43).u64(ix.amount).bytes(ix.destination)
      return
    case "BridgeDeposit":
      w.u8(44)
      writeKey(w, ix.recipient)
      w.u64(ix.amount).bytes(ix.source)
      return
    case "FinalizeBridgeWithdrawal":
      w.u8(45).u64(ix.withdrawal_id).bytes(ix.source)
      return
    case "WithdrawCollateral":
      w.u8(47).u64(ix.amount)
      return
    case "UpdateOracle":
      w.u8(46).u64(ix.price_vusdt_numerator).u64(ix.price_rng_denominator).u64(ix.updated_ts).bytes(ix.source)
      return
  }
}

export const encodeInstruction = (ix: Instruction): Uint8Array => {
  const w = new ByteWriter(64)
  writeInstruction(w, ix)
  return w.finish()
}

const gameType = (r: ByteReader): number => {
  const code = r.u8()
  if (code >= GAME_TYPES.length) throw new DecodeFailure(`unknown game type ${code}`, r.offset - 1)
  return code
}

export const readInstruction = (r: ByteReader): Instruction => {
  const tag = r.u8()
  switch (tag) {
    case 10:
      return { _tag: "CasinoRegister", name: r.casinoString(MAX_PLAYER_NAME_BYTES) }
    case 11:
      return { _tag: "CasinoDeposit", amount: r.u64() }
    case 12:
      return { _tag: "StartGame", game_type: gameType(r), bet: r.u64(), session_id: r.u64() }
    case 13: {
      const session_id = r.u64()
      const n = r.u32()
      if (n > MAX_MOVE_PAYLOAD_BYTES) throw new DecodeFailure(`move payload of ${n} bytes exceeds ${MAX_MOVE_PAYLOAD_BYTES}`, r.offset)
      return { _tag: "GameMove", session_id, payload: r.raw(n) }
    }
    case 14: {
      const action = r.u8()
      if (action > 2) throw new DecodeFailure(`unknown player action ${action}`, r.offset - 1)
      return { _tag: "PlayerAction", action }
    }
    case 15:
      return { _tag: "CasinoSetTournamentLimit", player: readKey(r), daily_limit: r.u8() }
    case 16:
      return { _tag: "CasinoJoinTournament", tournament_id: r.u64() }
    case 17:
      return { _tag: "CasinoStartTournament", tournament_id: r.u64(), start_time_ms: r.u64(), end_time_ms: r.u64() }
    case 18:
      return { _tag: "Stake", amount: r.u64(), duration: r.u64() }
    case 19:
      return { _tag: "Unstake" }
    case 20:
      return { _tag: "ClaimRewards" }
    case 21:
      return { _tag: "ProcessEpoch" }
    case 22:
      return { _tag: "CreateVault" }
    case 23:
      return { _tag: "DepositCollateral", amount: r.u64() }
    case 24:
      return { _tag: "BorrowUSDT", amount: r.u64() }
    case 25:
      return { _tag: "RepayUSDT", amount: r.u64() }
    case 26:
      return { _tag: "Swap", amount_in: r.u64(), min_amount_out: r.u64(), is_buying_rng: r.bool() }
    case 27:
      return { _tag: "AddLiquidity", rng_amount: r.u64(), usdt_amount: r.u64() }
    case 28:
      return { _tag: "RemoveLiquidity", shares: r.u64() }
    case 29:
      return { _tag: "CasinoEndTournament", tournament_id: r.u64() }
    case 30:
      return { _tag: "LiquidateVault", target: readKey(r) }
    case 31:
      return { _tag: "SetPolicy", policy: readPolicy(r) }
    case 32:
      return { _tag: "SetTreasury", allocation: readAllocation(r) }
    case 33:
      return { _tag: "FundRecoveryPool", amount: r.u64() }
    case 34:
      return { _tag: "RetireVaultDebt", target: readKey(r), amount: r.u64() }
    case 35:
      return { _tag: "RetireWorstVaultDebt", amount: r.u64() }
    case 36:
      return { _tag: "DepositSavings", amount: r.u64() }
    case 37:
      return { _tag: "WithdrawSavings", amount: r.u64() }
    case 38:
      return { _tag: "ClaimSavingsRewards" }
    case 39:
      return { _tag: "SeedAmm", rng_amount: r.u64(), usdt_amount: r.u64(), boot_num: r.u64(), boot_den: r.u64() }
    case 40:
      return { _tag: "FinalizeAmmBootstrap" }
    case 41:
      return { _tag: "SetTreasuryVesting", schedules: readVesting(r) }
    case 42: {
      const bucket = r.u8()
      if (bucket > 5) throw new DecodeFailure(`unknown treasury bucket ${bucket}`, r.offset - 1)
      return { _tag: "ReleaseTreasuryAllocation", bucket, amount: r.u64() }
    }
    case 43:
      return { _tag: "BridgeWithdraw", amount: r.u64(), destination: r.bytes(MAX_BRIDGE_BYTES) }
    case 44:
      return { _tag: "BridgeDeposit", recipient: readKey(r), amount: r.u64(), source: r.bytes(MAX_BRIDGE_BYTES) }
    case 45:
      return { _tag: "FinalizeBridgeWithdrawal", withdrawal_id: r.u64(), source: r.bytes(MAX_BRIDGE_BYTES) }
    case 46:
      return {
        _tag: "UpdateOracle",
        price_vusdt_numerator: r.u64(),
        price_rng_denominator: r.u64(),
        updated_ts: r.u64(),
        source: r.bytes(MAX_BRIDGE_BYTES)
      }
    case 47:
      return { _tag: "WithdrawCollateral", amount: r.u64() }
    default:
      throw new DecodeFailure(`unknown instruction tag ${tag}`, r.offset - 1)
  }
}

/** Decode exactly one instruction; trailing bytes are an error. */
export const decodeInstruction = (bytes: Uint8Array): Instruction => {
  const r = new ByteReader(bytes)
  const ix = readInstruction(r)
  r.end()
  return ix
}
