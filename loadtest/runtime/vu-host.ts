/**
 * What the k6 modules of one VU share: its id and iteration, the phase (init code, setup, the
 * default function, teardown, handleSummary), the current group, the metrics declared in the init
 * context, and the realm of the script (objects handed to the script are made in its own realm so
 * `instanceof Array`, `instanceof Error` and `instanceof ArrayBuffer` hold there).
 */
import type { MetricDecl, Tags } from "./metrics.ts"
import type { SyncChannel } from "./sync-channel.ts"

export type Phase = "init" | "setup" | "vu" | "teardown" | "summary"

export interface Realm {
  readonly jsonParse: (text: string) => unknown
  readonly makeError: (message: string) => Error
  readonly arrayBufferOf: (bytes: Uint8Array) => ArrayBuffer
}

/** Cap on distinct error lines a VU prints; beyond it errors are only counted. */
export const LOGGED_ERRORS_MAX = 20

export class VuHost {
  phase: Phase = "init"
  iter = 0
  /** the scenario-wide number of the running iteration (k6/execution scenario.iterationInTest) */
  iteration_in_test = 0
  scenario = "default"
  group_path = ""
  scenario_tags: Record<string, string> = {}
  readonly declared = new Map<string, MetricDecl>()
  private logged = 0

  constructor(
    readonly vu: number,
    readonly channel: SyncChannel,
    readonly realm: Realm
  ) {}

  /** Tags every sample carries: group and scenario, then the scenario's tags. */
  systemTags(): Record<string, string> {
    return { group: this.group_path, scenario: this.scenario, ...this.scenario_tags }
  }

  emit(metric: string, value: number, tags: Tags): void {
    this.channel.pushSample({ metric, value, tags, time_ms: Date.now() })
  }

  requireVuContext(what: string): void {
    if (this.phase === "init") throw this.realm.makeError(`${what} in the init context is not supported`)
  }

  logError(message: string): void {
    if (this.logged >= LOGGED_ERRORS_MAX) return
    this.logged++
    const suffix = this.logged === LOGGED_ERRORS_MAX ? " (further errors of this VU are not printed)" : ""
    process.stderr.write(`ERRO[vu=${this.vu} iter=${this.iter}] ${message}${suffix}\n`)
  }
}
