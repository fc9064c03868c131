/**
 * `npm run evm:cca [-- --network localhost --rpc URL]`: the continuous clearing auction with the
 * spec's parameters on a local node (deploys first when no deployment record exists): bids,
 * clearing, settlement, pool seeding at the clearing price, recovery funding. Env overrides:
 * NUM_BIDDERS, MIN_BID_AMOUNT, MAX_BID_AMOUNT, PRICE_MULTIPLIER_BPS, PRICE_JITTER_BPS,
 * AUCTION_FLOOR_PRICE, AUCTION_DURATION_BLOCKS, SEED. Writes evm/.data/cca-receipts-<network>.json.
 */
import { USDT_UNIT } from "../src/allocation.ts"
import { Q96 } from "../src/auction/price.ts"
import { DEFAULT_RUN, runAuction } from "../src/auction/run.ts"
import { deploySystem } from "../src/deploy.ts"
import { EvmScriptError } from "../src/errors.ts"
import { dataFile, readDeployment, scriptNet, writeJson } from "../src/script-net.ts"

const env = (k: string, d: bigint) => (process.env[k] === undefined ? d : BigInt(process.env[k] ?? "0"))
const net = await scriptNet()
const deployer = net.accounts[0]
const poolRecipient = net.accounts[19]
if (deployer === undefined || poolRecipient === undefined) throw new EvmScriptError("InvalidInput", "the node needs 20 unlocked accounts")
const t0 = performance.now()
const d = readDeployment(net.name) ?? (await deploySystem(net.publicClient, net.walletOf(deployer), { network: net.name }))
const run = await runAuction(net, d, {
  ...DEFAULT_RUN,
  seed: env("SEED", DEFAULT_RUN.seed),
  bidders: Number(env("NUM_BIDDERS", BigInt(DEFAULT_RUN.bidders))),
  minBid: env("MIN_BID_AMOUNT", DEFAULT_RUN.minBid),
  maxBid: env("MAX_BID_AMOUNT", DEFAULT_RUN.maxBid),
  priceMultiplierBps: env("PRICE_MULTIPLIER_BPS", DEFAULT_RUN.priceMultiplierBps),
  priceJitterBps: env("PRICE_JITTER_BPS", DEFAULT_RUN.priceJitterBps),
  floorPrice: process.env["AUCTION_FLOOR_PRICE"] ?? DEFAULT_RUN.floorPrice,
  offsets: { ...DEFAULT_RUN.offsets, duration: env("AUCTION_DURATION_BLOCKS", DEFAULT_RUN.offsets.duration) },
  poolRecipient
})
const usdPerRng = (q: bigint) => Number((q * 10n ** 18n * 1_000_000n) / Q96 / USDT_UNIT) / 1e6
const file = writeJson(dataFile(`cca-receipts-${net.name}.json`), {
  network: net.name,
  currency: d.currency,
  clearingQ96: run.result.clearing,
  clearingUsdtPerRng: usdPerRng(run.result.clearing),
  raised: run.result.raised,
  sold: run.result.sold,
  schedule: run.schedule,
  floorQ96: run.floorQ96,
  tickSpacing: run.tickSpacing,
  auctionStepsData: run.stepsData,
  pool: run.pool,
  recoveryFunded: run.recoveryFunded,
  remainder: run.remainder,
  bids: run.receipts
})
console.log(
  JSON.stringify({
    msg: "evm.cca",
    file,
    ms: Math.round(performance.now() - t0),
    bids: run.receipts.length,
    clearing_usdt_per_rng: usdPerRng(run.result.clearing),
    raised_usdt: Number(run.result.raised) / 1e6,
    sold_rng: Number(run.result.sold / 10n ** 18n),
    pool_rng: Number(run.pool.tokens / 10n ** 18n),
    pool_usdt: Number(run.pool.currency) / 1e6,
    pool_price_usdt_per_rng: usdPerRng(run.pool.priceQ96),
    recovery_funded_usdt: Number(run.recoveryFunded) / 1e6
  })
)
