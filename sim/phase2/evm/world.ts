/**
 * The EVM side of a full-fidelity phase-2 run (async; it runs in the worker thread of
 * `client.ts`): the six contracts deployed by evm/src/deploy.ts on Hardhat's in-process network
 * (evm/src/in-process.ts), and the operations phase 2 needs, each a real transaction:
 *  - the auction per evm/src/auction/run.ts (`runAuctionPlan`: mUSDT bids into the escrow at their
 *    blocks, clearing by evm/src/auction/clearing.ts, settlement, pool seeding, recovery funding);
 *  - the lockbox: limits, pause, the relayer's `withdraw` / `release`, a holder's `deposit`;
 *  - BOGO claims (Merkle root, each account claims with its proof), fee claims (FeeDistributor);
 *  - recovery-pool repayment (the EVM mirror of the debt the engine retired);
 *  - a ledger of balances and totals.
 * Block timestamps of the transactions sent here are the casino chain's clock shifted by
 * EVM_TIME_BASE_S (never the wall clock), so the lockbox's delay and daily window see sim time.
 */
import { getAddress, keccak256, toHex, type Address, type Hex } from "viem"
import { bogoDistributorAbi, bridgeLockboxAbi, feeDistributorAbi, mockUsdtAbi, recoveryPoolAbi, rngTokenAbi } from "../../../evm/abi/index.ts"
import { runAuctionPlan } from "../../../evm/src/auction/run.ts"
import { DEFAULT_OFFSETS } from "../../../evm/src/auction/schedule.ts"
import { deploySystem, mined, type Deployment } from "../../../evm/src/deploy.ts"
import { inProcessNetwork, type InProcessNetwork } from "../../../evm/src/in-process.ts"
import { buildTree } from "../../../evm/src/merkle.ts"
import type { AuctionRequest, AuctionOutcome, BridgeLimits, ClaimRequest, ClaimOutcome, DepositOutcome, EvmLedger, WithdrawOutcome } from "./protocol.ts"

/** EVM time = casino chain seconds + this (a fixed date, 2030-03-17T00:00Z, a whole number of days) */
export const EVM_TIME_BASE_S = 1_900_022_400n

export interface EvmWorld {
  readonly deployment: Deployment
  readonly auction: (r: AuctionRequest) => Promise<AuctionOutcome>
  readonly setLimits: (l: BridgeLimits) => Promise<void>
  readonly setPaused: (paused: boolean, at_s: bigint) => Promise<void>
  readonly withdraw: (to: Address, chips: bigint, source: Hex, at_s: bigint) => Promise<WithdrawOutcome>
  readonly release: (source: Hex, at_s: bigint) => Promise<Hex>
  readonly deposit: (from: Address, chips: bigint, destination: Hex, at_s: bigint) => Promise<DepositOutcome>
  readonly bogoClaims: (claims: ReadonlyArray<ClaimRequest>) => Promise<ReadonlyArray<ClaimOutcome>>
  readonly feeClaims: (epoch: bigint, claims: ReadonlyArray<ClaimRequest>) => Promise<ReadonlyArray<ClaimOutcome>>
  readonly recoveryRepay: (recipient: Address, amount: bigint) => Promise<void>
  readonly ledger: () => Promise<EvmLedger>
}

const CHIP = 10n ** 18n

