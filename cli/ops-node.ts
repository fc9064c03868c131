/**
 * `npm run ops -- node <freeroll-snapshot|session-dump|tournaments|recovery|sybil-scan> --node <url>`:
 * the operator tools (simulations.md §7) on a running node, and `npm run ops -- sybil-score --run <dir>`
 * (the sybil scan's precision and recall at score thresholds). Also runs alone:
 * `npx tsx cli/ops-node.ts node … | sybil-score …`.
 *
 * Reads go through the typed client (services/verify/client.ts): every state row is read twice —
 * its JSON (`/player`, `/tournament`, `/session`) and its `/state/:table/:key` answer — and kept
 * only when the answer's proof verifies against the node's root and the row's canonical bytes equal
 * the proven value; with `--trusted-set` (the validators' set, JSON {validators, quorum,
 * group_key}) the root must carry an execution certificate of that set, and without it
 * `--allow-uncertified` must say that a proof against the node's own root is enough (a dev chain).
 * A settled session has left state: session-dump then shows the explorer's record of it.
 * Players are found from the explorer (applied CasinoRegister transactions) or `--players-file`.
 * The decisions are the simulation's own (tournament-scheduler.ts `schedulerActions`,
 * recovery-operator.ts `recoveryOperator`, freeroll-snapshot.ts `freerollSnapshot`, sybil-scan.ts
 * `sybilScan`) over a state store holding the rows read.
 * `sybil-scan` (§7.3) merges those rows with off-chain metadata, `--metadata <file>` (JSON array or
 * JSONL, sybil-scan.ts `parseMetadata`; an empty file scans chain data alone), and takes the
 * run-folder command's options and report (ops-output.ts: `--bucket-seconds` 3600,
 * `--min-cluster-size` 3, `--include-all`, `--output`; the scan as JSON). Its players are the
 * registered keys found as above together with every key the metadata names, each read through the
 * same proven reads: a metadata key with no player row on the chain (its absence proven, or not a
 * 32-byte hex key) is not a chain player — it is left out of the scan (no entry, no cluster
 * membership, metadata_matched does not count it) and named on stderr after the report.
 * `--ground-truth <agents.jsonl>` (records with a farmer are sybils; also the metadata when
 * `--metadata` is not given) adds the run-folder command's precision and recall lines on stderr.
 * `tournaments` and `recovery` print their planned instructions (dry run) unless `--submit`, which
 * signs them with `--admin-key-file` (no default key) and posts them to `/submit` with the admin
 * account's nonce. URLs beyond loopback need `--allow-remote`.
 * Every failure is one typed line (OpsNodeFailure) and exit code 1 (ops-output.ts `runOpsMain`;
 * a usage error is @effect/cli's own message).
 */
import { readFileSync } from "node:fs"
import { pathToFileURL } from "node:url"
import { Command, Options } from "@effect/cli"
import { Console, Data, Effect, Either, Option, Schema } from "effect"
import { House, house } from "../engine/casino/house.ts"
import { Player, players } from "../engine/casino/player.ts"
import { clockAt } from "../engine/chain/clock.ts"
import { toHex } from "../engine/codec/bytes.ts"
import { Tournament, tournaments } from "../engine/economy/tournament/tournament.ts"
import { GameSession } from "../engine/games/session-record.ts"
import { RandomStream } from "../engine/random/stream.ts"
import { ReadModel } from "../engine/read/read-model.ts"
import { canonicalBytes } from "../engine/state/canonical.ts"
import { StateStore } from "../engine/state/store.ts"
import type { Instruction } from "../engine/tx/instruction.ts"
import { signTransaction, type Signer } from "../engine/tx/sign.ts"
import { adminSignerFromHex } from "../services/auth/admin-key.ts"
import { makeChainClient } from "../services/auth/chain-client.ts"
import { isLoopbackHost } from "../services/loopback.ts"
import type { BlockPage } from "../services/explorer/json.ts"
import { ChainIdentityJson } from "../services/verify/bundle.ts"
import { NullspaceClient, type ClientFailure } from "../services/verify/client.ts"
import { StateAnswer } from "../services/verify/state-answer.ts"
import { recoveryOperator } from "../sim/agents/operators/recovery-operator.ts"
import { scheduleOf, schedulerActions, slotAt } from "../sim/agents/operators/tournament-scheduler.ts"
import { freerollSnapshot, snapshotCsv, snapshotJson } from "../sim/ops/freeroll-snapshot.ts"
import { loadRunState } from "../sim/ops/run-state.ts"
import { groundTruthSybils, normaliseKey, parseMetadata, SCORE_THRESHOLDS, scoreAtThresholds, sybilScan, thresholdTable } from "../sim/ops/sybil-scan.ts"
import { opsJson as json, printSybilScan, runOpsMain, sybilScanOptions } from "./ops-output.ts"

