/**
 * The chain state: named tables of schema-typed records, with a per-transaction journal so that
 * every instruction is atomic (discarded on failure, kept on success) without copying the state.
 *
 * A table is declared once, next to the module that owns it (`defineTable`), and used with any
 * store: `players.get(store, pk)`. The store only knows its tables through the small
 * JournaledTable interface, so modules add state without touching this file.
 */
import { type Schema } from "effect"
import { canonicalBytes, canonicalJson } from "./canonical.ts"
import { StateRoot } from "./root.ts"

interface JournaledTable {
  readonly name: string
  dumpJson(): string
  rollback(): void
  commit(): void
  flushRoot(root: StateRoot): void
  size(): number
}

let storeCounter = 0

export class StateStore {
  readonly id = ++storeCounter
  private readonly tables: JournaledTable[] = []
  private readonly rootTree = new StateRoot()
  private inTransaction = false

  /** @internal called by a table the first time it is used with this store */
  register(table: JournaledTable): void {
    if (this.tables.some((t) => t.name === table.name)) throw new Error(`table ${table.name} registered twice`)
    this.tables.push(table)
  }

  begin(): void {
    if (this.inTransaction) throw new Error("nested state transaction")
    this.inTransaction = true
  }
  commit(): void {
    for (const t of this.tables) t.commit()
    this.inTransaction = false
  }
  rollback(): void {
    for (const t of this.tables) t.rollback()
    this.inTransaction = false
  }
  get transactionOpen(): boolean {
    return this.inTransaction
  }

  /** the root over the whole state, as of the last committed write */
  root(): Uint8Array {
    if (this.inTransaction) throw new Error("state root requested inside a transaction")
    for (const t of this.tables) t.flushRoot(this.rootTree)
    return this.rootTree.root()
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
  private journal: Array<readonly [string, A | undefined]> = []
  private readonly changed = new Set<string>()
  constructor(
    readonly name: string,
    private readonly schema: Schema.Schema<A, I>
  ) {}
  write(key: string, value: A | undefined): void {
    this.journal.push([key, this.rows.get(key)])
    if (value === undefined) this.rows.delete(key)
    else this.rows.set(key, value)
    this.changed.add(key)
  }
  rollback(): void {
    for (let i = this.journal.length - 1; i >= 0; i--) {
      const [key, prev] = this.journal[i]!
      if (prev === undefined) this.rows.delete(key)
      else this.rows.set(key, prev)
    }
    this.journal = []
  }
  commit(): void {
    this.journal = []
  }
  flushRoot(root: StateRoot): void {
    for (const key of this.changed) {
      const v = this.rows.get(key)
      root.set(this.name, key, v === undefined ? null : canonicalBytes(this.schema, v))
    }
    this.changed.clear()
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
  constructor(
    readonly name: string,
    readonly schema: Schema.Schema<A, I>
  ) {}
  private of(store: StateStore): Table<A, I> {
    let t = this.instances.get(store)
    if (t === undefined) {
      t = new Table(this.name, this.schema)
      store.register(t)
      this.instances.set(store, t)
    }
    return t
  }
  get(store: StateStore, key: string): A | undefined {
    return this.of(store).rows.get(key)
  }
  has(store: StateStore, key: string): boolean {
    return this.of(store).rows.has(key)
  }
  put(store: StateStore, key: string, value: A): void {
    if (!store.transactionOpen) throw new Error(`write to ${this.name} outside a state transaction`)
    this.of(store).write(key, value)
  }
  delete(store: StateStore, key: string): void {
    if (!store.transactionOpen) throw new Error(`delete from ${this.name} outside a state transaction`)
    if (this.of(store).rows.has(key)) this.of(store).write(key, undefined)
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
  private readonly table: TableDef<A, I>
  constructor(
    name: string,
    schema: Schema.Schema<A, I>,
    private readonly initial: () => A
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
