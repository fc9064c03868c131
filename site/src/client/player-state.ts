/**
 * The signed-in player's chain records, read from the API and decoded with the engine's Schemas:
 * the Player record (/player), the wallet views (/wallet: balances, vault, savings, staking) and
 * the public economy (/economy: AMM, policy, oracle).
 */
import { Either, Schema } from "effect"
import { Player } from "../../../engine/casino/player.ts"
import { AmmView, BalancesView, SavingsView, StakingView, VaultView } from "../../../engine/read/views.ts"
import { Policy } from "../../../engine/economy/policy.ts"
import { OracleState } from "../../../engine/economy/oracle/oracle.ts"
import { ApiFailure, getJson } from "./chain-api.ts"

export const Wallet = Schema.Struct({
  public_key: Schema.String,
  view: Schema.String,
  /** the player record, null before the key registers */
  player: Schema.NullOr(Player),
  balances: BalancesView,
  vault: Schema.NullOr(VaultView),
  savings: SavingsView,
  staking: StakingView
})
export type Wallet = typeof Wallet.Type
const decodeWallet = Schema.decodeUnknownEither(Wallet)

export const readWallet = async (public_key: string): Promise<Wallet> => {
  const w = decodeWallet(await getJson(`/wallet/${public_key}`))
  if (Either.isLeft(w)) throw new ApiFailure(200, `the API's wallet does not decode: ${w.left.message}`)
  return w.right
}

/** the player record, or null when the key has not registered (read through /wallet, which answers 200 either way) */
export const readPlayer = async (public_key: string): Promise<Player | null> => (await readWallet(public_key)).player

export const Economy = Schema.Struct({ view: Schema.String, amm: AmmView, policy: Policy, oracle: OracleState })
export type Economy = typeof Economy.Type
const decodeEconomy = Schema.decodeUnknownEither(Economy)

export const readEconomy = async (): Promise<Economy> => {
  const e = decodeEconomy(await getJson("/economy"))
  if (Either.isLeft(e)) throw new ApiFailure(200, `the API's economy does not decode: ${e.left.message}`)
  return e.right
}

/** the next session id this player may use: above its last one, else a random start (ids are global) */
export const nextSessionId = (p: Player): bigint => {
  if (p.last_session_id !== null) return p.last_session_id + 1n
  const r = new Uint32Array(2)
  crypto.getRandomValues(r)
  // 44 random bits, shifted left by 16: room for 65,536 sessions before another player's range
  return ((BigInt(r[0] ?? 0) << 12n) | BigInt((r[1] ?? 0) & 0xfff)) << 16n
}
