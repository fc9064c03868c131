/**
 * PlayerAction (games-b.md §0.3, §7.1): arm or disarm a modifier for the next game.
 *  - 2 super: allowed in cash play; the next session started while armed is a super session
 *    (docs/games/super-mode.md). Toggling later does not change a session already started.
 *  - 0 shield, 1 double: tournament modifiers only (N15, docs/games/decisions-d.md). In cash play
 *    a shield refunding a lost stake, or a double doubling a win, lets a player stake a whole
 *    stack on a free roll, so arming them outside a tournament is refused with NotInTournament.
 * Every armed flag is cleared when a game completes (games/session.ts). A tournament session
 * captures shield and double at its start (armed and one available); `tournamentModifierEffect`
 * says what they do when it completes (docs/economy.md T3).
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

/** What a tournament session's modifiers do at its completion (docs/economy.md T3). */
export interface ModifierEffect {
  /** tournament chips credited on top of the completing step */
  readonly extra: bigint
  readonly shielded: boolean
  readonly doubled: boolean
}

/**
 * Tournament modifiers at completion. `armed` is what the session captured at its start (armed
 * and available then), `available` the stack's counts now, `net` the session's credits minus
 * charges before modifiers, `completion_return` the completing step's credit.
 *  - double: a winning session (net > 0) is paid its completing return once more;
 *  - shield: a losing session (net < 0) is refunded its loss, so it nets 0;
 * a modifier is used (one taken from the stack) only when it changes the outcome.
 */
export const tournamentModifierEffect = (
  armed: { readonly shield: boolean; readonly double: boolean },
  available: { readonly shields: number; readonly doubles: number },
  net: bigint,
  completion_return: bigint
): ModifierEffect => {
  if (armed.double && available.doubles > 0 && net > 0n && completion_return > 0n) return { extra: completion_return, shielded: false, doubled: true }
  if (armed.shield && available.shields > 0 && net < 0n) return { extra: -net, shielded: true, doubled: false }
  return { extra: 0n, shielded: false, doubled: false }
}
