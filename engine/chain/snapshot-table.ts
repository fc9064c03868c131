/**
 * One state table as a snapshot sees it: its rows as canonical record bytes (state/canonical.ts,
 * the bytes the state root commits to) and the way back, bytes → validated record → put. The
 * bytes are the state's own encoding; the decoder (state/canonical-decode.ts) only reads it.
 */
import { Schema } from "effect"
import { bytesEqual } from "../codec/bytes.ts"
import { recordDecoder } from "../state/canonical-decode.ts"
import { CanonicalWriter, recordEncoder } from "../state/canonical.ts"
import type { StateStore, TableDef } from "../state/store.ts"

export interface SnapshotTable {
  readonly name: string
  /** every row of the table in `store`, in key order, as (key, canonical bytes) */
  readonly rows: (store: StateStore) => Array<readonly [string, Uint8Array]>
  /**
   * write the row `key` from its canonical bytes (inside the caller's state transaction): null
   * when written, else why the bytes are not a record of this table (nothing written then).
   * Throws DecodeFailure when the bytes are not canonical bytes at all.
   */
  readonly restore: (store: StateStore, key: string, bytes: Uint8Array) => string | null
}

/** `singleton`: a defineSingleton table, whose one row has the key "" */
export const snapshotTable = <A, I>(def: TableDef<A, I>, singleton = false): SnapshotTable => {
  const encode = recordEncoder(def.schema)
  const decode = recordDecoder(def.schema)
  const isRecord = Schema.is(def.schema)
  const writer = new CanonicalWriter()
  return {
    name: def.name,
    rows: (store) => def.entries(store).map(([key, value]): readonly [string, Uint8Array] => [key, encode(writer, value)]),
    restore: (store, key, bytes) => {
      if (singleton && key !== "") return `table ${def.name} holds one row, under the key ""`
      const value = decode(bytes)
      if (!isRecord(value) || !def.isValid(value)) return `row ${def.name}/${key} is not a valid ${def.name} record`
      // only the canonical form is accepted: re-encoding gives back exactly the bytes read
      if (!bytesEqual(encode(writer, value), bytes)) return `row ${def.name}/${key} is not in canonical form`
      def.put(store, key, value)
      return null
    }
  }
}
