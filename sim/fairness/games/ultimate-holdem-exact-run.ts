/**
 * Runs the exact Ultimate Hold'em enumeration (ultimate-holdem-exact.ts) on worker threads and
 * prints its totals as JSON: `npx tsx sim/fairness/games/ultimate-holdem-exact-run.ts [workers]`.
 * The figures quoted in ultimate-holdem.ts come from this run.
 */
import { enumerateAllParallel, netPerAnte, rtpOfValue } from "./ultimate-holdem-exact.ts"

const workers = Number(process.argv[2] ?? "2")
if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new Error("workers: an integer 1..64")
const t0 = process.hrtime.bigint()
const r = await enumerateAllParallel(workers)
const seconds = Number(process.hrtime.bigint() - t0) / 1e9
const summary = (v: { net: number; staked: number }) => ({
  rtp_per_chip_staked: rtpOfValue(v),
  net_per_ante: netPerAnte(v, r.deals),
  staked_per_hand_antes: v.staked / r.deals
})
console.log(
  JSON.stringify(
    {
      seconds,
      workers,
      deals: r.deals,
      strategy: summary(r.strategy),
      exact_river: summary(r.exact_river),
      hidden_only_river: summary(r.hidden_only_river),
      decisions: Object.fromEntries(Object.entries(r.decisions).map(([k, v]) => [k, v / r.deals])),
      classes: Object.fromEntries(Object.entries(r.classes).map(([k, [w, ev4, evc]]) => [k, { raise: ev4 / w, check: evc / w }]))
    },
    null,
    1
  )
)
