/**
 * The island's ecosystem agents (simulations.md §4.2, §5) and sybil farmers, after the phase-1
 * population's indices: a liquidity bootstrapper, keepers/liquidators, arbitrageurs, PnL
 * maximisers, whales, retail, tournament grinders (paying members) and the sybil farms.
 */
import type { PublicKey } from "../../engine/schema/primitives.ts"
import type { Agent } from "../../sim/agents/agent.ts"
import { arbitrageurProfile } from "../../sim/agents/arbitrageur.ts"
import { bootstrapperProfile } from "../../sim/agents/bootstrapper.ts"
import { agentProfileStream } from "../../sim/agents/draw.ts"
import { ecoWhaleProfile } from "../../sim/agents/eco-whale.ts"
import { keeperProfile } from "../../sim/agents/keeper.ts"
import { playerAgent, type Profile } from "../../sim/agents/player-core.ts"
import { pnlMaximiserProfile } from "../../sim/agents/pnl-maximiser.ts"
import { retailProfile } from "../../sim/agents/retail.ts"
import { personFingerprint, sybilFarm } from "../../sim/agents/sybil-farmer.ts"
import { tournamentGrinderProfile } from "../../sim/agents/tournament-grinder.ts"
import type { Phase1IslandParameters } from "./scenario.ts"

export interface Ecosystem {
  readonly agents: ReadonlyArray<Agent>
  /** keys the membership operator upgrades */
  readonly members: ReadonlyArray<{ readonly key: PublicKey; readonly from_day: number }>
}

export const ecosystemAgents = (p: Phase1IslandParameters, first_index: number, seed_bytes: Uint8Array): Ecosystem => {
  const agents: Agent[] = []
  const members: Array<{ key: PublicKey; from_day: number }> = []
  let index = first_index
  const add = (profile: Profile, count: number, member = false) => {
    for (let i = 0; i < count; i++, index++) {
      const a = playerAgent({
        index,
        profile,
        fingerprint: personFingerprint(p.windows_per_day, agentProfileStream(seed_bytes, index)),
        freerolls_per_day: p.freerolls_per_day
      })
      agents.push(a)
      if (member) members.push({ key: a.signer.public_key, from_day: 0 })
    }
  }
  add(bootstrapperProfile(), 1)
  add(keeperProfile(), p.keepers)
  add(arbitrageurProfile(), p.arbitrageurs)
  add(pnlMaximiserProfile(), p.maximisers)
  add(ecoWhaleProfile(), p.whales)
  add(retailProfile(5_000), p.retail)
  add(tournamentGrinderProfile(), p.tournament_grinders, true)
  for (let f = 0; f < p.sybil_farmers; f++) {
    const farm = sybilFarm(f, p.sybils_per_farmer, index, p.windows_per_day, p.freerolls_per_day, agentProfileStream(seed_bytes, index))
    agents.push(...farm)
    index += farm.length
  }
  return { agents, members }
}
