/**
 * What a validator keeps of the heights it executed: the most recent `in_memory_max` heights whole
 * in memory (the window), and every height on disk, found again through compact per-height columns
 * (height-column.ts: 8 bytes per height and column, no object per height).
 *
 * In the window, per height: the block with its finalization, the state and events roots, the
 * execution certificate once known (with where its record starts), the block digest. A height
 * leaves the window when the height `in_memory_max` above it is recorded: all of it at once, so a
 * height is either wholly in memory or wholly answered from disk. Execution certificates of heights
 * above the executed tip (formed from the peers' acks before we executed the height) wait in the
 * window too.
 *
 * On disk, per height (the columns say where):
 * - block and state root: its blocks.log record (block-record.ts);
 * - finalization: its CERT_FINALIZATION record in certificates.log (cert-record.ts);
 * - execution certificate: its CERT_EXECUTION record; the certificate signs (height, state root,
 *   events root), so it carries the roots as well;
 * - roots: when a height leaves the window without an execution certificate of exactly our roots
 *   (none formed or fetched yet, as for a newcomer syncing faster than it fetches certificates, or
 *   one of other roots), a CERT_ROOTS record of our roots is appended then; so the events root of
 *   every old height is on disk (replay recomputes it at startup, and checks the logged one);
 * - view: the views column (views strictly increase with height, so a view's height is a binary
 *   search; GET /seed/:view asks for any view, old ones included).
 * Every read re-checks the frame (record-reader.ts) and that the record is of that kind and height;
 * a block must carry the state root we executed it to. A record that fails is refused (logged,
 * counted, null), never served. Memory: the window (≈ 1 KB per height) plus 5 columns (40 bytes
 * per height, `index_bytes`); the logs themselves are never pruned.
 */
import { blockDigest, type Block } from "../../../engine/block.ts"
import { DecodeFailure } from "../../../engine/codec/bytes.ts"
import type { ExecutionCertificate } from "../../../engine/consensus/execution-certificate.ts"
import type { Finalization } from "../../../engine/consensus/messages.ts"
import { decodeCertificateBytes, decodeExecutionCertificate, encodeExecutionCertificate } from "../../../engine/consensus/wire.ts"
import type { BlockResult } from "../../../engine/execute/output.ts"
import { CorruptLog, decodeRecordBody } from "../block-record.ts"
import { openRecordReader, type RecordReader } from "../record-reader.ts"
import { CERT_EXECUTION, CERT_FINALIZATION, CERT_ROOTS, decodeRoots, encodeRoots, parseCertRecord, type LoggedRoots } from "./cert-record.ts"
import { HeightColumn } from "./height-column.ts"

/** what memory holds, and the reads of older heights from disk */
export interface FinalizedStoreStats {
  /** finalized blocks (with their finalizations) in memory */
  readonly in_memory: number
  /** the window: recent heights held in memory */
  readonly in_memory_max: number
  /** state and events roots in memory (at most in_memory_max) */
  readonly roots_in_memory: number
  /** execution certificates in memory: the window's, and any of heights above the executed tip */
  readonly execution_certificates_in_memory: number
  /** executed block digests in memory (at most in_memory_max; lineage's stale check) */
  readonly digests_in_memory: number
  /** finalized blocks read back from blocks.log (each checked end to end) */
  readonly disk_reads: number
  /** certificates.log records read back (finalizations, execution certificates, roots), each checked */
  readonly record_reads: number
  /** records read back that failed a check (never served) */
  readonly disk_refused: number
  /** CERT_ROOTS records written by this process (heights that left the window without a certificate of our roots) */
  readonly roots_logged: number
  /** the per-height columns (offsets and views) */
  readonly index_bytes: number
}

export interface FinalizedStoreOptions {
  /** the window (FINALIZED_IN_MEMORY_MAX unless a test makes it small) */
  readonly in_memory_max: number
  readonly blocks_path: string
  readonly certificates_path: string
  /** append one certificates.log record (fsync'd); where it starts, or null on an I/O failure (the caller halts) */
  readonly appendCert: (kind: number, height: number, bytes: Uint8Array) => number | null
  readonly log: (event: Record<string, unknown>) => void
  /** the validator's index, for log lines */
  readonly index: number
}

