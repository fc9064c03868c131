/**
 * CasinoDeposit, the faucet (economy.md §2.2), with the amount bounded (B11):
 * 1 ≤ amount ≤ FAUCET_AMOUNT; unlocked by account age ≥ 1 day or ≥ 3 completed sessions;
 * at least 100 views between claims and one claim per chain day ("never claimed" is null, so a
 * fresh player is served on day 0). A claim updates the cash leaderboard.
 */
import {
  FAUCET_AMOUNT,
  FAUCET_MIN_ACCOUNT_AGE_SECS,
  FAUCET_MIN_SESSIONS,
  FAUCET_RATE_LIMIT_VIEWS,
  SECONDS_PER_DAY,
  SECONDS_PER_VIEW
} from "../chain/constants.ts"
import { AmountOverflow, InvalidBet, PlayerNotFound, RateLimited } from "../errors.ts"
import type { Handler } from "../execute/context.ts"
import { updateCashLeaderboard } from "./leaderboard.ts"
import { addChips, recordMint } from "./ledger.ts"
import { players } from "./player.ts"

export const faucet: Handler<"CasinoDeposit"> = (ctx, ix) => {
  const p = players.get(ctx.store, ctx.signer)
  if (p === undefined) return new PlayerNotFound({ message: "register before using the faucet" })
  if (ix.amount === 0n || ix.amount > FAUCET_AMOUNT)
    return new InvalidBet({ message: `a faucet claim is between 1 and ${FAUCET_AMOUNT} chips` })
  const age_s = ctx.clock.now_s > p.created_ts ? ctx.clock.now_s - p.created_ts : 0n
  if (age_s < FAUCET_MIN_ACCOUNT_AGE_SECS && p.sessions_played < FAUCET_MIN_SESSIONS)
    return new RateLimited({ message: "Faucet locked: account younger than a day and fewer than 3 completed sessions" })
  if (p.last_deposit_view !== null) {
    if (ctx.clock.view - p.last_deposit_view < FAUCET_RATE_LIMIT_VIEWS)
      return new RateLimited({ message: `Faucet cooldown: ${FAUCET_RATE_LIMIT_VIEWS} views between claims` })
    if ((p.last_deposit_view * SECONDS_PER_VIEW) / SECONDS_PER_DAY === ctx.clock.day)
      return new RateLimited({ message: "Daily faucet already claimed" })
  }
  const credited = addChips(p, ix.amount)
  if (credited instanceof AmountOverflow) return credited
  players.put(ctx.store, ctx.signer, { ...credited, last_deposit_view: ctx.clock.view })
  recordMint(ctx.store, ix.amount)
  ctx.emit({ _tag: "Deposited", player: ctx.signer, amount: ix.amount, new_chips: credited.chips })
  const entries = updateCashLeaderboard(ctx.store, ctx.signer, credited.chips, ctx.clock.view)
  if (entries !== null) ctx.emit({ _tag: "LeaderboardUpdated", tournament_id: null, entries })
  return undefined
}
