/**
 * The chain state: named tables of schema-typed records, with a journal so that every
 * transaction is atomic (discarded on failure, kept on success) without copying the state, and a
 * block-level savepoint around it so that a whole block is atomic too.
 *
 * Journal protocol (one journal per table, one undo entry per write: the key and its previous
 * value):
 *  - `beginBlock()` opens the block savepoint (journals empty); `commitBlock()` keeps every write
 *    of the block, `rollbackBlock()` undoes them all;
 *  - `begin()` opens a transaction (inside a block or alone): each table remembers where its
 *    journal stood; `rollback()` undoes back to that mark, `commit()` keeps the writes (and, with
 *    no block open, forgets the undo entries). Transactions do not nest.
 * Every `put` validates the record against its table's schema first (a compiled validator,
 * validate.ts); a violation throws RecordInvalid, an engine bug that rolls the block back. A put
 * that replaces a row re-checks only the fields that may have changed (the row it replaces was
 * validated when it was written; unchanged primitive fields stay valid).
 *
 * A table is declared once, next to the module that owns it (`defineTable`), and used with any
 * store: `players.get(store, pk)`. The store only knows its tables through the small
 * JournaledTable interface, so modules add state without touching this file.
 * Roots: each table keeps the keys changed since the last root; `root()` encodes each changed
 * record once (canonical.ts) and hands it to the StateRoot (root.ts, the authenticated tree of
 * auth/), which rehashes only those paths; `prove(table, key)` gives a key's proof against it.
 */
import { type Schema } from "effect"
import { AssertionFailed, assert } from "../assert.ts"
import { CanonicalWriter, canonicalJson, recordEncoder } from "./canonical.ts"
import type { StateProof } from "./auth/proof.ts"
import { StateRoot } from "./root.ts"
import { compileChangeValidator, compileValidator, type ChangeValidator, type Validator } from "./validate.ts"

/** A write that violates its table's schema: an engine bug (a handler skipped a range check). */
export class RecordInvalid extends AssertionFailed {}

interface JournaledTable {
  readonly name: string
  dumpJson(): string
  /** remember where the journal stands (transaction begin) */
  mark(): void
  /** undo back to the mark (transaction rollback) */
  rollbackToMark(): void
  /** undo everything in the journal (block rollback) */
  rollbackAll(): void
  /** forget the undo entries (outermost commit) */
  clearJournal(): void
  flushRoot(root: StateRoot, w: CanonicalWriter): void
  /** the canonical bytes of a row (null: absent), what the root commits to */
  valueBytes(key: string, w: CanonicalWriter): Uint8Array | null
  size(): number
}

/** what `prove` returns: the root, the row's canonical bytes (null: absent) and the proof */
export interface StateProofOf {
  readonly root: Uint8Array
  readonly value: Uint8Array | null
  readonly proof: StateProof
}

/** the tables a store may hold (the engine declares about twenty) */
const TABLES_MAX = 256

export class StateStore {
  private readonly tables: JournaledTable[] = []
  private readonly rootTree = new StateRoot()
  private readonly writer = new CanonicalWriter()
  private inTransaction = false
  private inBlock = false

  /** @internal called by a table the first time it is used with this store */
  register(table: JournaledTable): void {
    assert(!this.tables.some((t) => t.name === table.name), `table ${table.name} registered twice`)
    assert(this.tables.length < TABLES_MAX, `at most ${TABLES_MAX} tables`)
    if (this.inTransaction) table.mark()
    this.tables.push(table)
  }

  /** open the block savepoint: everything until commitBlock/rollbackBlock is one unit */
  beginBlock(): void {
    assert(!this.inBlock, "nested block savepoint")
    assert(!this.inTransaction, "block savepoint opened inside a transaction")
    this.inBlock = true
  }
  commitBlock(): void {
    assert(this.inBlock, "commitBlock without a block savepoint")
    assert(!this.inTransaction, "commitBlock with a transaction open")
    for (const t of this.tables) t.clearJournal()
    this.inBlock = false
  }
  /** undo every write since beginBlock (an open transaction is undone with it) */
  rollbackBlock(): void {
    assert(this.inBlock, "rollbackBlock without a block savepoint")
    for (const t of this.tables) t.rollbackAll()
    this.inTransaction = false
    this.inBlock = false
  }

  begin(): void {
    assert(!this.inTransaction, "nested state transaction")
    for (const t of this.tables) t.mark()
    this.inTransaction = true
  }
  commit(): void {
    assert(this.inTransaction, "commit without a transaction")
    if (!this.inBlock) for (const t of this.tables) t.clearJournal()
    this.inTransaction = false
  }
  rollback(): void {
    assert(this.inTransaction, "rollback without a transaction")
    for (const t of this.tables) t.rollbackToMark()
    this.inTransaction = false
  }
  get transactionOpen(): boolean {
    return this.inTransaction
  }
  get blockOpen(): boolean {
    return this.inBlock
  }