export interface StoredFinalized {
  readonly block: Block
  readonly certificate: Finalization | null
}

const sameRoots = (a: LoggedRoots, b: LoggedRoots): boolean => a.state_root === b.state_root && a.events_root === b.events_root

export class FinalizedStore {
  private readonly keep: number
  private readonly finalized = new Map<number, StoredFinalized>()
  private readonly roots = new Map<number, LoggedRoots>()
  private readonly execCerts = new Map<number, { readonly certificate: ExecutionCertificate; readonly offset_bytes: number }>()
  /** the digests of the window's blocks, oldest first */
  private readonly digests = new Set<string>()
  /** where each height's record starts: blocks.log; and its finalization, execution certificate and roots records in certificates.log */
  private readonly blockOffsets = new HeightColumn()
  private readonly finalizationOffsets = new HeightColumn()
  private readonly execCertOffsets = new HeightColumn()
  private readonly rootsOffsets = new HeightColumn()
  private readonly views = new HeightColumn()
  private readonly blockReader: RecordReader
  private readonly certReader: RecordReader
  /** the highest height recorded */
  private tip = 0
  private disk_reads = 0
  private record_reads = 0
  private disk_refused = 0
  private roots_logged = 0

  constructor(private readonly options: FinalizedStoreOptions) {
    if (!Number.isInteger(options.in_memory_max) || options.in_memory_max < 1) throw new RangeError(`finalized_in_memory_max must be a positive integer, got ${options.in_memory_max}`)
    this.keep = options.in_memory_max
    this.blockReader = openRecordReader(options.blocks_path)
    this.certReader = openRecordReader(options.certificates_path)
  }

  close(): void {
    this.blockReader.close()
    this.certReader.close()
  }

  stats(): FinalizedStoreStats {
    return {
      in_memory: this.finalized.size,
      in_memory_max: this.keep,
      roots_in_memory: this.roots.size,
      execution_certificates_in_memory: this.execCerts.size,
      digests_in_memory: this.digests.size,
      disk_reads: this.disk_reads,
      record_reads: this.record_reads,
      disk_refused: this.disk_refused,
      roots_logged: this.roots_logged,
      index_bytes: [this.blockOffsets, this.finalizationOffsets, this.execCertOffsets, this.rootsOffsets, this.views].reduce((s, c) => s + c.size_bytes, 0)
    }
  }

  // ---- startup ----

  /**
   * Index certificates.log as opened (before blocks.log is replayed; `heights_logged` blocks are
   * in blocks.log): each record that decodes is indexed by its offset (the last one of a kind and
   * height wins); only the execution certificates of the heights that will still be in the window
   * after the replay, or above it, are kept decoded.
   */
  indexCertRecords(records: ReadonlyArray<{ readonly offset_bytes: number; readonly body: Uint8Array }>, heights_logged: number): void {
    for (const r of records) {
      const parsed = parseCertRecord(r.body)
      if (parsed === null) continue
      const { kind, height, rest } = parsed
      if (kind === CERT_EXECUTION) {
        const c = decodeExecutionCertificate(rest)
        if (c instanceof DecodeFailure) continue
        if (height >= 1 && height <= heights_logged - this.keep) this.execCertOffsets.set(height, r.offset_bytes)
        else this.execCerts.set(height, { certificate: c, offset_bytes: r.offset_bytes })
        continue
      }
      // a finalization or roots record of a height whose block is not logged is not indexed
      if (height < 1 || height > heights_logged) continue
      if (kind === CERT_FINALIZATION) {
        const c = decodeCertificateBytes(rest)
        if (!(c instanceof DecodeFailure) && c._tag === "Finalization") this.finalizationOffsets.set(height, r.offset_bytes)
      } else if (kind === CERT_ROOTS && decodeRoots(rest) !== null) this.rootsOffsets.set(height, r.offset_bytes)
    }
  }

