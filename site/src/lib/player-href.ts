/** The page of a player of the latest run. */
import { href } from "./href.ts"

export const playerHref = (player: string): string => href(`/players/${encodeURIComponent(player)}/`)
