/**
 * A small driver for the decision tests: a chain with an admin, optional genesis players, pool
 * and policy, and named actors that sign real transactions through Chain.applyBlock.
 */
import { Chain, type ApplyOptions } from "../../chain/chain.ts"
import { defaultChainConfig } from "../../chain/config.ts"
import { house, type House } from "../../casino/house.ts"
import { newPlayer, players, type Player } from "../../casino/player.ts"
import type { TxOutput } from "../../execute/output.ts"
import type { Event } from "../../events.ts"
import { nextBlock } from "../../test/helpers.ts"
import type { Instruction } from "../../tx/instruction.ts"
import type { PublicKey } from "../../schema/primitives.ts"
import { actorSigner, signTransaction, type Signer } from "../../tx/sign.ts"
import { isqrt } from "../amm/math.ts"
import { ammPool } from "../amm/pool.ts"
import { DEFAULT_POLICY, type Policy } from "../policy.ts"
import { policyState } from "../policy-state.ts"
import { stakers, type Staker } from "../staking/staker.ts"
import { vaults, type Vault } from "../vault/vault.ts"
import { savingsPool, type SavingsPool } from "../savings/savings.ts"

/** day 1,000 of chain time, like the conformance vectors */
export const START_VIEW = 28_800_000n

export interface Genesis {
  readonly players?: Readonly<Record<string, Partial<Player>>>
  readonly amm?: { readonly rng: bigint; readonly vusdt: bigint }
  readonly policy?: Partial<Policy>
  /** extra raw writes (records no instruction can create) */
  readonly write?: (chain: Chain, key: (name: string) => PublicKey) => void
}

export class EconomyDriver {
  readonly chain: Chain
  private readonly nonces = new Map<string, bigint>()

  constructor(g: Genesis = {}) {
    this.chain = new Chain(defaultChainConfig([actorSigner("admin").public_key]))
    this.chain.genesis((store) => {
      policyState.put(store, { ...DEFAULT_POLICY, ...g.policy })
      let chips = 0n
      let vusdt = 0n
      for (const [name, fields] of Object.entries(g.players ?? {})) {
        const p: Player = { ...newPlayer(name, 1_000n, START_VIEW * 3n), ...fields }
        players.put(store, actorSigner(name).public_key, p)
        chips += p.chips
        vusdt += p.vusdt_balance
      }
      if (g.amm !== undefined)
        ammPool.put(store, { ...ammPool.get(store), reserve_rng: g.amm.rng, reserve_vusdt: g.amm.vusdt, total_shares: isqrt(g.amm.rng * g.amm.vusdt) })
      const rng = g.amm?.rng ?? 0n
      const usd = g.amm?.vusdt ?? 0n
      house.update(store, (h) => ({ ...h, chips_minted: h.chips_minted + chips + rng, vusdt_minted: h.vusdt_minted + vusdt + usd }))
    }, START_VIEW)
    if (g.write !== undefined) {
      const write = g.write
      this.chain.store.begin()
      write(this.chain, (name) => actorSigner(name).public_key)
      this.chain.store.commit()
    }
  }

  key(name: string): PublicKey {
    return actorSigner(name).public_key
  }

  private signer(name: string): Signer {
    return actorSigner(name)
  }

  /** one signed transaction in its own block, `views` after the previous block */
  run(name: string, ix: Instruction, views = 1n, options: ApplyOptions = {}): TxOutput {
    const s = this.signer(name)
    const n = this.nonces.get(name) ?? this.chain.nonceOf(s.public_key)
    this.nonces.set(name, n + 1n)
    const out = this.chain.applyBlock(nextBlock(this.chain, [signTransaction(s, n, ix)], views), options).outputs[0]
    if (out === undefined) throw new Error("a block of one transaction produced no output")
    return out
  }

  /** run and insist it applied */
  ok(name: string, ix: Instruction, views = 1n, options: ApplyOptions = {}): TxOutput {
    const out = this.run(name, ix, views, options)
    if (out.status !== "applied") throw new Error(`${ix._tag} by ${name} was ${out.status}: ${out.error?.tag} ${out.error?.message}`)
    return out
  }

  /** chain seconds now */
  get now_s(): bigint {
    return this.chain.view * 3n
  }

  /** everything but nonces, to compare before and after a refused instruction */
  snapshot(): string {
    return this.chain.store.dumpJson(["account"])
  }

  house(): House {
    return house.get(this.chain.store)
  }
  player(name: string): Player {
    const p = players.get(this.chain.store, this.key(name))
    if (p === undefined) throw new Error(`${name} is not registered`)
    return p
  }
  vault(name: string): Vault {
    const v = vaults.get(this.chain.store, this.key(name))
    if (v === undefined) throw new Error(`${name} has no vault`)
    return v
  }
  staker(name: string): Staker | undefined {
    return stakers.get(this.chain.store, this.key(name))
  }
  savings(): SavingsPool {
    return savingsPool.get(this.chain.store)
  }
}

export const eventsOf = <T extends Event["_tag"]>(out: TxOutput, tag: T): Array<Extract<Event, { _tag: T }>> =>
  out.events.filter((e): e is Extract<Event, { _tag: T }> => e._tag === tag)