  /** the finalization of a replayed height for the window: read back only for the heights that stay in it */
  replayedFinalization(height: number, heights_logged: number): Finalization | null {
    return height > heights_logged - this.keep ? this.readFinalization(height) : null
  }

  // ---- recording ----

  /** where height's blocks.log record starts (indexed before the height is recorded) */
  indexBlock(height: number, offset_bytes: number): void {
    this.blockOffsets.set(height, offset_bytes)
  }

  /** where the finalization record of `height` starts in certificates.log */
  indexFinalization(height: number, offset_bytes: number): void {
    this.finalizationOffsets.set(height, offset_bytes)
  }

  /** one executed height, in height order (live, or replayed from blocks.log); the height `in_memory_max` below leaves the window */
  record(block: Block, result: BlockResult, certificate: Finalization | null): void {
    const h = Number(block.height)
    this.tip = h
    this.roots.set(h, { state_root: result.state_root, events_root: result.events_root })
    this.finalized.set(h, { block, certificate })
    this.digests.add(result.digest)
    this.views.set(h, Number(block.view))
    this.evict(h - this.keep)
    // one digest per height, oldest first: drop the oldest once over the bound
    for (let i = 0; i < 2 && this.digests.size > this.keep; i++) {
      const oldest = this.digests.values().next()
      if (oldest.done === true) break
      this.digests.delete(oldest.value)
    }
  }

  /** height `e` leaves the window: its execution certificate to the column, and its roots on disk unless a certificate of exactly them is */
  private evict(e: number): void {
    if (e < 1) return
    this.finalized.delete(e)
    const roots = this.roots.get(e)
    this.roots.delete(e)
    const held = this.execCerts.get(e)
    if (held !== undefined) {
      this.execCertOffsets.set(e, held.offset_bytes)
      this.execCerts.delete(e)
    }
    if (roots === undefined) return
    if (this.rootsOffsets.get(e) !== null) {
      // logged before (a restart replays heights that left the window in an earlier run)
      const logged = this.readRoots(e)
      if (logged !== null && sameRoots(logged, roots)) return
      this.options.log({ msg: "validator.roots_record_replaced", index: this.options.index, height: e })
    } else {
      const c = held?.certificate ?? this.readExecCert(e)
      if (c !== null && c.item.height === e && sameRoots(c.item, roots)) return
    }
    const at = this.options.appendCert(CERT_ROOTS, e, encodeRoots(roots))
    if (at === null) return
    this.rootsOffsets.set(e, at)
    this.roots_logged++
  }

  // ---- execution certificates ----

  hasExecutionCertificate(height: number): boolean {
    return this.execCerts.has(height) || this.execCertOffsets.get(height) !== null
  }

  executionCertificate(height: number): ExecutionCertificate | null {
    return this.execCerts.get(height)?.certificate ?? this.readExecCert(height)
  }

  /** append a new execution certificate to certificates.log and index it (in the window, or the column for a height already out of it) */
  addExecutionCertificate(certificate: ExecutionCertificate): void {
    const h = certificate.item.height
    const at = this.options.appendCert(CERT_EXECUTION, h, encodeExecutionCertificate(certificate))
    if (at === null) return
    if (h >= 1 && h <= this.tip - this.keep) this.execCertOffsets.set(h, at)
    else this.execCerts.set(h, { certificate, offset_bytes: at })
  }

  // ---- reads ----

  /** the finalized block at `height` with the finalization logged for it: from memory if recent, else read back from disk (checked) */
  block(height: number): StoredFinalized | null {
    return this.finalized.get(height) ?? this.readFinalized(height)
  }

  /** the state and events roots we executed `height` to: from memory if recent, else from its roots or execution-certificate record */
  rootsAt(height: number): LoggedRoots | null {
    const recent = this.roots.get(height)
    if (recent !== undefined) return recent
    if (!this.isOld(height)) return null
    if (this.rootsOffsets.get(height) !== null) return this.readRoots(height)
    const c = this.readExecCert(height)
    return c === null ? null : { state_root: c.item.state_root, events_root: c.item.events_root }
  }