export class OpsNodeFailure extends Data.TaggedError("OpsNodeFailure")<{ readonly reason: string; readonly message: string }> {}

const fail = (reason: string, message: string) => Effect.fail(new OpsNodeFailure({ reason, message: `${reason}: ${message.replace(/\s+/g, " ").slice(0, 400)}` }))

/** bounds: explorer pages walked, transactions fetched, rows read, submissions, keys named on stderr */
const BLOCK_PAGE = 200
const READ_CONCURRENCY = 8
const ROW_READ_ATTEMPTS = 8
/** reads of a head not yet certified, RETRY_MS apart: a busy network certifies its head seconds after executing it, while the head keeps moving */
const CERTIFICATE_WAITS_MAX = 40
const RETRY_MS = 250
const NONCE_RETRIES_MAX = 3
const INSTRUCTIONS_MAX = 64
const KEYS_SHOWN_MAX = 10

// ---------------------------------------------------------------- the node, its URL and trust

export interface NodeSource {
  readonly base: string
  readonly client: NullspaceClient
  /** the root must carry an execution certificate of the trusted set */
  readonly certified: boolean
}

/** a checked node URL: http(s), loopback unless allowed */
export const nodeUrl = (raw: string, allow_remote: boolean): Effect.Effect<string, OpsNodeFailure> => {
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    return fail("BadNodeUrl", `${JSON.stringify(raw)} is not a URL`)
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return fail("BadNodeUrl", `${u.protocol} is not http or https`)
  if (!isLoopbackHost(u.hostname) && !allow_remote) return fail("RemoteNodeRefused", `${u.hostname} is not loopback (pass --allow-remote to use it)`)
  return Effect.succeed(u.origin + u.pathname.replace(/\/$/, ""))
}

const readText = (path: string, what: string) =>
  Effect.try({ try: () => readFileSync(path, "utf8"), catch: () => new OpsNodeFailure({ reason: "FileUnreadable", message: `FileUnreadable: ${what} ${path} cannot be read` }) })

/** a file's text parsed by `parse`; a throw is `reason` with the parser's message */
const parsedFile = <A>(path: string, what: string, reason: string, parse: (text: string) => A) =>
  Effect.flatMap(readText(path, what), (text) =>
    Effect.try({ try: () => parse(text), catch: (e) => new OpsNodeFailure({ reason, message: `${reason}: ${what} ${path}: ${(e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ").slice(0, 300)}` }) })
  )

const decodeSet = Schema.decodeUnknownEither(Schema.parseJson(ChainIdentityJson))

export const openNode = (o: { readonly node: string; readonly allow_remote: boolean; readonly trusted_set: Option.Option<string>; readonly allow_uncertified: boolean }) =>
  Effect.gen(function* () {
    const base = yield* nodeUrl(o.node, o.allow_remote)
    if (Option.isNone(o.trusted_set)) {
      if (!o.allow_uncertified) return yield* fail("TrustMissing", "give --trusted-set <file> (the validators' set) or --allow-uncertified (proofs against the node's own root, a dev chain)")
      return { base, client: new NullspaceClient(base), certified: false } satisfies NodeSource
    }
    const set = decodeSet(yield* readText(o.trusted_set.value, "trusted set"))
    if (Either.isLeft(set)) return yield* fail("TrustedSetInvalid", "the trusted set is not {validators, quorum, group_key} JSON")
    return { base, client: new NullspaceClient(base, { set: set.right }), certified: true } satisfies NodeSource
  })

