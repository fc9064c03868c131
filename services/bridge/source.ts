/**
 * Identifiers both sides agree on (simulations.md §7.6, evm.md §8):
 * - a withdrawal's `source` on the lockbox: sha256(u64be(id) ‖ player (32) ‖ u64be(amount) ‖ destination bytes);
 * - its EVM recipient: 20 bytes, or 32 bytes with 12 leading zero bytes; anything else is undeliverable;
 * - chips ⇄ RNG base units: × 10^18.
 */
import { sha256 } from "../../engine/crypto/sha256.ts"
import { bytesToHex, getAddress, type Address, type Hex } from "viem"

export const CHIP_BASE_UNITS = 10n ** 18n
const U64_MAX = (1n << 64n) - 1n

const u64be = (v: bigint): Uint8Array => {
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigUint64(0, v)
  return out
}

export const withdrawalSource = (id: bigint, player: Uint8Array, amount: bigint, destination: Uint8Array): Hex => {
  const pre = new Uint8Array(8 + player.length + 8 + destination.length)
  pre.set(u64be(id), 0)
  pre.set(player, 8)
  pre.set(u64be(amount), 8 + player.length)
  pre.set(destination, 16 + player.length)
  return bytesToHex(sha256(pre))
}

export const destinationAddress = (destination: Uint8Array): Address | null => {
  if (destination.length === 20) return getAddress(bytesToHex(destination))
  if (destination.length === 32 && destination.subarray(0, 12).every((b) => b === 0)) return getAddress(bytesToHex(destination.subarray(12)))
  return null
}

/** a deposit's amount in chips, or null when it is not a whole number of chips that fits u64 */
export const chipsOf = (baseUnits: bigint): bigint | null => {
  if (baseUnits <= 0n || baseUnits % CHIP_BASE_UNITS !== 0n) return null
  const chips = baseUnits / CHIP_BASE_UNITS
  return chips <= U64_MAX ? chips : null
}
