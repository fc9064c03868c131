/**
 * CasinoRegister (economy.md §2.1): a new player with 1,000 chips, recorded on the cash leaderboard. A key that is a small-order or
 * non-canonical point (engine/tx/verify.ts) is refused: nothing it "signs" is valid, so admission
 * and verifyBlock already keep it out; this is the last line should a driver skip them.
 */
import { INITIAL_CHIPS } from "../chain/constants.ts"
import { fromHex } from "../codec/bytes.ts"
import { PlayerAlreadyRegistered, Unauthorized } from "../errors.ts"
import type { Handler } from "../execute/context.ts"
import { publicKeyProblem } from "../tx/verify.ts"
import { updateCashLeaderboard } from "./leaderboard.ts"
import { recordMint } from "./ledger.ts"
import { newPlayer, players } from "./player.ts"

export const register: Handler<"CasinoRegister"> = (ctx, ix) => {
  const problem = publicKeyProblem(fromHex(ctx.signer))
  if (problem !== null) return new Unauthorized({ message: `this key cannot register: it is a ${problem.replace("_", "-")} point` })
  if (players.has(ctx.store, ctx.signer)) return new PlayerAlreadyRegistered({ message: "this key is already registered" })
  players.put(ctx.store, ctx.signer, newPlayer(ix.name, INITIAL_CHIPS, ctx.clock.now_s))
  recordMint(ctx.store, INITIAL_CHIPS)
  ctx.emit({ _tag: "PlayerRegistered", player: ctx.signer, name: ix.name })
  const entries = updateCashLeaderboard(ctx.store, ctx.signer, INITIAL_CHIPS, ctx.clock.view)
  if (entries !== null) ctx.emit({ _tag: "LeaderboardUpdated", tournament_id: null, entries })
  return undefined
}