const clientFailure = (e: ClientFailure) => new OpsNodeFailure({ reason: "NodeUnavailable", message: `NodeUnavailable: ${e.status === null ? `cannot reach ${e.url}: ${e.message}` : `${e.url} answered ${e.status}`}`.slice(0, 400) })

/** a JSON answer; 404 → null */
const getJson = (base: string, path: string): Effect.Effect<unknown, OpsNodeFailure> =>
  Effect.tryPromise({
    try: async () => {
      const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(30_000) })
      const body: unknown = res.status === 404 ? null : await res.json()
      return { status: res.status, body }
    },
    catch: (e) => new OpsNodeFailure({ reason: "NodeUnavailable", message: `NodeUnavailable: cannot reach ${base}${path}: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}` })
  }).pipe(Effect.flatMap(({ status, body }) => (status === 200 || status === 404 ? Effect.succeed(body) : fail("NodeUnavailable", `${base}${path} answered ${status}`))))

const Head = Schema.Struct({ height: Schema.Union(Schema.String, Schema.Number), view: Schema.Union(Schema.String, Schema.Number) })

export const nodeHead = (n: NodeSource) =>
  Effect.flatMap(getJson(n.base, "/chain"), (body) => {
    const h = Schema.decodeUnknownEither(Head)(body)
    return Either.isLeft(h) ? fail("NodeAnswerInvalid", "/chain is not a chain head") : Effect.succeed({ height: BigInt(h.right.height), view: BigInt(h.right.view) })
  })

const decodeAnswer = Schema.decodeUnknownEither(StateAnswer)

export interface ProvenRow<A> {
  readonly row: A | null
  readonly height: bigint
  readonly certified: boolean
  /** the proven canonical bytes (hex), null for an absent row */
  readonly value_hex: string | null
}

/**
 * One state row: its JSON answer decoded with the engine's Schema, kept only when its canonical
 * bytes equal the value proven by `/state/<table>/<key>` (re-read when the chain moved between).
 */
export const provenRow = <A, I>(n: NodeSource, table: string, key: string, schema: Schema.Schema<A, I>, jsonPath: string, pick: (body: unknown) => unknown = (b) => b) =>
  Effect.gen(function* () {
    let certificate_waits = 0
    for (let attempt = 0; attempt < ROW_READ_ATTEMPTS; attempt++) {
      const body = yield* getJson(n.base, jsonPath)
      const answer = yield* Effect.mapError(n.client.state(table, key), clientFailure)
      const a = decodeAnswer(answer.body)
      if (Either.isLeft(a) || answer.checks.find((c) => c.name === "proof")?.ok !== true) return yield* fail("StateUnproven", `${table}/${key}: the node's proof does not verify`)
      if (n.certified && !answer.certified) {
        // the head's certificate may be a moment behind its execution: read again
        if (certificate_waits < CERTIFICATE_WAITS_MAX) {
          certificate_waits++
          attempt-- // a wait for the certificate is not a mismatch read
          yield* Effect.sleep(RETRY_MS)
          continue
        }
        return yield* fail("NotCertified", `${table}/${key} at height ${a.right.height}: no execution certificate of the trusted set`)
      }
      const picked = body === null ? null : pick(body)
      if (picked === null && a.right.value === null) return { row: null, height: BigInt(a.right.height), certified: answer.certified, value_hex: null } satisfies ProvenRow<A>
      if (picked === null || a.right.value === null) {
        yield* Effect.sleep(RETRY_MS)
        continue
      }
      const row = Schema.decodeUnknownEither(schema)(picked)
      if (Either.isLeft(row)) return yield* fail("NodeAnswerInvalid", `${jsonPath} does not match the ${table} schema`)
      if (toHex(canonicalBytes(schema, row.right)) === a.right.value) return { row: row.right, height: BigInt(a.right.height), certified: answer.certified, value_hex: a.right.value } satisfies ProvenRow<A>
      yield* Effect.sleep(RETRY_MS)
    }
    return yield* fail("StateMismatch", `${table}/${key}: the row read does not match the proven value after ${ROW_READ_ATTEMPTS} reads`)
  })

