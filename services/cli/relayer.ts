/**
 * `npm run relayer -- run [flags]` (--help lists them): the bridge relayer between the casino
 * chain's API and the EVM lockbox (services/bridge/relayer.ts). `--once` runs one poll and prints
 * its report. Logs one JSON line per notable event; SIGINT/SIGTERM stops it (the state file is
 * always durable, a restart resumes from it).
 *
 * `npm run relayer -- refund [flags] <id>`: an operator's refund of a pending withdrawal (the
 * same connection flags; the relayer itself must be stopped, it holds the state file's lock):
 * the decision is written to the state file, the lockbox is checked (a released or queued source
 * is refused), RefundBridgeWithdrawal is submitted, and it prints refunded / waiting / finalized.
 * A later `run` carries a decision that was still waiting on.
 */
import { Args, Command, Options } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer, Option } from "effect"
import { defineChain, getAddress, isAddress } from "viem"
import { casinoApiLayer } from "../bridge/casino.ts"
import { RelayerConfigInvalid } from "../bridge/errors.ts"
import { casinoSigner, evmAccount } from "../bridge/keys.ts"
import { lockboxLayer } from "../bridge/lockbox.ts"
import { DEFAULT_RELAYER_OPTIONS, Relayer, relayerLayer } from "../bridge/relayer.ts"
import { initialState, relayerStoreLayer } from "../bridge/state.ts"
import { ConsoleLogSinkLive } from "../log.ts"

const connection = {
  api: Options.text("api").pipe(Options.withDefault("http://127.0.0.1:8080"), Options.withDescription("the casino chain's API")),
  evm_rpc_url: Options.text("evm-rpc-url").pipe(Options.withDescription("EVM JSON-RPC URL (e.g. a local Hardhat node on 31400)")),
  lockbox: Options.text("lockbox-address").pipe(Options.withDescription("BridgeLockbox address")),
  chain_id: Options.integer("evm-chain-id").pipe(Options.withDefault(31337), Options.withDescription("EVM chain id")),
  evm_key_file: Options.file("evm-key-file").pipe(Options.optional, Options.withDescription("file holding the lockbox relayer's EVM key (else BRIDGE_EVM_PRIVATE_KEY)")),
  casino_key_file: Options.file("casino-key-file").pipe(Options.optional, Options.withDescription("file holding the casino admin ed25519 secret (else BRIDGE_CASINO_ADMIN_SECRET)")),
  state_path: Options.text("state-path").pipe(Options.withDefault("bridge-relayer-state.json"), Options.withDescription("the persisted cursor and pending items")),
  confirmations: Options.integer("evm-confirmations").pipe(Options.withDefault(3), Options.withDescription("EVM blocks on top before a deposit or release counts")),
  poll_ms: Options.integer("poll-ms").pipe(Options.withDefault(5000), Options.withDescription("sleep between polls (ms, at least 50)")),
  log_range: Options.integer("evm-log-range").pipe(Options.withDefault(2000), Options.withDescription("EVM blocks per log query")),
  start_block: Options.integer("evm-start-block").pipe(Options.withDefault(0), Options.withDescription("first EVM block (only without a state file)")),
  start_id: Options.integer("withdraw-start-id").pipe(Options.withDefault(0), Options.withDescription("first withdrawal id (only without a state file)")),
  max_chips: Options.integer("withdraw-max-chips").pipe(Options.withDefault(0), Options.withDescription("relayer-side ceiling per withdrawal (0: none)")),
  execution_timeout_ms: Options.integer("execution-timeout-ms").pipe(Options.withDefault(30_000), Options.withDescription("how long a casino submission may take to execute")),
  refund_after_s: Options.integer("refund-blocked-after-s").pipe(
    Options.withDefault(0),
    Options.withDescription("chain seconds after it became available before a blocked withdrawal is refunded (0: never on its own)")
  )
}

interface ConnectionFlags {
  readonly api: string
  readonly evm_rpc_url: string
  readonly lockbox: string
  readonly chain_id: number
  readonly evm_key_file: Option.Option<string>
  readonly casino_key_file: Option.Option<string>
  readonly state_path: string
  readonly confirmations: number
  readonly poll_ms: number
  readonly log_range: number
  readonly start_block: number
  readonly start_id: number
  readonly max_chips: number
  readonly execution_timeout_ms: number
  readonly refund_after_s: number
}