  /**
   * The root over the whole state, as of the last write. Not inside a transaction. Inside a
   * block savepoint it is allowed (applyBlock computes the root before committing the block); a
   * block rolled back afterwards marks its keys changed again, so the next root re-syncs them.
   */
  root(): Uint8Array {
    assert(!this.inTransaction, "state root requested inside a transaction")
    for (const t of this.tables) t.flushRoot(this.rootTree, this.writer)
    return this.rootTree.root()
  }

  /**
   * A proof of the row at (table, key) — its canonical bytes, or its absence — against the state
   * root, as of the last write (not inside a transaction). A table this store never used has no
   * rows: the proof shows absence. Check it with auth/verify-proof.ts.
   */
  prove(table: string, key: string): StateProofOf {
    const root = this.root()
    const t = this.tables.find((x) => x.name === table)
    const value = t === undefined ? null : t.valueBytes(key, this.writer)
    return { root, value, proof: this.rootTree.prove(table, key) }
  }

  /** canonical JSON of every non-empty table (minus `excluding`), for tests and diagnostics: equal iff states are equal */
  dumpJson(excluding: ReadonlyArray<string> = []): string {
    return [...this.tables]
      .filter((t) => !excluding.includes(t.name) && t.size() > 0)
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((t) => `${JSON.stringify(t.name)}:${t.dumpJson()}`)
      .join("\n")
  }

  tableSizes(): Record<string, number> {
    const out: Record<string, number> = {}
    for (const t of [...this.tables].sort((a, b) => (a.name < b.name ? -1 : 1))) out[t.name] = t.size()
    return out
  }
}