const tournamentOf = (b: unknown): unknown => (typeof b === "object" && b !== null && "tournament" in b ? b.tournament : null)

// ---------------------------------------------------------------- players of a node

const keyLine = /^(0x)?[0-9a-fA-F]{64}$/

/** registered keys: `--players-file` (one key a line), else applied CasinoRegister transactions in the explorer (newest `blocks_max` blocks) */
export const nodePlayerKeys = (n: NodeSource, players_file: Option.Option<string>, blocks_max: number) =>
  Effect.gen(function* () {
    if (Option.isSome(players_file)) {
      const lines = (yield* readText(players_file.value, "players file")).split("\n").map((l) => l.trim()).filter((l) => l !== "")
      const bad = lines.find((l) => !keyLine.test(l))
      if (bad !== undefined) return yield* fail("PlayersFileInvalid", `${JSON.stringify(bad.slice(0, 80))} is not a 32-byte hex key`)
      return [...new Set(lines.map((l) => l.toLowerCase().replace(/^0x/, "")))]
    }
    const hashes: string[] = []
    let before: bigint | undefined = undefined
    for (let seen = 0; seen < blocks_max; ) {
      const page: BlockPage = yield* Effect.mapError(n.client.explorerBlocks({ ...(before === undefined ? {} : { before }), limit: Math.min(BLOCK_PAGE, blocks_max - seen) }), (e) =>
        e.status === 404 ? new OpsNodeFailure({ reason: "NoExplorer", message: "NoExplorer: the node serves no explorer: pass --players-file" }) : clientFailure(e)
      )
      for (const b of page.blocks) hashes.push(...b.tx_hashes)
      seen += page.blocks.length
      if (page.next_before === null || page.blocks.length === 0) break
      before = BigInt(page.next_before)
    }
    const txs = yield* Effect.forEach(hashes, (h) => Effect.mapError(n.client.explorerTransaction(h), clientFailure), { concurrency: READ_CONCURRENCY })
    return [...new Set(txs.filter((t) => t.instruction_tag === "CasinoRegister" && t.status === "applied").map((t) => t.public_key))].sort()
  })

/** a state store holding the proven player rows (the engine's read model over what the node proved) */
export const nodePlayersStore = (n: NodeSource, keys: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const rows = yield* Effect.forEach(keys, (k) => provenRow(n, "player", k, Player, `/player/${k}`), { concurrency: READ_CONCURRENCY })
    const store = new StateStore()
    store.begin()
    keys.forEach((k, i) => {
      const r = rows[i]?.row
      if (r !== undefined && r !== null) players.put(store, k, r)
    })
    store.commit()
    return { store, heights: rows.map((r) => r.height), certified: rows.every((r) => r.certified) }
  })

// ---------------------------------------------------------------- admin submission

/** the admin signer from a key file (trimmed hex, optional 0x; an empty or malformed file is an error) */
export const adminFromFile = (file: Option.Option<string>) =>
  Effect.gen(function* () {
    if (Option.isNone(file)) return yield* fail("AdminKeyMissing", "--submit needs --admin-key-file (there is no default key)")
    const text = (yield* readText(file.value, "admin key file")).trim()
    if (text === "") return yield* fail("AdminKeyInvalid", "the admin key file is empty")
    return yield* Effect.try({ try: () => adminSignerFromHex(text, "--admin-key-file"), catch: () => new OpsNodeFailure({ reason: "AdminKeyInvalid", message: "AdminKeyInvalid: the admin key file does not hold 32 bytes of hex" }) })
  })

