/**
 * The keeper and liquidator (simulations.md §4.2): closes the staking epoch whenever the read
 * model shows it due (ProcessEpoch is open to anyone), and liquidates every vault the read model
 * shows liquidatable, repaying with vUSDT it borrowed against its own chips. It scans the vault
 * registry at most VAULTS_PER_TURN_MAX vaults a turn.
 */
import type { PublicKey } from "../../engine/schema/primitives.ts"
import { processEpoch, vaultBorrow } from "./actions.ts"
import { activeDay } from "./ecosystem-day.ts"
import type { Action, Profile } from "./player-core.ts"

export const VAULTS_PER_TURN_MAX = 1_000

/** LiquidateVault on the first liquidatable vault (not its own) when it holds vUSDT to repay with */
export const liquidateOne: Action = (view, self) => {
  const p = view.player
  if (p === undefined || p.vusdt_balance === 0n) return []
  let scanned = 0
  for (const owner of view.read.vaultOwners()) {
    if (scanned++ >= VAULTS_PER_TURN_MAX) break
    if (owner === self.key) continue
    const v = view.read.vault(owner)
    if (v !== undefined && v.liquidatable) return [{ _tag: "LiquidateVault", target: owner satisfies PublicKey }]
  }
  return []
}

export const keeperProfile = (): Profile => ({
  kind: "keeper",
  games: { roulette: 1 },
  stake_bps: [50, 100],
  stake_min: 5n,
  stake_max: 50n,
  planDay: (_day, w, rng) => activeDay(w, rng, 3, [processEpoch, vaultBorrow(100, 400, 5_000), liquidateOne, liquidateOne, liquidateOne, processEpoch])
})
