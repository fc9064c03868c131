/**
 * PlayerAction (games-b.md §0.3, §7.1): arm or disarm a modifier for the next game.
 *  - 2 super: allowed in cash play; the next session started while armed is a super session
 *    (docs/games/super-mode.md). Toggling later does not change a session already started.
 *  - 0 shield, 1 double: tournament modifiers only (N15, docs/games/decisions-d.md). In cash play
 *    a shield refunding a lost stake, or a double doubling a win, lets a player stake a whole
 *    stack on a free roll, so arming them outside a tournament is refused with NotInTournament.
 * Every armed flag is cleared when a game completes (games/session.ts).
 */
import { InvalidBet, NotInTournament, PlayerNotFound } from "../errors.ts"
import type { Handler } from "../execute/context.ts"
import { players, type Player } from "./player.ts"

export const MODIFIERS = ["shield", "double", "super"] as const
export type Modifier = (typeof MODIFIERS)[number]

const toggled = (p: Player, m: Modifier): Player => {
  switch (m) {
    case "shield":
      return { ...p, active_shield: !p.active_shield }
    case "double":
      return { ...p, active_double: !p.active_double }
    case "super":
      return { ...p, active_super: !p.active_super }
  }
}

export const armed = (p: Player, m: Modifier): boolean => (m === "shield" ? p.active_shield : m === "double" ? p.active_double : p.active_super)

export const playerAction: Handler<"PlayerAction"> = (ctx, ix) => {
  const player = players.get(ctx.store, ctx.signer)
  if (player === undefined) return new PlayerNotFound({ message: "register before arming a modifier" })
  const modifier = MODIFIERS[ix.action]
  if (modifier === undefined) return new InvalidBet({ message: `unknown modifier ${ix.action}` })
  if (modifier !== "super" && player.active_tournament === null)
    return new NotInTournament({ message: `${modifier} is a tournament modifier: cash games cannot arm it` })
  const next = toggled(player, modifier)
  players.put(ctx.store, ctx.signer, next)
  ctx.emit({ _tag: "ModifierToggled", player: ctx.signer, modifier, armed: armed(next, modifier) })
  return undefined
}