/** sign each instruction with the admin key at the account's nonce and POST it; a nonce answer resyncs (bounded) */
export const submitAll = (base: string, admin: Signer, ixs: ReadonlyArray<Instruction>) =>
  Effect.tryPromise({
    try: async () => {
      const chain = makeChainClient(base)
      let nonce = await chain.accountNonce(admin.public_key)
      const out: Array<{ readonly nonce: string; readonly instruction: string }> = []
      for (const ix of ixs.slice(0, INSTRUCTIONS_MAX)) {
        let done = false
        for (let attempt = 0; attempt <= NONCE_RETRIES_MAX && !done; attempt++) {
          const r = await chain.submit(signTransaction(admin, nonce, ix))
          if (r.kind === "accepted") {
            out.push({ nonce: nonce.toString(), instruction: ix._tag })
            nonce++
            done = true
          } else if (r.kind === "nonce") nonce = r.expected
          else throw new Error(`the node refused ${ix._tag}: ${r.error} ${r.message}`)
        }
        if (!done) throw new Error(`the node kept refusing the admin nonce (last ${nonce})`)
      }
      return out
    },
    catch: (e) => new OpsNodeFailure({ reason: "SubmitFailed", message: `SubmitFailed: ${(e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ").slice(0, 400)}` })
  })

// ---------------------------------------------------------------- commands

const node = Options.text("node").pipe(Options.withDescription("a node's API (http://127.0.0.1:8080)"))
const allow_remote = Options.boolean("allow-remote").pipe(Options.withDescription("allow a node URL beyond loopback"))
const trusted_set = Options.file("trusted-set").pipe(Options.optional, Options.withDescription("the validators' set (JSON {validators, quorum, group_key}): reads must be certified by it"))
const allow_uncertified = Options.boolean("allow-uncertified").pipe(Options.withDescription("accept proofs against the node's own root without a certificate (a dev chain)"))
const admin_key_file = Options.file("admin-key-file").pipe(Options.optional, Options.withDescription("the admin key (64 hex) for --submit"))
const submit = Options.boolean("submit").pipe(Options.withDescription("sign and submit the planned instructions (default: a dry run printing them)"))
const trust = { node, allow_remote, trusted_set, allow_uncertified }
const players_file = Options.file("players-file").pipe(Options.optional, Options.withDescription("registered keys, one a line (default: from the explorer)"))
const blocks_max = Options.integer("blocks-max").pipe(Options.withDefault(100_000), Options.withDescription("explorer blocks walked at most"))

const snapshotCmd = Command.make(
  "freeroll-snapshot",
  {
    ...trust,
    format: Options.choice("format", ["json", "csv"]).pipe(Options.withDefault("json" as const)),
    min_credits: Options.integer("min-credits").pipe(Options.withDefault(0)),
    unlocked_only: Options.boolean("unlocked-only"),
    players_file,
    blocks_max
  },
  (o) =>
    Effect.gen(function* () {
      const n = yield* openNode(o)
      const head = yield* nodeHead(n)
      const keys = yield* nodePlayerKeys(n, o.players_file, o.blocks_max)
      const { store } = yield* nodePlayersStore(n, keys)
      const snap = freerollSnapshot(store, { view: head.view, height: head.height, generated_at_unix: Number(clockAt(head.view).now_s) }, { unlocked_only: o.unlocked_only, min_credits: BigInt(o.min_credits) })
      yield* Console.log((o.format === "csv" ? snapshotCsv(snap) : snapshotJson(snap)).trimEnd())
    })
).pipe(Command.withDescription("freeroll snapshot (§7.2) of a running node's proven player rows"))

