/**
 * One consensus validator over a real network: the driver of engine/consensus/machine.ts.
 * Inputs go through one FIFO pumped on the event loop (bounded per turn); every Persist of the
 * turn's steps is appended to consensus.wal with ONE fsync first (group commit: no vote leaves
 * before it is durable), then each step's other outputs are carried out in order:
 * - Broadcast / Send → the peer transport (transport.ts), as Consensus frames (wire.ts bytes)
 * - SetTimer → a real timer feeding Timeout
 * - Build → on the parent consensus names, executed here or not (a notarized parent whose
 *   finalization is still to come, or that only a descendant's finalization will finalize): engine
 *   buildBlockOn from the mempool with the nonces as of after the unexecuted blocks in between
 *   (nonce-overlay.ts); the body is broadcast (Body frame) before the proposal; Built carries the
 *   block digest as the payload
 * - Verify → once the bodies from our executed tip to the proposal are here (else BodyRequest):
 *   digest match + engine verifyBlock against the parent's header (it needs no state)
 * - Finalized → execute in height order through Chain.applyBlock with block.seed = hex of the
 *   finalization seed, append (state root ‖ block) to blocks.log, the finalization certificate to
 *   certificates.log, then feed Executed; ExecutionCertified → certificates.log
 * Catch-up: every `sync_interval_ms` a SyncRequest(height + 1) goes to the next peer; answers are
 * at most SYNC_BATCH_MAX finalized blocks each with a finalization of it or of a descendant; a
 * contiguous run is executed once a verified finalization covers its last block (each block's seed
 * is checked against the group key, its digest chain against the certificate).
 * Memory holds only the last `finalized_in_memory_max` (FINALIZED_IN_MEMORY_MAX) executed heights
 * (finalized-store.ts): their blocks with finalizations, roots, execution certificates and digests,
 * the oldest leaving after each execution; an older height (a SyncRequest, finalizedBlock,
 * stateRootAt, executionCertificate, finalizedAtView, a session's verification, lineage's stale
 * check) is read back from blocks.log and certificates.log through compact per-height columns of
 * offsets and views built at replay and on every append, each frame re-checked and the block's
 * height and state root compared with ours; a record that fails is refused, never served
 * (finalizedStore() counts both and reports the in-memory sizes).
 * Missing execution certificates (a validator stopped after executing a height but before a quorum
 * of acks reached it, and peers never resend acks): every sync tick asks the sync peer for up to
 * EXEC_CERT_REQUESTS_MAX certificates of executed heights it lacks (ExecCertRequest, at least
 * EXEC_CERT_GRACE_HEIGHTS below the tip so live certificates get to form first); an ExecCert answer
 * is kept (and appended to certificates.log) only if it verifies with a quorum and certifies our
 * own roots for that height.
 * Restart: blocks.log is replayed through verifyBlock + applyBlock (roots must match) and recorded
 * exactly as a live block is (recordExecuted: the same window, so replay keeps no more in memory
 * than a running validator; the window's finalizations and execution certificates come from
 * certificates.log, older ones are only indexed; the session index), the state machine is rebuilt
 * with `recover` from the WAL, so it never votes differently in a view it voted in.
 * Why Build and Verify must not wait for the parent's execution: when a view is notarized but two
 * of four validators nullified it (their timeout fired first), its block can never be finalized in
 * its own view; only a child's finalization finalizes it. Waiting for its execution would stall the
 * chain for good (every later view nullified), as it did under load before this rule.
 * Execution itself stays finalization-only: state only ever holds finalized blocks.
 */