/** the relayer's layer from the flags, with the keys it signs with */
const relayerFrom = (o: ConnectionFlags) =>
  Effect.gen(function* () {
    if (!isAddress(o.lockbox)) return yield* Effect.fail(new RelayerConfigInvalid({ message: `--lockbox-address: not an address: ${o.lockbox}` }))
    if (o.poll_ms < 50 || o.confirmations < 0 || o.log_range < 1 || o.start_block < 0 || o.start_id < 0 || o.max_chips < 0 || o.refund_after_s < 0)
      return yield* Effect.fail(new RelayerConfigInvalid({ message: "--poll-ms ≥ 50, --evm-log-range ≥ 1, and no negative counts" }))
    const account = yield* Effect.try({ try: () => evmAccount(Option.getOrNull(o.evm_key_file), process.env["BRIDGE_EVM_PRIVATE_KEY"]), catch: (e) => e })
    const signer = yield* Effect.try({ try: () => casinoSigner(Option.getOrNull(o.casino_key_file), process.env["BRIDGE_CASINO_ADMIN_SECRET"]), catch: (e) => e })
    const chain = defineChain({ id: o.chain_id, name: `evm-${o.chain_id}`, nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [o.evm_rpc_url] } } })
    const layer = relayerLayer({
      ...DEFAULT_RELAYER_OPTIONS,
      confirmations: BigInt(o.confirmations),
      log_range: BigInt(o.log_range),
      poll_ms: o.poll_ms,
      withdraw_max_chips: BigInt(o.max_chips),
      refund_blocked_after_s: BigInt(o.refund_after_s)
    }).pipe(
      Layer.provide(
        Layer.mergeAll(
          casinoApiLayer({ api_url: o.api, signer, execution_timeout_ms: o.execution_timeout_ms }),
          lockboxLayer({ rpc_url: o.evm_rpc_url, chain, lockbox: getAddress(o.lockbox), account }),
          relayerStoreLayer(o.state_path, initialState(BigInt(o.start_block), BigInt(o.start_id))),
          ConsoleLogSinkLive
        )
      )
    )
    return { layer, signer, account }
  })

const run = Command.make("run", { ...connection, once: Options.boolean("once").pipe(Options.withDescription("one poll, print its report, exit")) }, (o) =>
  Effect.gen(function* () {
    const { layer, signer, account } = yield* relayerFrom(o)
    return yield* Effect.gen(function* () {
      const r = yield* Relayer
      yield* Console.log(JSON.stringify({ level: "info", msg: "relayer.started", pid: process.pid, casino_admin: signer.public_key, evm_relayer: account.address, lockbox: o.lockbox, state: o.state_path }))
      if (o.once) return yield* Console.log(JSON.stringify(yield* r.pollOnce()))
      return yield* r.run()
    }).pipe(Effect.provide(layer))
  })
).pipe(Command.withDescription("relay deposits (EVM → casino) and withdrawals (casino → EVM)"))

const refund = Command.make("refund", { ...connection, id: Args.text({ name: "withdrawal-id" }) }, (o) =>
  Effect.gen(function* () {
    if (!/^[0-9]{1,20}$/.test(o.id)) return yield* Effect.fail(new RelayerConfigInvalid({ message: `<withdrawal-id>: not a decimal id: ${o.id}` }))
    const { layer } = yield* relayerFrom(o)
    return yield* Effect.gen(function* () {
      const r = yield* Relayer
      const outcome = yield* r.refund(BigInt(o.id).toString())
      yield* Console.log(JSON.stringify({ level: "info", msg: "relayer.refund", id: o.id, outcome }))
    }).pipe(Effect.provide(layer))
  })
).pipe(Command.withDescription("refund a pending withdrawal on the casino chain (the relayer stopped: it holds the state file)"))

const relayer = Command.make("relayer").pipe(Command.withDescription("the bridge relayer between the casino chain and the EVM lockbox"), Command.withSubcommands([run, refund]))
const cli = Command.run(relayer, { name: "relayer", version: "0.1.0" })

cli(process.argv).pipe(
  Effect.scoped,
  Effect.catchAll((e) => Effect.zipRight(Console.error(e instanceof Error ? `${e.message}` : String(e)), Effect.sync(() => (process.exitCode = 1)))),
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain({ disableErrorReporting: true })
)