const sessionCmd = Command.make(
  "session-dump",
  {
    ...trust,
    session_id: Options.integer("session-id").pipe(Options.optional),
    player: Options.text("player").pipe(Options.optional),
    history_limit: Options.integer("history-limit").pipe(Options.withDefault(10))
  },
  (o) =>
    Effect.gen(function* () {
      if (Option.isNone(o.session_id) && Option.isNone(o.player)) return yield* fail("UsageError", "give --session-id or --player")
      const n = yield* openNode(o)
      const given = Option.map(o.player, (p) => p.toLowerCase().replace(/^0x/, ""))
      if (Option.isSome(given) && !/^[0-9a-f]{64}$/.test(given.value)) return yield* fail("UsageError", "--player must be a 32-byte hex key")
      const sess = yield* Option.match(o.session_id, {
        onNone: () => Effect.succeed(null),
        onSome: (id) => Effect.map(provenRow(n, "session", String(id), GameSession, `/session/${id}`), (r) => r)
      })
      const s = sess?.row ?? null
      // a settled session has left state (its GameCompleted event holds the outcome): the explorer's record of it, schema-checked
      const settled = Option.isSome(o.session_id) && s === null ? yield* Effect.either(n.client.explorerSession(BigInt(o.session_id.value))) : null
      const explorer_session = settled === null || Either.isLeft(settled) ? null : settled.right
      const key = Option.getOrElse(given, () => s?.player ?? explorer_session?.player ?? null)
      const player = key === null ? null : yield* provenRow(n, "player", key, Player, `/player/${key}`)
      const tournament = s?.tournament_id === null || s === null ? null : yield* provenRow(n, "tournament", s.tournament_id.toString(), Tournament, `/tournament/${s.tournament_id}`, tournamentOf)
      const history = key === null ? null : yield* Effect.either(n.client.explorerGames(key, { limit: Math.max(1, Math.min(200, o.history_limit)) }))
      yield* Console.log(
        json({
          generated_at_ms: Date.now(),
          session_id: Option.getOrNull(o.session_id),
          player_public_key: key,
          certified: [sess, player, tournament].every((r) => r === null || r.certified),
          session:
            s === null || sess === null
              ? null
              : {
                  id: s.id,
                  player: s.player,
                  game_type: s.game_type,
                  bet: s.bet,
                  move_count: s.move_count,
                  created_view: s.created_view,
                  is_complete: s.is_complete,
                  is_tournament: s.tournament_id !== null,
                  tournament_id: s.tournament_id,
                  proven_height: sess.height,
                  state_blob_len: (sess.value_hex?.length ?? 0) / 2,
                  state_blob_head_hex: (sess.value_hex ?? "").slice(0, 128)
                },
          explorer_session,
          tournament_debug: tournament?.row ?? null,
          player_debug: player?.row ?? null,
          game_history: history === null || Either.isLeft(history) ? null : history.right
        }).trimEnd()
      )
    })
).pipe(Command.withDescription("session dump (§7.5) from a running node: proven session, player and tournament rows, explorer history"))

const tournamentsCmd = Command.make(
  "tournaments",
  { ...trust, admin_key_file, submit, lookback_slots: Options.integer("lookback-slots").pipe(Options.withDefault(10), Options.withDescription("earlier slots read for tournaments still to end")) },
  (o) =>
    Effect.gen(function* () {
      const n = yield* openNode(o)
      const admin = o.submit ? yield* adminFromFile(o.admin_key_file) : null
      const head = yield* nodeHead(n)
      const clock = clockAt(head.view)
      const slot = slotAt(clock.now_s * 1_000n)
      const back = BigInt(Math.max(0, Math.min(1_000, o.lookback_slots)))
      const ids = Array.from({ length: Number(back) + 1 }, (_, i) => slot - back + BigInt(i)).filter((id) => id >= 0n)
      const rows = yield* Effect.forEach(ids, (id) => provenRow(n, "tournament", id.toString(), Tournament, `/tournament/${id}`, tournamentOf), { concurrency: READ_CONCURRENCY })
      const store = new StateStore()
      store.begin()
      for (const r of rows) if (r.row !== null) tournaments.put(store, r.row.id.toString(), r.row)
      store.commit()
      const actions = schedulerActions({ state: store, clock }, 1)
      const submitted = admin === null ? null : yield* submitAll(n.base, admin, actions)
      yield* Console.log(json({ view: head.view, height: head.height, now_ms: clock.now_s * 1_000n, schedule: scheduleOf(slot), planned: actions, dry_run: admin === null, submitted }).trimEnd())
    })
).pipe(Command.withDescription("tournament scheduler (§7.1) on a running node: its schedule, the scheduler's planned instructions, --submit to send them"))