class Table<A, I> implements JournaledTable {
  readonly rows = new Map<string, A>()
  /** undo journal: parallel arrays (no allocation per write beyond growth) */
  private journalKeys: string[] = []
  private journalPrev: Array<A | undefined> = []
  private txMark = 0
  /**
   * the keys changed since the last root, each with whether the root's tree holds a row for it
   * (its value when the root was taken): a key created and deleted between two roots was never
   * in the tree and is skipped
   */
  private readonly changed = new Map<string, boolean>()
  constructor(
    readonly name: string,
    private readonly schema: Schema.Schema<A, I>,
    private readonly encode: (w: CanonicalWriter, value: A) => Uint8Array
  ) {}
  write(key: string, value: A | undefined): void {
    this.writeOver(key, value, this.rows.get(key))
  }
  /** write with the row's current value already read (`prev` = rows.get(key)) */
  writeOver(key: string, value: A | undefined, prev: A | undefined): void {
    this.journalKeys.push(key)
    this.journalPrev.push(prev)
    if (value === undefined) this.rows.delete(key)
    else this.rows.set(key, value)
    // the first change since the last root: the row it replaces is what the tree holds
    if (!this.changed.has(key)) this.changed.set(key, prev !== undefined)
  }
  mark(): void {
    this.txMark = this.journalKeys.length
  }
  private undoTo(mark: number): void {
    for (let i = this.journalKeys.length - 1; i >= mark; i--) {
      const key = this.journalKeys[i]!
      const prev = this.journalPrev[i]
      // a root may already have seen the undone value (then it is the row now): make the next root look again
      if (!this.changed.has(key)) this.changed.set(key, this.rows.has(key))
      if (prev === undefined) this.rows.delete(key)
      else this.rows.set(key, prev)
    }
    this.journalKeys.length = mark
    this.journalPrev.length = mark
  }
  rollbackToMark(): void {
    this.undoTo(this.txMark)
  }
  rollbackAll(): void {
    this.undoTo(0)
    this.txMark = 0
  }
  clearJournal(): void {
    this.journalKeys.length = 0
    this.journalPrev.length = 0
    this.txMark = 0
  }
  /** every key written since the transaction began, once, with its value before the transaction */
  forEachTxChange(f: (key: string, before: A | undefined, after: A | undefined) => void): void {
    const n = this.journalKeys.length
    if (n === this.txMark) return
    if (n === this.txMark + 1) {
      const key = this.journalKeys[this.txMark]!
      return f(key, this.journalPrev[this.txMark], this.rows.get(key))
    }
    const seen = new Set<string>()
    for (let i = this.txMark; i < n; i++) {
      const key = this.journalKeys[i]!
      if (seen.has(key)) continue
      seen.add(key)
      f(key, this.journalPrev[i], this.rows.get(key))
    }
  }
  flushRoot(root: StateRoot, w: CanonicalWriter): void {
    if (this.changed.size === 0) return
    // encode everything first: a failure leaves the tree untouched and the keys still changed
    const keys: string[] = []
    const values: Array<Uint8Array | null> = []
    for (const [key, inTree] of this.changed) {
      const v = this.rows.get(key)
      // absent now and absent from the tree (created and deleted since the last root): nothing to do
      if (v === undefined && !inTree) continue
      keys.push(key)
      values.push(v === undefined ? null : this.encode(w, v))
    }
    for (let i = 0; i < keys.length; i++) root.set(this.name, keys[i]!, values[i] ?? null)
    this.changed.clear()
  }
  valueBytes(key: string, w: CanonicalWriter): Uint8Array | null {
    const v = this.rows.get(key)
    return v === undefined ? null : this.encode(w, v)
  }
  size(): number {
    return this.rows.size
  }
  dumpJson(): string {
    const rows = [...this.rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${rows.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(this.schema, v)}`).join(",")}}`
  }
}

export class TableDef<A, I> {
  private readonly instances = new WeakMap<StateStore, Table<A, I>>()
  /** the last (store, table) pair used: the hot path touches one store */
  private lastStore: StateStore | null = null
  private lastTable: Table<A, I> | null = null
  private validator: Validator | null = null
  /** undefined: not compiled yet; null: the schema is not a plain struct (validate in full) */
  private changeValidator: ChangeValidator | null | undefined = undefined
  private encoder: ((w: CanonicalWriter, value: A) => Uint8Array) | null = null
  constructor(
    readonly name: string,
    readonly schema: Schema.Schema<A, I>
  ) {}
  private of(store: StateStore): Table<A, I> {
    if (store === this.lastStore && this.lastTable !== null) return this.lastTable
    let t = this.instances.get(store)
    if (t === undefined) {
      this.encoder ??= recordEncoder(this.schema)
      t = new Table(this.name, this.schema, this.encoder)
      store.register(t)
      this.instances.set(store, t)
    }
    this.lastStore = store
    this.lastTable = t
    return t
  }
  /** true iff `value` is a valid record of this table (the check every put runs) */
  isValid(value: unknown): boolean {
    this.validator ??= compileValidator(this.schema)
    return this.validator(value)
  }
  get(store: StateStore, key: string): A | undefined {
    return this.of(store).rows.get(key)
  }
  has(store: StateStore, key: string): boolean {
    return this.of(store).rows.has(key)
  }
  /**
   * true iff `value` is a valid record of this table, given that `previous` (the row it
   * replaces, valid since it was written through here) is: only the fields that may differ are
   * checked (validate.ts compileChangeValidator)
   */
  isValidChange(previous: unknown, value: unknown): boolean {
    if (this.changeValidator === undefined) this.changeValidator = compileChangeValidator(this.schema)
    if (this.changeValidator === null || previous === value) return this.isValid(value)
    return this.changeValidator(previous, value)
  }
  put(store: StateStore, key: string, value: A): void {
    if (!store.transactionOpen) throw new AssertionFailed({ message: `write to ${this.name} outside a state transaction` })
    const t = this.of(store)
    const prev = t.rows.get(key)
    // every stored row was validated when it was written, so a replacement re-checks only its changed fields
    if (!(prev === undefined ? this.isValid(value) : this.isValidChange(prev, value)))
      throw new RecordInvalid({ message: `record ${this.name}/${key} violates its schema` })
    t.writeOver(key, value, prev)
  }
  delete(store: StateStore, key: string): void {
    if (!store.transactionOpen) throw new AssertionFailed({ message: `delete from ${this.name} outside a state transaction` })
    if (this.of(store).rows.has(key)) this.of(store).write(key, undefined)
  }
  /** every key changed by the open transaction, once: its value before the transaction and now */
  forEachTxChange(store: StateStore, f: (key: string, before: A | undefined, after: A | undefined) => void): void {
    this.of(store).forEachTxChange(f)
  }
  /** every row, in key order (for explorers, invariants and exports; not for hot paths) */
  entries(store: StateStore): Array<readonly [string, A]> {
    return [...this.of(store).rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  }
  values(store: StateStore): IterableIterator<A> {
    return this.of(store).rows.values()
  }
  /** every row in no particular order (no sort): for scans whose result does not depend on order */
  unorderedEntries(store: StateStore): IterableIterator<[string, A]> {
    return this.of(store).rows.entries()
  }
  count(store: StateStore): number {
    return this.of(store).rows.size
  }
}

export const defineTable = <A, I>(name: string, schema: Schema.Schema<A, I>): TableDef<A, I> => new TableDef(name, schema)

/** A single-row table whose row reads as a default until first written (economy.md §0.3). */
export class SingletonDef<A, I> {
  readonly table: TableDef<A, I>
  constructor(
    name: string,
    schema: Schema.Schema<A, I>,
    readonly initial: () => A
  ) {
    this.table = new TableDef(name, schema)
  }
  get name(): string {
    return this.table.name
  }
  get(store: StateStore): A {
    return this.table.get(store, "") ?? this.initial()
  }
  put(store: StateStore, value: A): void {
    this.table.put(store, "", value)
  }
  update(store: StateStore, f: (a: A) => A): A {
    const next = f(this.get(store))
    this.put(store, next)
    return next
  }
}

export const defineSingleton = <A, I>(name: string, schema: Schema.Schema<A, I>, initial: () => A): SingletonDef<A, I> =>
  new SingletonDef(name, schema, initial)