  /** the height of the executed block of `view`, or null when no executed block has that view */
  heightAtView(view: number): number | null {
    return Number.isSafeInteger(view) && view >= 1 ? this.views.heightOf(view) : null
  }

  /**
   * Whether `digest` is an executed block's: the window's digests answer for recent heights; an
   * older one is the block at `height` (its height known from a child, or from its view) when that
   * block, read back from disk, has this digest.
   */
  isExecuted(digest: string, height: number | null): boolean {
    if (this.digests.has(digest)) return true
    if (height === null || !this.isOld(height)) return false
    const old = this.readFinalized(height)
    return old !== null && blockDigest(old.block) === digest
  }

  /** an executed height no longer in the window */
  private isOld(height: number): boolean {
    return Number.isSafeInteger(height) && height >= 1 && height <= this.tip - this.keep
  }

  /**
   * An executed height no longer in memory, from blocks.log and certificates.log: each frame is
   * re-checked (header and body checks), the block must decode, carry this height and the state
   * root we executed it to (its roots or execution-certificate record); the certificate record
   * must be a finalization for this height. A record failing a check is refused (logged, counted,
   * null); a missing certificate gives null.
   */
  private readFinalized(height: number): StoredFinalized | null {
    if (!Number.isSafeInteger(height) || height < 1 || height > this.tip) return null
    const offset = this.blockOffsets.get(height)
    const roots = this.rootsAt(height)
    if (offset === null || roots === null) return null
    let block: Block
    try {
      const rec = decodeRecordBody(this.blockReader.read(offset), offset)
      if (Number(rec.block.height) !== height) throw new CorruptLog(offset, `record holds height ${rec.block.height}, indexed as ${height}`)
      if (rec.state_root !== roots.state_root) throw new CorruptLog(offset, `record of height ${height} holds another state root than the one executed`)
      block = rec.block
    } catch (e) {
      return this.refuse("blocks.log", height, e)
    }
    this.disk_reads++
    return { block, certificate: this.readFinalization(height) }
  }

  /** one certificates.log record of `kind` for `height` at `offset`: its bytes after the height, or refused */
  private readCertRecord(kind: number, height: number, offset: number): Uint8Array | null {
    try {
      const parsed = parseCertRecord(this.certReader.read(offset))
      if (parsed === null || parsed.kind !== kind || parsed.height !== height) throw new CorruptLog(offset, `not the record of kind ${kind} of height ${height}`)
      this.record_reads++
      return parsed.rest
    } catch (e) {
      return this.refuse("certificates.log", height, e)
    }
  }

  private readFinalization(height: number): Finalization | null {
    const offset = this.finalizationOffsets.get(height)
    if (offset === null) return null
    const rest = this.readCertRecord(CERT_FINALIZATION, height, offset)
    if (rest === null) return null
    const c = decodeCertificateBytes(rest)
    if (c instanceof DecodeFailure || c._tag !== "Finalization") return this.refuse("certificates.log", height, new CorruptLog(offset, `finalization of height ${height} does not decode`))
    return c
  }

  private readExecCert(height: number): ExecutionCertificate | null {
    const offset = this.execCertOffsets.get(height)
    if (offset === null) return null
    const rest = this.readCertRecord(CERT_EXECUTION, height, offset)
    if (rest === null) return null
    const c = decodeExecutionCertificate(rest)
    if (c instanceof DecodeFailure || c.item.height !== height) return this.refuse("certificates.log", height, new CorruptLog(offset, `execution certificate of height ${height} does not decode`))
    return c
  }

  private readRoots(height: number): LoggedRoots | null {
    const offset = this.rootsOffsets.get(height)
    if (offset === null) return null
    const rest = this.readCertRecord(CERT_ROOTS, height, offset)
    if (rest === null) return null
    return decodeRoots(rest) ?? this.refuse("certificates.log", height, new CorruptLog(offset, `roots of height ${height} are not two roots`))
  }

  private refuse(file: string, height: number, e: unknown): null {
    this.disk_refused++
    this.options.log({ msg: "validator.disk_record_refused", index: this.options.index, file, height, reason: e instanceof Error ? e.message : String(e) })
    return null
  }
}
