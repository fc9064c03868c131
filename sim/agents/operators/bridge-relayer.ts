/**
 * Bridge relayer, casino side (simulations.md §7.6): finalizes every requested withdrawal whose
 * delay has passed (FinalizeBridgeWithdrawal, admin), in id order, the EVM transaction modelled as
 * a hash of the withdrawal id. EVM deposits are not simulated (the chain refuses deposits beyond
 * withdrawals anyway).
 */
import { sha256Concat } from "../../../engine/crypto/sha256.ts"
import { utf8 } from "../../../engine/codec/bytes.ts"
import { bridgeState, bridgeWithdrawals } from "../../../engine/economy/bridge/bridge.ts"
import type { Instruction } from "../../../engine/tx/instruction.ts"
import type { OperatorDuty } from "./operator.ts"

/** ids scanned per turn at most */
const SCAN_MAX = 1_000n

export const bridgeRelayer = (): OperatorDuty => ({
  next: (view): Instruction[] => {
    const next_id = bridgeState.get(view.state).next_withdrawal_id
    const from = next_id > SCAN_MAX ? next_id - SCAN_MAX : 0n
    for (let id = from; id < next_id; id++) {
      const w = bridgeWithdrawals.get(view.state, id.toString())
      if (w === undefined || w.fulfilled || view.clock.now_s < w.available_ts) continue
      return [{ _tag: "FinalizeBridgeWithdrawal", withdrawal_id: id, source: sha256Concat(utf8("sim-evm-tx/"), utf8(id.toString())) }]
    }
    return []
  }
})