import * as path from "node:path"
import { blockDigest, decodeBlock, encodeBlock, GENESIS_DIGEST, type Block } from "../../../engine/block.ts"
import { Chain } from "../../../engine/chain/chain.ts"
import { defaultChainConfig } from "../../../engine/chain/config.ts"
import { Mempool, type AdmissionRejected } from "../../../engine/chain/mempool.ts"
import { nonceOverlay } from "../../../engine/chain/nonce-overlay.ts"
import { buildBlockOn } from "../../../engine/chain/produce.ts"
import { parentOf, verifyBlock, type BlockParent } from "../../../engine/chain/verify-block.ts"
import { DecodeFailure, fromHex, toHex } from "../../../engine/codec/bytes.ts"
import { decodeEither, encode } from "../../../engine/codec/codec.ts"
import { vec } from "../../../engine/codec/primitives.ts"
import { certificateProblem } from "../../../engine/consensus/certificate.ts"
import type { Evidence } from "../../../engine/consensus/evidence.ts"
import { verifyExecutionCertificate, type ExecutionCertificate } from "../../../engine/consensus/execution-certificate.ts"
import { initialState, recover, REFERENCE_TIMEOUTS, step, type ConsensusConfig, type ConsensusState, type ConsensusTimeouts, type Input, type Output, type WalRecord } from "../../../engine/consensus/machine.ts"
import type { Finalization, Proposal } from "../../../engine/consensus/messages.ts"
import {
  decodeCertificateBytes,
  decodeConsensusMessageBytes,
  decodeExecutionCertificate,
  decodeWalRecord,
  encodeCertificate,
  encodeConsensusMessage,
  encodeExecutionCertificate,
  encodeWalRecord
} from "../../../engine/consensus/wire.ts"
import type { BlockResult } from "../../../engine/execute/output.ts"
import type { PublicKey } from "../../../engine/schema/primitives.ts"
import { TRANSACTION_CODEC, type Transaction } from "../../../engine/tx/transaction.ts"
import { VerifiedSignatures, verifyTransactionCached } from "../../../engine/tx/verified-cache.ts"
import { nodeVerifier } from "../../../engine/tx/verify-node.ts"
import { openAppendFile, type OpenedAppendFile } from "../append-file.ts"
import { decodeRecordBody, encodeRecordBody } from "../block-record.ts"
import { SessionIndex } from "../session-index.ts"
import { CERT_FINALIZATION, encodeCertRecord } from "./cert-record.ts"
import { FinalizedStore, type FinalizedStoreStats, type StoredFinalized } from "./finalized-store.ts"
import { readValidatorKey, type ValidatorKeys } from "./keys.ts"
import type { PeerMessage } from "./peer-message.ts"
import { Transport, type TransportStats } from "./transport.ts"

export { CERT_EXECUTION, CERT_FINALIZATION, CERT_ROOTS } from "./cert-record.ts"
export type { FinalizedStoreStats } from "./finalized-store.ts"

export const SYNC_BATCH_MAX = 32
/**
 * The window of recent executed heights kept in memory (finalized-store.ts): one bound for all of
 * a height's in-memory state (its block with its finalization, roots, execution certificate and
 * digest leave memory together, so a height is wholly in memory or wholly answered from disk),
 * rather than one per structure, because they are asked about together (a block read back is
 * checked against its roots, a sync answer takes block and finalization, lineage compares
 * digests). It is above the consensus activity window (256 views, so at most 256 heights below
 * the finalized tip): in steady state what consensus still acks or builds on is in memory. Older
 * heights (a small bound in tests, a newcomer whose consensus state lags its sync) take the disk
 * paths and get the same answers.
 */
export const FINALIZED_IN_MEMORY_MAX = 1_024
export const BODIES_MAX = 4_096
export const INPUTS_PER_TURN_MAX = 2_048
/** unexecuted blocks a proposal may stand on (notarized, not finalized here yet) */
export const LINEAGE_MAX = 64
/** execution certificates asked of a peer per sync tick, and how far below the tip they must be */
export const EXEC_CERT_REQUESTS_MAX = 16
export const EXEC_CERT_GRACE_HEIGHTS = 2
/** heights scanned per sync tick for a missing execution certificate */
const EXEC_CERT_SCAN_MAX = 4_096
const TX_BATCH = vec(TRANSACTION_CODEC, { count: "varint", min: 1, max: 500 })

export interface ValidatorOptions {
  readonly data_dir: string
  readonly addresses: ReadonlyArray<{ readonly host: string; readonly port: number }>
  readonly timeouts?: ConsensusTimeouts
  readonly admin_keys?: ReadonlyArray<PublicKey>
  readonly sync_interval_ms?: number
  /** recent executed heights held in memory (default FINALIZED_IN_MEMORY_MAX; small in tests) */
  readonly finalized_in_memory_max?: number
  readonly log?: (event: Record<string, unknown>) => void
}