const recoveryCmd = Command.make(
  "recovery",
  {
    ...trust,
    admin_key_file,
    submit,
    fund: Options.integer("fund").pipe(Options.withDefault(0), Options.withDescription("vUSDT to FundRecoveryPool first (0: none)")),
    retire_amount: Options.integer("retire-amount").pipe(Options.withDefault(0), Options.withDescription("vUSDT per RetireWorstVaultDebt (0: none)")),
    retires_max: Options.integer("retires-max").pipe(Options.withDefault(1), Options.withDescription("RetireWorstVaultDebt instructions at most"))
  },
  (o) =>
    Effect.gen(function* () {
      const n = yield* openNode(o)
      const admin = o.submit ? yield* adminFromFile(o.admin_key_file) : null
      if (o.fund < 0 || o.retire_amount < 0 || o.retires_max < 0 || o.retires_max > INSTRUCTIONS_MAX) return yield* fail("UsageError", `amounts must be ≥ 0 and --retires-max ≤ ${INSTRUCTIONS_MAX}`)
      const head = yield* nodeHead(n)
      // the house singleton is served as JSON (/house; its state key is empty, which /state does not take): asserted by the node, not proven
      const h = Schema.decodeUnknownEither(House)(yield* getJson(n.base, "/house"))
      if (Either.isLeft(h)) return yield* fail("NodeAnswerInvalid", "/house does not match the house schema")
      const store = new StateStore()
      store.begin()
      house.put(store, h.right)
      store.commit()
      const clock = clockAt(head.view)
      const duty = recoveryOperator({ fund_day: 0, fund_amount: () => BigInt(o.fund), retire_amount: BigInt(o.retire_amount), retires_per_day: o.retire_amount > 0 ? o.retires_max : 0 })
      const view = { day: 0, clock, player: undefined, nonce: 0n, session: () => undefined, state: store, read: new ReadModel(store, clock) }
      const rng = new RandomStream(new Uint8Array(32))
      const day = { intents: 0, done: new Set<string>() }
      const planned: Instruction[] = []
      for (let i = 0; i <= o.retires_max; i++) {
        const ixs = duty.next(view, rng, day)
        if (ixs.length === 0) break
        planned.push(...ixs)
      }
      const submitted = admin === null ? null : yield* submitAll(n.base, admin, planned)
      yield* Console.log(
        json({
          view: head.view,
          height: head.height,
          recovery_pool_vusdt: h.right.recovery_pool_vusdt,
          recovery_pool_retired: h.right.recovery_pool_retired,
          total_vusdt_debt: h.right.total_vusdt_debt,
          planned,
          dry_run: admin === null,
          submitted
        }).trimEnd()
      )
    })
).pipe(Command.withDescription("recovery pool (§7.4) on a running node: the recovery operator's FundRecoveryPool / RetireWorstVaultDebt, planned or --submit"))

