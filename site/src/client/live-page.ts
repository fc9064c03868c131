/**
 * The live chain dashboard: the indexer's house record (issuance, burn, fees, house PnL, vUSDT
 * debt, recovery pool), the AMM and the chain head, polled while the page is open; the house
 * figures are drawn over block height with Observable Plot from the samples this page has seen.
 */
import * as Plot from "@observablehq/plot"
import { Either, Schema } from "effect"
import { House } from "../../../engine/casino/house.ts"
import { getJson } from "./chain-api.ts"
import { apiBase } from "./config.ts"
import { amount, byId, factsTable } from "./dom.ts"
import { readEconomy } from "./player-state.ts"

export const POLL_MS = 3_000
/** samples kept for the chart (about 15 minutes at the poll interval) */
export const SAMPLES_MAX = 300

const decodeHouse = Schema.decodeUnknownEither(House)
const decodeChain = Schema.decodeUnknownEither(Schema.Struct({ height: Schema.String, view: Schema.String, mempool_size: Schema.Number }))

interface Sample {
  readonly height: number
  readonly series: string
  readonly value: number
}
const samples: Sample[] = []

const draw = (): void => {
  const chart = byId("live-chart")
  if (chart === null) return
  const width = Math.max(280, Math.min(900, chart.clientWidth))
  const svg = Plot.plot({
    width,
    height: 260,
    marginLeft: 70,
    grid: true,
    x: { label: "block height" },
    y: { label: "chips", zero: true },
    color: { legend: true, type: "categorical" },
    marks: [Plot.lineY(samples, { x: "height", y: "value", stroke: "series", strokeWidth: 2 }), Plot.ruleY([0], { stroke: "#999" })]
  })
  svg.setAttribute("role", "img")
  svg.setAttribute("aria-label", "House game balance and chips minted and burned over block height")
  chart.replaceChildren(svg)
}

const poll = async (): Promise<void> => {
  const status = byId("live-status")
  try {
    const [chainRaw, houseRaw, economy] = await Promise.all([getJson("/chain"), getJson("/house"), readEconomy()])
    const chain = decodeChain(chainRaw)
    const house = decodeHouse(houseRaw)
    if (Either.isLeft(chain) || Either.isLeft(house)) throw new Error("the API's /chain or /house answer does not decode")
    const h = house.right
    byId("live-chain")?.replaceChildren(factsTable([["API", apiBase()], ["height", chain.right.height], ["view", chain.right.view], ["mempool", String(chain.right.mempool_size)]]))
    byId("live-house")?.replaceChildren(
      factsTable([
        ["chips minted (issuance)", amount(h.chips_minted)],
        ["chips burned", amount(h.chips_burned)],
        ["house game balance (cumulative PnL)", amount(h.game_balance.toString())],
        ["house PnL this epoch", amount(h.net_pnl.toString())],
        ["fees accumulated (RNG / vUSDT)", `${amount(h.accumulated_fees_rng)} / ${amount(h.accumulated_fees_vusdt)}`],
        ["vUSDT minted / burned", `${amount(h.vusdt_minted)} / ${amount(h.vusdt_burned)}`],
        ["vUSDT debt outstanding", amount(h.total_vusdt_debt)],
        ["stability fees accrued", amount(h.stability_fees_accrued)],
        ["recovery pool (vUSDT)", amount(h.recovery_pool_vusdt)],
        ["staked", amount(h.total_staked_amount)],
        ["staking reward pool", amount(h.staking_reward_pool)]
      ])
    )
    const a = economy.amm
    byId("live-amm")?.replaceChildren(
      factsTable([
        ["RNG reserve", amount(a.pool.reserve_rng)],
        ["vUSDT reserve", amount(a.pool.reserve_vusdt)],
        ["spot price", a.spot.den === 0n ? "–" : `${a.spot.num} / ${a.spot.den} vUSDT per RNG`],
        ["tradable", a.tradable ? "yes" : "no"]
      ])
    )
    const height = Number(chain.right.height)
    if (samples[samples.length - 1]?.height !== height) {
      samples.push({ height, series: "house game balance", value: Number(h.game_balance) }, { height, series: "chips minted", value: Number(h.chips_minted) }, { height, series: "chips burned", value: Number(h.chips_burned) })
      while (samples.length > SAMPLES_MAX * 3) samples.shift()
      draw()
    }
    status?.replaceChildren(`Live from ${apiBase()}, updated every ${POLL_MS / 1000} s.`)
    status?.setAttribute("data-live", "yes")
  } catch (e) {
    status?.replaceChildren(`The API at ${apiBase()} is not answering (${e instanceof Error ? e.message : String(e)}). Set its URL on the Wallet page, or open this page with ?api=URL.`)
    status?.setAttribute("data-live", "no")
  }
}

const loop = (): void => {
  void poll().finally(() => setTimeout(loop, POLL_MS))
}
loop()