export interface ValidatorStats {
  readonly index: number
  readonly view: number
  /** the leader of the current view (-1 before its seed is known) */
  readonly leader: number
  readonly finalized_height: number
  readonly executed_height: number
  readonly evidence: number
  readonly rejected: number
  readonly blocks_replayed: number
  /** finalized blocks executed from SyncBlock answers (catch-up by SyncRequest) */
  readonly blocks_synced: number
  /**
   * finalized blocks executed from the consensus machine's Finalized outputs (live, or a walk back
   * through a finalization's ancestors: a fresh validator may catch up either way)
   */
  readonly blocks_finalized: number
  readonly transactions_executed: number
  /** WAL records appended, and the fsyncs that made them durable (one per turn: group commit) */
  readonly wal_records: number
  readonly wal_syncs: number
  readonly transport: TransportStats
}

interface PendingVerify {
  readonly proposal: Proposal
  readonly parent_payload: string
}

export class ValidatorNode {
  readonly keys: ValidatorKeys
  readonly chain: Chain
  readonly mempool = new Mempool()
  readonly verified = new VerifiedSignatures()
  readonly evidence: Evidence[] = []
  /** every game session this node executed, replayed blocks included (bounded: session-index.ts) */
  readonly sessions = new SessionIndex()
  private state: ConsensusState
  private readonly config: ConsensusConfig
  private readonly wal: OpenedAppendFile
  private readonly blocksLog: OpenedAppendFile
  private readonly certLog: OpenedAppendFile
  private readonly transport: Transport
  private readonly inputs: Input[] = []
  private pumping = false
  private scheduled = false
  private closed = false
  private halt: string | null = null
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly bodies = new Map<string, Block>()
  /** bodies asked for since the last sync tick (asked again after it) */
  private readonly bodyRequested = new Set<string>()
  private readonly finals: Array<{ height: number; view: number; payload: string; seed: Uint8Array }> = []
  /** the executed heights: the recent window in memory, every height on disk (finalized-store.ts) */
  private readonly store: FinalizedStore
  private readonly listeners = new Set<(block: Block, result: BlockResult | null) => void>()
  private pendingBuild: { view: number; parent_view: number; parent_payload: string } | null = null
  private readonly pendingVerify = new Map<number, PendingVerify>()
  private lastFinalization: Finalization | null = null
  private syncPending: Block[] = []
  private syncPeer = 0
  private syncTimer: NodeJS.Timeout | null = null
  /** every height below this one has its execution certificate here */
  private certCursor = 1
  private rejected = 0
  private wal_records = 0
  private wal_syncs = 0
  private blocks_replayed = 0
  private blocks_synced = 0
  private blocks_finalized = 0
  private transactions_executed = 0
  private readonly log: (event: Record<string, unknown>) => void
  private readonly sync_interval_ms: number