export const createEvmWorld = async (): Promise<EvmWorld> => {
  const net: InProcessNetwork = await inProcessNetwork()
  const deployerAccount = net.accounts[0]
  const poolRecipient = net.accounts[19]
  if (deployerAccount === undefined || poolRecipient === undefined) throw new Error("the in-process network needs 20 accounts")
  const reader = net.publicClient
  const owner = net.walletOf(deployerAccount)
  const timeAt = async (at_s: bigint) => {
    const last = (await reader.getBlock({ blockTag: "latest" })).timestamp
    const want = EVM_TIME_BASE_S + at_s
    await net.setNextTimestamp(want > last ? want : last + 1n)
  }
  // the network starts at the base date: deployment and auction blocks follow it
  await timeAt(0n)
  const d = await deploySystem(reader, owner, { network: "hardhat" })
  const send = async (hash: Promise<Hex>) => mined(reader, await hash)
  const impersonated = new Set<Address>()
  const as = async (a: Address) => {
    if (!impersonated.has(a) && !net.accounts.includes(a)) {
      await net.impersonate(a)
      impersonated.add(a)
    }
    return net.walletOf(a)
  }
  const claimAll = async (distributor: Address, abi: typeof bogoDistributorAbi | typeof feeDistributorAbi, token: Address, claims: ReadonlyArray<ClaimRequest>) => {
    const out: ClaimOutcome[] = []
    const tree = buildTree(claims.map((c) => ({ address: getAddress(c.address), amount: c.amount })))
    for (const [i, c] of claims.entries()) {
      const who = getAddress(c.address)
      const before = await reader.readContract({ address: token, abi: rngTokenAbi, functionName: "balanceOf", args: [who] })
      await send((await as(who)).writeContract({ address: distributor, abi, functionName: "claim", args: [c.amount, [...tree.proof(i)]] }))
      const after = await reader.readContract({ address: token, abi: rngTokenAbi, functionName: "balanceOf", args: [who] })
      out.push({ address: who, paid: after - before })
    }
    return out
  }
  return {
    deployment: d,
    auction: async (r) => {
      // bidders are the simulation's addresses, sending through impersonation
      for (const b of r.bids) await as(getAddress(b.bidder))
      const run = await runAuctionPlan(
        { ...net, setAutomine: net.setAutomine },
        d,
        {
          supply: r.supply,
          offsets: { ...DEFAULT_OFFSETS, duration: r.duration_blocks },
          poolRecipient,
          poolReserve: r.pool_reserve,
          recoveryTarget: r.recovery_target,
          sameBlock: true,
          floorQ96: r.floor_q96,
          tickSpacing: r.tick_q96
        },
        r.bids.map((b) => ({ bidder: getAddress(b.bidder), maxPrice: b.max_price_q96, amount: b.amount, placedAt: b.placed_at }))
      )
      const fills = []
      for (const b of run.result.bids) {
        const who = getAddress(b.bidder)
        fills.push({
          bidder: who,
          tokens: b.tokensFilled,
          refund: b.refund,
          rng_balance: await reader.readContract({ address: d.rng, abi: rngTokenAbi, functionName: "balanceOf", args: [who] }),
          usdt_balance: await reader.readContract({ address: d.currency, abi: mockUsdtAbi, functionName: "balanceOf", args: [who] })
        })
      }
      return {
        clearing_q96: run.result.clearing,
        raised: run.result.raised,
        sold: run.result.sold,
        pool_tokens: run.pool.tokens,
        pool_currency: run.pool.currency,
        pool_rng_balance: await reader.readContract({ address: d.rng, abi: rngTokenAbi, functionName: "balanceOf", args: [poolRecipient] }),
        pool_usdt_balance: await reader.readContract({ address: d.currency, abi: mockUsdtAbi, functionName: "balanceOf", args: [poolRecipient] }),
        recovery_funded: run.recoveryFunded,
        fills
      }
    },
    setLimits: async (l) => {
      await send(owner.writeContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: "setLimits", args: [l.per_tx_cap_chips * CHIP, l.daily_cap_chips * CHIP, l.delay_threshold_chips * CHIP, l.delay_s] }))
    },
    setPaused: async (paused, at_s) => {
      await timeAt(at_s)
      await send(owner.writeContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: "setPaused", args: [paused] }))
    },
    withdraw: async (to, chips, source, at_s) => {
      await timeAt(at_s)
      const r = await send(owner.writeContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: "withdraw", args: [to, chips * CHIP, source] }))
      const status = await reader.readContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: "processed", args: [source] })
      const q = await reader.readContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: "queued", args: [source] })
      return { tx: r.transactionHash, status, release_at_s: status === 2 ? BigInt(q[2]) - EVM_TIME_BASE_S : 0n }
    },
    release: async (source, at_s) => {
      await timeAt(at_s)
      return (await send(owner.writeContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: "release", args: [source] }))).transactionHash
    },
    deposit: async (from, chips, destination, at_s) => {
      const w = await as(from)
      await timeAt(at_s)
      await send(w.writeContract({ address: d.rng, abi: rngTokenAbi, functionName: "approve", args: [d.bridgeLockbox, chips * CHIP] }))
      const id = await reader.readContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: "nextDepositId" })
      await timeAt(at_s)
      const r = await send(w.writeContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: "deposit", args: [chips * CHIP, destination] }))
      const deposit_key = await reader.readContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: "depositKeyOf", args: [id] })
      return { id, deposit_key, tx: r.transactionHash }
    },
    bogoClaims: async (claims) => {
      if (claims.length === 0) return []
      await send(owner.writeContract({ address: d.bogoDistributor, abi: bogoDistributorAbi, functionName: "setMerkleRoot", args: [buildTree(claims.map((c) => ({ address: getAddress(c.address), amount: c.amount }))).root, 0n] }))
      return claimAll(d.bogoDistributor, bogoDistributorAbi, d.rng, claims)
    },
    feeClaims: async (epoch, claims) => {
      if (claims.length === 0) return []
      const total = claims.reduce((a, c) => a + c.amount, 0n)
      if (d.mockUsdt === null) throw new Error("fee claims need the deployment's MockUSDT")
      await send(owner.writeContract({ address: d.mockUsdt, abi: mockUsdtAbi, functionName: "mint", args: [deployerAccount, total] }))
      await send(owner.writeContract({ address: d.currency, abi: mockUsdtAbi, functionName: "approve", args: [d.feeDistributor, total] }))
      await send(owner.writeContract({ address: d.feeDistributor, abi: feeDistributorAbi, functionName: "seed", args: [total] }))
      await send(owner.writeContract({ address: d.feeDistributor, abi: feeDistributorAbi, functionName: "setMerkleRoot", args: [buildTree(claims.map((c) => ({ address: getAddress(c.address), amount: c.amount }))).root, 0n, epoch] }))
      return claimAll(d.feeDistributor, feeDistributorAbi, d.currency, claims)
    },
    recoveryRepay: async (recipient, amount) => {
      if (amount > 0n) await send(owner.writeContract({ address: d.recoveryPool, abi: recoveryPoolAbi, functionName: "repay", args: [recipient, amount] }))
    },
    ledger: async () => {
      const lb = (fn: "totalDeposited" | "totalReleased" | "totalQueued") => reader.readContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: fn })
      const rp = (fn: "totalFunded" | "totalRepaid") => reader.readContract({ address: d.recoveryPool, abi: recoveryPoolAbi, functionName: fn })
      return {
        lockbox_rng: await reader.readContract({ address: d.rng, abi: rngTokenAbi, functionName: "balanceOf", args: [d.bridgeLockbox] }),
        lockbox_deposited: await lb("totalDeposited"),
        lockbox_released: await lb("totalReleased"),
        lockbox_queued: await lb("totalQueued"),
        recovery_funded: await rp("totalFunded"),
        recovery_repaid: await rp("totalRepaid"),
        recovery_usdt: await reader.readContract({ address: d.currency, abi: mockUsdtAbi, functionName: "balanceOf", args: [d.recoveryPool] }),
        bogo_rng: await reader.readContract({ address: d.rng, abi: rngTokenAbi, functionName: "balanceOf", args: [d.bogoDistributor] }),
        fee_usdt: await reader.readContract({ address: d.currency, abi: mockUsdtAbi, functionName: "balanceOf", args: [d.feeDistributor] }),
        deployment_digest: keccak256(toHex([d.rng, d.currency, d.recoveryPool, d.bogoDistributor, d.bridgeLockbox, d.feeDistributor].join(",")))
      }
    }
  }
}
