/**
 * The explorer's typed failures. Their codes live with the other service-edge codes
 * (services/api/errors.ts, 220–229): a database that refuses or breaks, a public database host
 * refused by the private-network rule, and two indexers disagreeing about a finalized height.
 */
import { Data } from "effect"
import { SERVICE_ERROR_CODES } from "../api/errors.ts"

/** the explorer database failed (connection, query, migration): reads answer 503, ingestion retries later */
export class ExplorerDatabaseError extends Data.TaggedError("ExplorerDatabaseError")<{ readonly message: string }> {
  readonly code = SERVICE_ERROR_CODES.ExplorerDatabaseError
}

/** the Postgres URL names a host beyond the private network (chain-and-services.md §3.10, §6 item 10) */
export class PublicDatabaseHost extends Data.TaggedError("PublicDatabaseHost")<{ readonly message: string }> {
  readonly code = SERVICE_ERROR_CODES.PublicDatabaseHost
}

/** a finalized height already indexed with another digest: finalized history never changes, so this is refused */
export class ExplorerConflict extends Data.TaggedError("ExplorerConflict")<{ readonly height: bigint; readonly indexed: string; readonly offered: string }> {
  readonly code = SERVICE_ERROR_CODES.ExplorerConflict
  override get message(): string {
    return `height ${this.height} is indexed with digest ${this.indexed}; refusing ${this.offered}`
  }
}

export type ExplorerStoreError = ExplorerDatabaseError | ExplorerConflict

export const dbError = (what: string) => (e: unknown): ExplorerDatabaseError =>
  new ExplorerDatabaseError({ message: `${what}: ${e instanceof Error ? e.message : String(e)}`.slice(0, 1_000) })