  constructor(readonly options: ValidatorOptions) {
    this.log = options.log ?? (() => {})
    this.sync_interval_ms = options.sync_interval_ms ?? 500
    const keep = options.finalized_in_memory_max ?? FINALIZED_IN_MEMORY_MAX
    if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`finalized_in_memory_max must be a positive integer, got ${keep}`)
    this.keys = readValidatorKey(options.data_dir)
    this.chain = new Chain(defaultChainConfig(options.admin_keys ?? []))
    this.chain.genesis(() => {}, 0n)
    this.config = {
      n: this.keys.n,
      quorum: this.keys.quorum,
      timeouts: options.timeouts ?? REFERENCE_TIMEOUTS,
      skip_window_views: 32,
      activity_window_views: 256,
      future_window_views: 64,
      fetches_max: 16,
      genesis_payload: GENESIS_DIGEST,
      verifier: this.keys.verifier,
      signer: this.keys.signer
    }
    // certificates first (the finalization of each logged block: indexed once the number of logged
    // blocks is known), then the blocks, then the WAL
    this.certLog = openAppendFile(path.join(options.data_dir, "certificates.log"))
    this.blocksLog = openAppendFile(path.join(options.data_dir, "blocks.log"))
    this.store = new FinalizedStore({
      in_memory_max: keep,
      blocks_path: this.blocksLog.path,
      certificates_path: this.certLog.path,
      appendCert: (kind, height, bytes) => this.appendCert(kind, height, bytes),
      log: this.log,
      index: this.keys.index
    })
    const logged = this.blocksLog.records.length
    // offsets only (no finalization or certificate kept per height), bar the heights that stay in the window
    this.store.indexCertRecords(this.certLog.records, logged)
    for (const r of this.blocksLog.records) {
      const rec = decodeRecordBody(r.body, r.offset_bytes)
      const refused = verifyBlock(rec.block, parentOf(this.chain), this.chain.config, nodeVerifier, { verified: this.verified })
      if (refused !== null) throw new Error(`replaying blocks.log at height ${rec.block.height}: ${refused._tag}`)
      const result = this.chain.applyBlock(rec.block)
      if (result.state_root !== rec.state_root) throw new Error(`replaying blocks.log at height ${rec.block.height}: state root differs from the log`)
      const h = Number(rec.block.height)
      this.store.indexBlock(h, r.offset_bytes)
      this.recordExecuted(rec.block, result, this.store.replayedFinalization(h, logged))
      this.blocks_replayed++
    }
    // replayed: the images read at open are not kept (old heights are read back by offset)
    this.blocksLog.releaseRecords()
    this.certLog.releaseRecords()
    this.wal = openAppendFile(path.join(options.data_dir, "consensus.wal"))
    const records: WalRecord[] = []
    for (const r of this.wal.records) {
      const rec = decodeWalRecord(new Uint8Array(r.body))
      if (rec instanceof DecodeFailure) throw new Error(`consensus.wal at ${r.offset_bytes}: ${rec.reason}`)
      records.push(rec)
    }
    this.wal.releaseRecords()
    this.state = records.length === 0 ? initialState(this.config) : recover(this.config, records)
    this.transport = new Transport(
      {
        index: this.keys.index,
        ed25519_secret: this.keys.ed25519_secret,
        public_keys: this.keys.public_keys,
        addresses: options.addresses,
        queue_frames_max: 8_192,
        backoff_ms_min: 50,
        backoff_ms_max: 2_000
      },
      (from, m) => this.onPeer(from, m)
    )
  }

  async start(): Promise<void> {
    await this.transport.listen()
    this.transport.start()
    this.enqueue({ _tag: "Start" })
    const tick = () => {
      this.syncTimer = setTimeout(tick, this.sync_interval_ms)
      this.requestSync()
    }
    this.syncTimer = setTimeout(tick, this.sync_interval_ms)
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.syncTimer !== null) clearTimeout(this.syncTimer)
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    await this.transport.close()
    this.wal.close()
    this.blocksLog.close()
    this.certLog.close()
    this.store.close()
  }

  /** cut every peer connection (tests: a partition until the transport reconnects) */
  disconnectPeers(): void {
    this.transport.disconnectAll()
  }

  halted(): string | null {
    return this.halt
  }

  stats(): ValidatorStats {
    return {
      index: this.keys.index,
      view: this.state.view,
      leader: this.state.views.get(this.state.view)?.leader ?? -1,
      finalized_height: this.state.finalized_height,
      executed_height: Number(this.chain.height),
      evidence: this.evidence.length,
      rejected: this.rejected,
      blocks_replayed: this.blocks_replayed,
      blocks_synced: this.blocks_synced,
      blocks_finalized: this.blocks_finalized,
      transactions_executed: this.transactions_executed,
      wal_records: this.wal_records,
      wal_syncs: this.wal_syncs,
      transport: this.transport.stats
    }
  }

  /** the execution certificate of `height`: from memory if recent, else read back from certificates.log (checked) */
  executionCertificate(height: number): ExecutionCertificate | null {
    return this.store.executionCertificate(height)
  }

  /** the finalized block at `height` with the finalization logged for it: from memory if recent, else read back from disk (checked) */
  finalizedBlock(height: number): StoredFinalized | null {
    return this.store.block(height)
  }

  finalizedStore(): FinalizedStoreStats {
    return this.store.stats()
  }

  /** the finalized block of a view (its seed is the view's seed), or null when the view has none here */
  finalizedAtView(view: number): StoredFinalized | null {
    const h = this.store.heightAtView(view)
    return h === null ? null : this.store.block(h)
  }

  /** the state root we executed `height` to: from memory if recent, else from its record in certificates.log */
  stateRootAt(height: number): string | null {
    return this.store.rootsAt(height)?.state_root ?? null
  }

  /** executed blocks from now on (persisted before the call) */
  onBlock(listener: (block: Block, result: BlockResult | null) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** signature-check and admit a submission, then gossip it to the peers */
  submit(txs: ReadonlyArray<Transaction>): AdmissionRejected | "bad signature" | null {
    for (const tx of txs) if (!verifyTransactionCached(nodeVerifier, tx, this.chain.config.transaction_namespace, this.verified)) return "bad signature"
    const r = this.mempool.admitAll(txs, (pk) => this.chain.nonceOf(pk), this.chain.height)
    if (r !== null) return r
    if (txs.length > 0) this.transport.broadcast({ _tag: "Transactions", transactions: encode(TX_BATCH, txs, 256) })
    return null
  }

  /** admit a submission whose signatures the caller verified (the API's submit path), then gossip it */
  admitVerified(txs: ReadonlyArray<Transaction>): AdmissionRejected | null {
    const r = this.mempool.admitAll(txs, (pk) => this.chain.nonceOf(pk), this.chain.height)
    if (r === null && txs.length > 0) this.transport.broadcast({ _tag: "Transactions", transactions: encode(TX_BATCH, txs, 256) })
    return r
  }

  // ---- the input queue ----

  private enqueue(input: Input): void {
    this.inputs.push(input)
    this.schedulePump()
  }

  private schedulePump(): void {
    if (this.scheduled || this.pumping || this.closed) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      this.pump()
    })
  }

  /**
   * One turn: step the machine on up to INPUTS_PER_TURN_MAX queued inputs, append every WAL record
   * of the turn with one fsync (group commit), and only then carry out the turn's outputs in order:
   * nothing of a step leaves before its records are durable.
   */
  private pump(): void {
    if (this.closed || this.halt !== null) return
    this.pumping = true
    try {
      const turn: Array<ReadonlyArray<Output>> = []
      for (let i = 0; i < INPUTS_PER_TURN_MAX; i++) {
        const input = this.inputs.shift()
        if (input === undefined) break
        turn.push(step(this.state, input).outputs)
      }
      if (!this.persist(turn)) return
      for (const outputs of turn) {
        this.carryOut(outputs)
        if (this.closed || this.halt !== null) return
      }
    } finally {
      this.pumping = false
    }
    if (this.inputs.length > 0) this.schedulePump()
  }

  /** the WAL records of a turn, durable with one fsync; false (and halted) on an I/O failure */
  private persist(turn: ReadonlyArray<ReadonlyArray<Output>>): boolean {
    const records: Uint8Array[] = []
    for (const outputs of turn)
      for (const o of outputs) {
        if (o._tag !== "Persist") continue
        records.push(encodeWalRecord(o.record))
        if (o.record._tag === "Certified" && o.record.certificate._tag === "Finalization") this.lastFinalization = o.record.certificate
      }
    try {
      this.wal.appendAll(records)
      this.wal_records += records.length
      if (records.length > 0) this.wal_syncs++
      return true
    } catch (e) {
      this.stop(`consensus.wal: ${e instanceof Error ? e.message : String(e)}`)
      return false
    }
  }

  private stop(reason: string): void {
    this.halt = reason
    this.log({ msg: "validator.halted", index: this.keys.index, reason })
  }

  /** carry out one step's outputs (its WAL records are already durable: persist) */
  private carryOut(outputs: ReadonlyArray<Output>): void {
    for (const o of outputs) {
      switch (o._tag) {
        case "Persist":
          break
        case "Broadcast":
          this.transport.broadcast({ _tag: "Consensus", message: encodeConsensusMessage(o.message) })
          break
        case "Send":
          this.transport.send(o.to, { _tag: "Consensus", message: encodeConsensusMessage(o.message) })
          break
        case "SetTimer": {
          const t = setTimeout(() => {
            this.timers.delete(t)
            this.enqueue({ _tag: "Timeout", timer: o.timer, view: o.view })
          }, o.after_ms)
          this.timers.add(t)
          break
        }
        case "Build":
          this.pendingBuild = { view: o.view, parent_view: o.parent_view, parent_payload: o.parent_payload }
          break
        case "Verify":
          this.pendingVerify.set(o.proposal.view, { proposal: o.proposal, parent_payload: o.parent_payload })
          break
        case "Finalized":
          this.finals.push({ height: o.height, view: o.view, payload: o.payload, seed: o.seed })
          break
        case "ExecutionCertified":
          if (!this.store.hasExecutionCertificate(o.certificate.item.height)) this.store.addExecutionCertificate(o.certificate)
          break
        case "Evidence":
          this.evidence.push(o.evidence)
          this.log({ msg: "validator.evidence", index: this.keys.index, kind: o.evidence._tag })
          break
        case "Rejected":
          this.rejected++
          break
        case "SafetyViolation":
          return this.stop(`safety violation at view ${o.view}: ${o.detail}`)
        case "Notarized":
        case "Nullified":
          break
      }
    }
    this.progress()
  }

  /** append one certificates.log record; where it starts, or null (and halted) on an I/O failure */
  private appendCert(kind: number, height: number, bytes: Uint8Array): number | null {
    try {
      return this.certLog.append(encodeCertRecord(kind, height, bytes))
    } catch (e) {
      this.stop(`certificates.log: ${e instanceof Error ? e.message : String(e)}`)
      return null
    }
  }

  /** execute what can be executed, then answer builds and verifies whose parent is now our tip */
  private progress(): void {
    this.executeFinals()
    this.tryBuild()
    this.tryVerify()
  }

  private executeFinals(): void {
    this.finals.sort((a, b) => a.height - b.height)
    for (let i = 0; i < 10_000 && this.halt === null; i++) {
      const f = this.finals[0]
      if (f === undefined) return
      const executed = Number(this.chain.height)
      if (f.height <= executed) {
        this.finals.shift()
        const known = this.finalizedBlock(f.height)
        if (known !== null && blockDigest(known.block) !== f.payload) return this.stop(`height ${f.height}: finalized ${f.payload}, executed ${blockDigest(known.block)}`)
        const roots = this.store.rootsAt(f.height)
        if (roots !== null) this.enqueue({ _tag: "Executed", item: { height: f.height, state_root: roots.state_root, events_root: roots.events_root } })
        continue
      }
      if (f.height !== executed + 1) return
      const body = this.bodies.get(f.payload)
      if (body === undefined) return this.requestBody(f.payload)
      this.finals.shift()
      const block: Block = { ...body, seed: toHex(f.seed) }
      const cert = this.state.views.get(f.view)?.finalization ?? this.lastFinalization
      const result = this.execute(block, cert)
      if (result === null) return
      this.blocks_finalized++
      this.enqueue({ _tag: "Executed", item: { height: f.height, state_root: result.state_root, events_root: result.events_root } })
    }
  }

  /** verify against our tip, apply, persist; null (and halted) on failure */
  private execute(block: Block, certificate: Finalization | null): BlockResult | null {
    const refused = verifyBlock(block, parentOf(this.chain), this.chain.config, nodeVerifier, { verified: this.verified })
    if (refused !== null) {
      this.stop(`finalized block ${block.height} fails verification: ${refused._tag} ${refused.message}`)
      return null
    }
    let result: BlockResult
    try {
      // durable before it is applied: a failed append leaves nothing readable (and nothing applied)
      result = this.chain.applyBlock(block, { before_commit: (c) => this.store.indexBlock(Number(c.height), this.blocksLog.append(encodeRecordBody(block, c.state_root))) })
      if (certificate !== null) {
        const at = this.appendCert(CERT_FINALIZATION, Number(block.height), encodeCertificate(certificate))
        if (at !== null) this.store.indexFinalization(Number(block.height), at)
      }
    } catch (e) {
      this.stop(`executing block ${block.height}: ${e instanceof Error ? e.message : String(e)}`)
      return null
    }
    this.recordExecuted(block, result, certificate)
    for (const o of result.outputs) if (o.status !== "skipped") this.transactions_executed++
    this.mempool.prune((pk) => this.chain.nonceOf(pk))
    this.mempool.expire(this.chain.height)
    for (const [d, b] of this.bodies) if (b.height <= this.chain.height) this.bodies.delete(d)
    for (const l of this.listeners) l(block, result)
    return result
  }

  /**
   * The bookkeeping of one executed finalized block, the same whether it was just executed or
   * replayed from blocks.log at startup: its roots, block and finalization, digest, view (the
   * store's window, the oldest height leaving it), and its game sessions in the session index (so
   * sessions played before a restart stay verifiable).
   */
  private recordExecuted(block: Block, result: BlockResult, certificate: Finalization | null): void {
    this.store.record(block, result, certificate)
    this.sessions.record(block, result)
  }

  /**
   * What a child of consensus payload `payload` (of view `parent_view`) extends: the parent header
   * and the blocks between our executed tip and it (oldest first, notarized but not executed here
   * yet). `missing` names a body we lack on the way (requested); `stale` means `payload` is not on
   * our executed chain. A body we lack that is an executed block's is stale: the store knows
   * the window's digests, and an older block by its height (the payload's from its view, a
   * parent's from its child) read back from blocks.log. (Public for tests.)
   */
  lineage(payload: string, parent_view: number): { parent: BlockParent; unexecuted: Block[] } | { missing: string } | "stale" {
    const unexecuted: Block[] = []
    let at = payload
    for (let i = 0; i < LINEAGE_MAX && at !== this.chain.last_digest; i++) {
      const body = this.bodies.get(at)
      if (body === undefined) {
        const child = unexecuted[unexecuted.length - 1]
        const height = child === undefined ? this.store.heightAtView(parent_view) : Number(child.height) - 1
        return this.store.isExecuted(at, height) ? "stale" : { missing: at }
      }
      if (body.height <= this.chain.height) return "stale"
      unexecuted.push(body)
      at = body.parent
    }
    if (at !== this.chain.last_digest) return "stale"
    unexecuted.reverse()
    const top = unexecuted[unexecuted.length - 1]
    return { parent: top === undefined ? parentOf(this.chain) : { digest: blockDigest(top), height: top.height, view: top.view }, unexecuted }
  }

  private requestBody(digest: string): void {
    if (this.bodyRequested.has(digest) || this.bodyRequested.size >= BODIES_MAX) return
    this.bodyRequested.add(digest)
    this.transport.broadcast({ _tag: "BodyRequest", digest })
  }

  private tryBuild(): void {
    const b = this.pendingBuild
    if (b === null) return
    if (b.view < this.state.view) {
      this.pendingBuild = null
      return
    }
    const l = this.lineage(b.parent_payload, b.parent_view)
    if (l === "stale") {
      this.pendingBuild = null
      return
    }
    if ("missing" in l) return this.requestBody(l.missing)
    this.pendingBuild = null
    const block = buildBlockOn(l.parent, nonceOverlay(l.unexecuted, (pk) => this.chain.nonceOf(pk)), this.mempool, { view: BigInt(b.view), seed: "" })
    const digest = blockDigest(block)
    this.bodies.set(digest, block)
    this.transport.broadcast({ _tag: "Body", block: encodeBlock(block) })
    this.enqueue({ _tag: "Built", view: b.view, parent_view: b.parent_view, payload: digest })
  }

  private tryVerify(): void {
    for (const [view, p] of this.pendingVerify) {
      if (view <= this.state.finalized_view) {
        this.pendingVerify.delete(view)
        continue
      }
      const l = this.lineage(p.parent_payload, p.proposal.parent_view)
      if (l === "stale") {
        this.pendingVerify.delete(view)
        continue
      }
      if ("missing" in l) {
        this.requestBody(l.missing)
        continue
      }
      const body = this.bodies.get(p.proposal.payload)
      if (body === undefined) {
        this.requestBody(p.proposal.payload)
        continue
      }
      this.pendingVerify.delete(view)
      // verification needs the parent's header only (no state): a notarized parent suffices
      const valid =
        blockDigest(body) === p.proposal.payload &&
        verifyBlock(body, l.parent, this.chain.config, nodeVerifier, { view: BigInt(view), verified: this.verified }) === null
      this.enqueue({ _tag: "Verified", view, payload: p.proposal.payload, valid })
    }
  }

  // ---- peers ----

  private onPeer(from: number, m: PeerMessage): void {
    if (this.closed) return
    switch (m._tag) {
      case "Consensus": {
        const message = decodeConsensusMessageBytes(m.message)
        if (message instanceof DecodeFailure) return void this.rejected++
        this.enqueue({ _tag: "Message", from, message })
        return
      }
      case "Body": {
        const block = this.decodeBody(m.block)
        if (block === null || block.height <= this.chain.height || this.bodies.size >= BODIES_MAX) return
        const digest = blockDigest(block)
        this.bodies.set(digest, { ...block, seed: "" })
        this.bodyRequested.delete(digest)
        this.progress()
        return
      }
      case "BodyRequest": {
        const body = this.bodies.get(m.digest)
        if (body !== undefined) this.transport.send(from, { _tag: "Body", block: encodeBlock(body) })
        return
      }
      case "Transactions": {
        const txs = decodeEither(TX_BATCH, m.transactions)
        if (txs instanceof DecodeFailure) return void this.rejected++
        for (const tx of txs) if (!verifyTransactionCached(nodeVerifier, tx, this.chain.config.transaction_namespace, this.verified)) return void this.rejected++
        this.mempool.admitAll(txs, (pk) => this.chain.nonceOf(pk), this.chain.height)
        return
      }
      case "SyncRequest": {
        for (let h = m.from_height, i = 0; i < SYNC_BATCH_MAX; h++, i++) {
          // recent heights from memory, older ones read back (checked) from blocks.log / certificates.log
          const f = this.finalizedBlock(h)
          const cert = f?.certificate ?? null
          if (f === null || cert === null) return
          this.transport.send(from, { _tag: "SyncBlock", block: encodeBlock(f.block), certificate: encodeCertificate(cert) })
        }
        return
      }
      case "SyncBlock":
        return this.onSyncBlock(m.block, m.certificate)
      case "ExecCertRequest": {
        // recent heights from memory, older ones read back (checked) from certificates.log
        const c = this.store.executionCertificate(m.height)
        if (c !== null) this.transport.send(from, { _tag: "ExecCert", certificate: encodeExecutionCertificate(c) })
        return
      }
      case "ExecCert":
        return this.onExecCert(m.certificate)
      case "Challenge":
      case "Auth":
        return
    }
  }

  private decodeBody(bytes: Uint8Array): Block | null {
    try {
      return decodeBlock(bytes)
    } catch {
      this.rejected++
      return null
    }
  }

  private requestSync(): void {
    if (this.closed || this.halt !== null) return
    const n = this.keys.n
    this.syncPeer = (this.syncPeer + 1) % n
    if (this.syncPeer === this.keys.index) this.syncPeer = (this.syncPeer + 1) % n
    this.syncPending = []
    this.bodyRequested.clear()
    this.transport.send(this.syncPeer, { _tag: "SyncRequest", from_height: Number(this.chain.height) + 1 })
    this.requestExecCerts()
  }

  /** ask the sync peer for the execution certificates of executed heights we lack (bounded per tick) */
  private requestExecCerts(): void {
    const below = Number(this.chain.height) - EXEC_CERT_GRACE_HEIGHTS
    while (this.certCursor <= below && this.store.hasExecutionCertificate(this.certCursor)) this.certCursor++
    let asked = 0
    for (let h = this.certCursor, i = 0; h <= below && i < EXEC_CERT_SCAN_MAX && asked < EXEC_CERT_REQUESTS_MAX; h++, i++) {
      if (this.store.hasExecutionCertificate(h)) continue
      this.transport.send(this.syncPeer, { _tag: "ExecCertRequest", height: h })
      asked++
    }
  }

  private onExecCert(bytes: Uint8Array): void {
    const c = decodeExecutionCertificate(bytes)
    if (c instanceof DecodeFailure) return void this.rejected++
    const h = c.item.height
    if (this.store.hasExecutionCertificate(h)) return
    // our roots of an old height come back from its roots record (written when it left memory uncertified)
    const roots = this.store.rootsAt(h)
    if (roots === null) return
    if (c.item.state_root !== roots.state_root || c.item.events_root !== roots.events_root || !verifyExecutionCertificate(this.keys.verifier, this.keys.quorum, c))
      return void this.rejected++
    this.store.addExecutionCertificate(c)
  }

  private onSyncBlock(blockBytes: Uint8Array, certBytes: Uint8Array): void {
    const block = this.decodeBody(blockBytes)
    const cert = decodeCertificateBytes(certBytes)
    if (block === null || cert instanceof DecodeFailure || cert._tag !== "Finalization") return
    const next = this.chain.height + 1n + BigInt(this.syncPending.length)
    if (block.height !== next) return
    const parent = this.syncPending[this.syncPending.length - 1]
    if (block.parent !== (parent === undefined ? this.chain.last_digest : blockDigest(parent))) return void (this.syncPending = [])
    if (!this.keys.verifier.verifySeed(Number(block.view), fromHex(block.seed))) return void (this.syncPending = [])
    this.syncPending.push(block)
    if (this.syncPending.length > 2 * SYNC_BATCH_MAX) return void (this.syncPending = [])
    if (cert.proposal.payload !== blockDigest(block) || cert.proposal.view !== Number(block.view)) return
    if (certificateProblem(this.keys.verifier, this.keys.quorum, cert) !== null) return void (this.syncPending = [])
    const run = this.syncPending
    this.syncPending = []
    for (const b of run) {
      if (this.execute(b, cert) === null) return
      this.blocks_synced++
    }
    this.log({ msg: "validator.synced", index: this.keys.index, height: Number(this.chain.height) })
    this.progress()
  }
}
