/**
 * Chip movements between players and the house, with the house ledger kept exact:
 *   mint:   player.chips += a, house.chips_minted += a
 *   stake:  player.chips −= a, house.game_balance += a, house.net_pnl += a (cash games)
 *   return: player.chips += a, house.game_balance −= a, house.net_pnl −= a (cash games)
 * so Σ chips + game_balance = chips_minted holds after every instruction.
 */
import { AmountOverflow, InsufficientFunds } from "../errors.ts"
import { U64_MAX } from "../codec/bytes.ts"
import type { StateStore } from "../state/store.ts"
import { house } from "./house.ts"
import type { Player } from "./player.ts"

export const insufficient = (required: bigint, available: bigint, what = "chips"): InsufficientFunds =>
  new InsufficientFunds({ message: `needs ${required} ${what}, has ${available}`, required, available })

export const overflow = (what: string): AmountOverflow => new AmountOverflow({ message: `${what} would exceed 2^64-1` })

/** chips after adding `amount`, or an overflow error (never wraps, never saturates silently) */
export const addChips = (p: Player, amount: bigint): Player | AmountOverflow =>
  p.chips + amount > U64_MAX ? overflow("the chip balance") : { ...p, chips: p.chips + amount }

export const recordMint = (store: StateStore, amount: bigint): void => {
  house.update(store, (h) => ({ ...h, chips_minted: h.chips_minted + amount }))
}

/** house side of a game stake (+) or return (−) */
export const recordGameFlow = (store: StateStore, stakes: bigint, returns: bigint): void => {
  if (stakes === 0n && returns === 0n) return
  const delta = stakes - returns
  house.update(store, (h) => ({ ...h, game_balance: h.game_balance + delta, net_pnl: h.net_pnl + delta }))
}
