/**
 * The EVM lockbox as the relayer sees it (viem over JSON-RPC): confirmed Deposited logs, a
 * source's processed state, and withdrawals signed locally with an explicit nonce so that the
 * transaction hash is known — and persisted — before it is broadcast (a crash can only ever
 * rebroadcast the same transaction; the lockbox refuses a second one for a source anyway).
 */
import { Context, Effect, Layer } from "effect"
import {
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  getAddress,
  http,
  keccak256,
  type Account,
  type Address,
  type Chain,
  type Hex
} from "viem"
import { bridgeLockboxAbi } from "../../evm/abi/index.ts"
import { EvmRpcUnavailable, EvmTransactionFailed, describeError } from "./errors.ts"

export interface DepositLog {
  readonly id: bigint
  readonly from: Address
  readonly amount: bigint
  readonly destination: Hex
  readonly deposit_key: Hex
  readonly block: bigint
  readonly log_index: number
  readonly tx: Hex
}

export interface SignedTx {
  readonly hash: Hex
  readonly raw: Hex
}

export type ReceiptView = { readonly status: "success" | "reverted"; readonly block: bigint } | null

export interface LockboxShape {
  readonly blockNumber: () => Effect.Effect<bigint, EvmRpcUnavailable>
  readonly deposits: (from: bigint, to: bigint) => Effect.Effect<ReadonlyArray<DepositLog>, EvmRpcUnavailable>
  /** 0 unseen, 1 released, 2 queued, 3 cancelled */
  readonly processed: (source: Hex) => Effect.Effect<number, EvmRpcUnavailable>
  /** the release transaction (Withdrawn log) of a source, searched from `fromBlock` */
  readonly releaseTx: (source: Hex, fromBlock: bigint) => Effect.Effect<Hex | null, EvmRpcUnavailable>
  readonly signWithdraw: (to: Address, amount: bigint, source: Hex) => Effect.Effect<SignedTx, EvmRpcUnavailable | EvmTransactionFailed>
  readonly signRelease: (source: Hex) => Effect.Effect<SignedTx, EvmRpcUnavailable | EvmTransactionFailed>
  /** broadcast; an "already known" answer counts as sent */
  readonly broadcast: (raw: Hex) => Effect.Effect<void, EvmRpcUnavailable | EvmTransactionFailed>
  readonly receipt: (hash: Hex) => Effect.Effect<ReceiptView, EvmRpcUnavailable>
  readonly address: Address
}

export class Lockbox extends Context.Tag("nullspace/services/bridge/Lockbox")<Lockbox, LockboxShape>() {}

export interface LockboxOptions {
  readonly rpc_url: string
  readonly chain: Chain
  readonly lockbox: Address
  readonly account: Account
}

const rpc = <A>(what: string, f: () => Promise<A>) => Effect.tryPromise({ try: f, catch: (e) => new EvmRpcUnavailable({ message: `${what}: ${describeError(e)}` }) })

export const lockboxLayer = (o: LockboxOptions): Layer.Layer<Lockbox> =>
  Layer.succeed(
    Lockbox,
    (() => {
      const transport = http(o.rpc_url, { retryCount: 0, timeout: 10_000 })
      const pub = createPublicClient({ chain: o.chain, transport })
      const wallet = createWalletClient({ chain: o.chain, transport, account: o.account })
      const sign = (what: string, data: Hex) =>
        Effect.gen(function* () {
          const request = yield* Effect.tryPromise({
            try: () => wallet.prepareTransactionRequest({ account: o.account, chain: o.chain, to: o.lockbox, data }),
            catch: (e) => new EvmTransactionFailed({ message: `${what} would fail: ${describeError(e)}` })
          })
          const raw = yield* rpc(`signing ${what}`, () => wallet.signTransaction(request))
          return { raw, hash: keccak256(raw) }
        })
      return {
        address: o.lockbox,
        blockNumber: () => rpc("eth_blockNumber", () => pub.getBlockNumber({ cacheTime: 0 })),
        deposits: (from, to) =>
          Effect.map(
            rpc(`Deposited logs ${from}..${to}`, () => pub.getContractEvents({ address: o.lockbox, abi: bridgeLockboxAbi, eventName: "Deposited", fromBlock: from, toBlock: to })),
            (logs) =>
              logs
                .map((l) => ({
                  id: l.args.id ?? 0n,
                  from: getAddress(l.args.from ?? o.lockbox),
                  amount: l.args.amount ?? 0n,
                  destination: l.args.destination ?? "0x",
                  deposit_key: l.args.depositKey ?? "0x",
                  block: l.blockNumber,
                  log_index: l.logIndex,
                  tx: l.transactionHash
                }))
                .sort((a, b) => (a.block === b.block ? a.log_index - b.log_index : a.block < b.block ? -1 : 1))
          ),
        processed: (source) => rpc("processed", () => pub.readContract({ address: o.lockbox, abi: bridgeLockboxAbi, functionName: "processed", args: [source] })),
        releaseTx: (source, fromBlock) =>
          Effect.map(
            rpc("Withdrawn logs", () => pub.getContractEvents({ address: o.lockbox, abi: bridgeLockboxAbi, eventName: "Withdrawn", fromBlock, toBlock: "latest" })),
            (logs) => logs.find((l) => l.args.source === source)?.transactionHash ?? null
          ),
        signWithdraw: (to, amount, source) => sign("withdraw", encodeFunctionData({ abi: bridgeLockboxAbi, functionName: "withdraw", args: [to, amount, source] })),
        signRelease: (source) => sign("release", encodeFunctionData({ abi: bridgeLockboxAbi, functionName: "release", args: [source] })),
        broadcast: (raw) =>
          Effect.tryPromise({
            try: () => pub.sendRawTransaction({ serializedTransaction: raw }),
            catch: (e) => describeError(e)
          }).pipe(
            Effect.asVoid,
            Effect.catchAll((m) => (/already known|known transaction/i.test(m) ? Effect.void : Effect.fail(new EvmTransactionFailed({ message: `broadcast: ${m}` }))))
          ),
        receipt: (hash) =>
          rpc("receipt", () => pub.getTransactionReceipt({ hash }).then((r) => ({ status: r.status, block: r.blockNumber }) as const)).pipe(
            Effect.catchAll((e) => (/could not be found|not found/i.test(e.message) ? Effect.succeed(null) : Effect.fail(e)))
          )
      }
    })()
  )