const sybilCmd = Command.make(
  "sybil-scan",
  {
    ...trust,
    ...sybilScanOptions,
    metadata: Options.file("metadata").pipe(
      Options.optional,
      Options.withDescription("off-chain metadata (JSON array or JSONL: public key, ip, device id, user agent, created / last-seen times); default the --ground-truth file")
    ),
    ground_truth: Options.file("ground-truth").pipe(Options.optional, Options.withDescription("agents.jsonl: records with a farmer are the sybils to score the scan against (stderr)")),
    players_file,
    blocks_max
  },
  (o) =>
    Effect.gen(function* () {
      if (o.min_cluster_size < 1 || o.bucket_seconds < 0) return yield* fail("UsageError", "--min-cluster-size must be ≥ 1 and --bucket-seconds ≥ 0")
      const metadata_file = Option.orElse(o.metadata, () => o.ground_truth)
      if (Option.isNone(metadata_file)) return yield* fail("MetadataMissing", "give --metadata <file> (JSON array or JSONL; an empty file scans chain data alone)")
      // the files first: a bad one fails before the node is asked anything
      const metadata = yield* parsedFile(metadata_file.value, "metadata", "MetadataInvalid", parseMetadata)
      const sybils = Option.isSome(o.ground_truth) ? yield* parsedFile(o.ground_truth.value, "ground truth", "GroundTruthInvalid", groundTruthSybils) : new Set<string>()
      if (Option.isSome(o.ground_truth) && sybils.size === 0) return yield* fail("NoGroundTruth", `${o.ground_truth.value} has no records with a farmer (agents.jsonl sybils)`)
      const n = yield* openNode(o)
      const head = yield* nodeHead(n)
      const registered = yield* nodePlayerKeys(n, o.players_file, o.blocks_max)
      const named = metadata.flatMap((m) => {
        const k = normaliseKey(m.public_key_hex)
        return k === null ? [] : [k]
      })
      // the metadata's keys are read too: a player registered beyond --blocks-max is still scanned, and an absent one is proven absent
      const { store } = yield* nodePlayersStore(n, [...new Set([...registered, ...named])])
      const scan = sybilScan(store, { view: Number(head.view), height: Number(head.height), generated_at_unix: Number(clockAt(head.view).now_s) }, metadata, {
        bucket_seconds: o.bucket_seconds,
        min_cluster_size: o.min_cluster_size,
        include_all: o.include_all
      })
      yield* Effect.mapError(printSybilScan(scan, sybils, o.output), (e) => new OpsNodeFailure({ reason: "OutputUnwritable", message: e.message }))
      const off_chain = [...new Set(metadata.map((m) => normaliseKey(m.public_key_hex) ?? m.public_key_hex))].filter((k) => players.get(store, k) === undefined)
      if (off_chain.length > 0)
        yield* Console.error(
          `left out of the scan: ${off_chain.length} metadata key(s) with no player on the chain: ${off_chain.slice(0, KEYS_SHOWN_MAX).map((k) => k.slice(0, 80)).join(", ")}${off_chain.length > KEYS_SHOWN_MAX ? ", …" : ""}`
        )
    })
).pipe(Command.withDescription("sybil scan (§7.3) of a running node's proven player rows and an off-chain metadata file (--metadata)"))

/** `ops node …`: the node-facing subcommands */
export const nodeOps = Command.make("node").pipe(
  Command.withDescription("operator tools on a running node (--node <url>)"),
  Command.withSubcommands([snapshotCmd, sessionCmd, tournamentsCmd, recoveryCmd, sybilCmd])
)

/** `ops sybil-score --run <dir>`: the sybil scan's precision and recall at score thresholds (Markdown) */
export const sybilScore = Command.make(
  "sybil-score",
  {
    run: Options.directory("run").pipe(Options.withDescription("run folder with agents.jsonl (the ground truth)")),
    bucket_seconds: Options.integer("bucket-seconds").pipe(Options.withDefault(3_600)),
    min_cluster_size: Options.integer("min-cluster-size").pipe(Options.withDefault(3))
  },
  (o) =>
    Effect.gen(function* () {
      const s = yield* Effect.try({ try: () => loadRunState(o.run), catch: (e) => new OpsNodeFailure({ reason: "RunUnreadable", message: `RunUnreadable: ${e instanceof Error ? e.message : String(e)}` }) })
      if (s.sybils.size === 0) return yield* fail("NoGroundTruth", `${o.run} has no agents.jsonl sybils to score against`)
      const scan = sybilScan(s.chain.store, { view: Number(s.chain.view), height: Number(s.chain.height), generated_at_unix: 0 }, s.metadata, { bucket_seconds: o.bucket_seconds, min_cluster_size: o.min_cluster_size, include_all: false })
      yield* Console.log(`${scan.total_players} players, ${s.sybils.size} sybils, ${scan.clusters.length} clusters`)
      yield* Console.log(thresholdTable(scoreAtThresholds(scan, s.sybils, SCORE_THRESHOLDS)))
    })
).pipe(Command.withDescription("sybil scan precision and recall at suspicion-score thresholds against a run's ground truth"))

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (isMain) {
  const cli = Command.run(Command.make("ops").pipe(Command.withSubcommands([nodeOps, sybilScore])), { name: "ops", version: "0.1.0" })
  runOpsMain(cli(process.argv))
}
