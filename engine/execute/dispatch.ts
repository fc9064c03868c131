/**
 * Instruction → handler: every instruction of the catalogue has exactly one handler. Admin
 * instructions are authorised here and, when applied, leave an AdminAudit event.
 */
import { Unauthorized } from "../errors.ts"
import { toHex } from "../codec/bytes.ts"
import { sha256 } from "../crypto/sha256.ts"
import { encodeInstruction } from "../tx/instruction-codec.ts"
import { faucet } from "../casino/faucet.ts"
import { register } from "../casino/register.ts"
import { playerAction } from "../casino/modifiers.ts"
import { gameMove, startGame } from "../games/session.ts"
import { swap } from "../economy/amm/swap.ts"
import { endTournament, joinTournament, setTournamentLimit, startTournament } from "../economy/tournament/tournament-handlers.ts"
import { releaseTreasuryAllocation, setTreasury, setTreasuryVesting } from "../economy/treasury/treasury-handlers.ts"
import { bridgeDeposit, bridgeWithdraw, finalizeBridgeWithdrawal } from "../economy/bridge/bridge-handlers.ts"
import { refundBridgeWithdrawal } from "../economy/bridge/bridge-refund.ts"
import { claimRewards, processEpoch, stake, unstake } from "../economy/staking/staking-handlers.ts"
import { borrowUsdt, createVault, depositCollateral, repayUsdt, withdrawCollateral } from "../economy/vault/vault-handlers.ts"
import { liquidateVault } from "../economy/vault/liquidate.ts"
import { fundRecoveryPool, retireVaultDebt, retireWorstVaultDebt } from "../economy/vault/recovery.ts"
import { claimSavingsRewards, depositSavings, withdrawSavings } from "../economy/savings/savings-handlers.ts"
import { addLiquidity, removeLiquidity } from "../economy/amm/liquidity.ts"
import { finalizeAmmBootstrap, seedAmm } from "../economy/amm/bootstrap.ts"
import { setPolicy } from "../economy/set-policy.ts"
import { updateOracle } from "../economy/oracle/update-oracle.ts"
import { ADMIN_INSTRUCTIONS, type Instruction, type InstructionOf, type InstructionTag } from "../tx/instruction.ts"
import type { Handler, HandlerResult, HandlerTable, TxContext } from "./context.ts"

export const HANDLERS: HandlerTable = {
  CasinoRegister: register,
  CasinoDeposit: faucet,
  StartGame: startGame,
  GameMove: gameMove,
  PlayerAction: playerAction,
  CasinoSetTournamentLimit: setTournamentLimit,
  CasinoJoinTournament: joinTournament,
  CasinoStartTournament: startTournament,
  CasinoEndTournament: endTournament,
  Stake: stake,
  Unstake: unstake,
  ClaimRewards: claimRewards,
  ProcessEpoch: processEpoch,
  CreateVault: createVault,
  DepositCollateral: depositCollateral,
  WithdrawCollateral: withdrawCollateral,
  BorrowUSDT: borrowUsdt,
  RepayUSDT: repayUsdt,
  Swap: swap,
  AddLiquidity: addLiquidity,
  RemoveLiquidity: removeLiquidity,
  LiquidateVault: liquidateVault,
  SetPolicy: setPolicy,
  SetTreasury: setTreasury,
  FundRecoveryPool: fundRecoveryPool,
  RetireVaultDebt: retireVaultDebt,
  RetireWorstVaultDebt: retireWorstVaultDebt,
  DepositSavings: depositSavings,
  WithdrawSavings: withdrawSavings,
  ClaimSavingsRewards: claimSavingsRewards,
  SeedAmm: seedAmm,
  FinalizeAmmBootstrap: finalizeAmmBootstrap,
  SetTreasuryVesting: setTreasuryVesting,
  ReleaseTreasuryAllocation: releaseTreasuryAllocation,
  BridgeWithdraw: bridgeWithdraw,
  BridgeDeposit: bridgeDeposit,
  FinalizeBridgeWithdrawal: finalizeBridgeWithdrawal,
  UpdateOracle: updateOracle,
  RefundBridgeWithdrawal: refundBridgeWithdrawal
}

const run = <T extends InstructionTag>(ctx: TxContext, tag: T, ix: InstructionOf<T>, table: HandlerTable): HandlerResult => {
  const handler: Handler<T> = table[tag]
  return handler(ctx, ix)
}

export const dispatch = (ctx: TxContext, ix: Instruction): HandlerResult => {
  const privileged = ADMIN_INSTRUCTIONS.has(ix._tag)
  if (privileged && !ctx.isAdmin) return new Unauthorized({ message: "Unauthorized admin instruction" })
  const err = run(ctx, ix._tag, ix, HANDLERS)
  if (err === undefined && privileged)
    ctx.emit({ _tag: "AdminAudit", admin: ctx.signer, instruction: ix._tag, instruction_digest: toHex(sha256(encodeInstruction(ix))) })
  return err
}
