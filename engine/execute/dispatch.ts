/**
 * Instruction → handler. Modules that are not part of this build answer with the typed
 * InstructionUnsupported error (and so change nothing but the nonce).
 */
import { InstructionUnsupported, Unauthorized } from "../errors.ts"
import { faucet } from "../casino/faucet.ts"
import { register } from "../casino/register.ts"
import { gameMove, startGame } from "../games/session.ts"
import { ADMIN_INSTRUCTIONS, type Instruction, type InstructionOf, type InstructionTag } from "../tx/instruction.ts"
import type { Handler, HandlerResult, HandlerTable, TxContext } from "./context.ts"

const unsupported =
  <T extends InstructionTag>(tag: T): Handler<T> =>
  () =>
    new InstructionUnsupported({ message: `${tag} is not part of this engine build` })

export const HANDLERS: HandlerTable = {
  CasinoRegister: register,
  CasinoDeposit: faucet,
  StartGame: startGame,
  GameMove: gameMove,
  PlayerAction: unsupported("PlayerAction"),
  CasinoSetTournamentLimit: unsupported("CasinoSetTournamentLimit"),
  CasinoJoinTournament: unsupported("CasinoJoinTournament"),
  CasinoStartTournament: unsupported("CasinoStartTournament"),
  CasinoEndTournament: unsupported("CasinoEndTournament"),
  Stake: unsupported("Stake"),
  Unstake: unsupported("Unstake"),
  ClaimRewards: unsupported("ClaimRewards"),
  ProcessEpoch: unsupported("ProcessEpoch"),
  CreateVault: unsupported("CreateVault"),
  DepositCollateral: unsupported("DepositCollateral"),
  BorrowUSDT: unsupported("BorrowUSDT"),
  RepayUSDT: unsupported("RepayUSDT"),
  Swap: unsupported("Swap"),
  AddLiquidity: unsupported("AddLiquidity"),
  RemoveLiquidity: unsupported("RemoveLiquidity"),
  LiquidateVault: unsupported("LiquidateVault"),
  SetPolicy: unsupported("SetPolicy"),
  SetTreasury: unsupported("SetTreasury"),
  FundRecoveryPool: unsupported("FundRecoveryPool"),
  RetireVaultDebt: unsupported("RetireVaultDebt"),
  RetireWorstVaultDebt: unsupported("RetireWorstVaultDebt"),
  DepositSavings: unsupported("DepositSavings"),
  WithdrawSavings: unsupported("WithdrawSavings"),
  ClaimSavingsRewards: unsupported("ClaimSavingsRewards"),
  SeedAmm: unsupported("SeedAmm"),
  FinalizeAmmBootstrap: unsupported("FinalizeAmmBootstrap"),
  SetTreasuryVesting: unsupported("SetTreasuryVesting"),
  ReleaseTreasuryAllocation: unsupported("ReleaseTreasuryAllocation"),
  BridgeWithdraw: unsupported("BridgeWithdraw"),
  BridgeDeposit: unsupported("BridgeDeposit"),
  FinalizeBridgeWithdrawal: unsupported("FinalizeBridgeWithdrawal"),
  UpdateOracle: unsupported("UpdateOracle")
}

const run = <T extends InstructionTag>(ctx: TxContext, tag: T, ix: InstructionOf<T>, table: HandlerTable): HandlerResult => {
  const handler: Handler<T> = table[tag]
  return handler(ctx, ix)
}

export const dispatch = (ctx: TxContext, ix: Instruction): HandlerResult => {
  if (ADMIN_INSTRUCTIONS.has(ix._tag) && !ctx.isAdmin) return new Unauthorized({ message: "Unauthorized admin instruction" })
  return run(ctx, ix._tag, ix, HANDLERS)
}
