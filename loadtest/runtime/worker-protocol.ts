/** Control messages between the runner and its worker threads (network traffic uses protocol.ts). */
import type { MessagePort } from "node:worker_threads"
import type { MetricDecl } from "./metrics.ts"
import type { Pacing } from "./options.ts"

export type WorkerRole = "options" | "setup" | "teardown" | "summary" | "vu"

export interface WorkerInit {
  readonly code: string
  readonly filename: string
  readonly env: Readonly<Record<string, string>>
  readonly vu: number
  readonly role: WorkerRole
  readonly port: MessagePort
  readonly signal: SharedArrayBuffer
  /** JSON argument of setup/teardown/handleSummary */
  readonly call_arg_json: string | null
}

export interface VuPlan {
  readonly scenario: string
  readonly exec: string
  readonly tags: Readonly<Record<string, string>>
  /** no iteration starts at or after this instant (epoch ms) */
  readonly end_at_ms: number
  /** running iterations are interrupted at this instant (end + gracefulStop) */
  readonly hard_stop_at_ms: number
  /** per-vu-iterations: this VU's count; otherwise null */
  readonly per_vu_iterations: number | null
  /** the scenario's iteration counter (one Int32, shared by its VUs): each iteration claims the next
   * number, which is k6/execution's scenario.iterationInTest */
  readonly counter: SharedArrayBuffer
  /** shared-iterations: the scenario's total; otherwise null (no shared limit) */
  readonly shared_total: number | null
  readonly setup_data_json: string | null
  /** how iterations are paced (options.ts) */
  readonly pacing: Pacing
  /** this VU's index within its scenario (0-based: ramping-vus runs VU k while k < active) */
  readonly vu_index: number
  /** the scenario's clock origin (epoch ms) */
  readonly started_at_ms: number
  /** arrival rates: the scenario's start-ticket counter (one Int32, shared by its VUs) */
  readonly tickets: SharedArrayBuffer
  /** arrival rates: starts dropped for want of a free VU since the runner last looked (one Int32,
   * shared by its VUs): the runner starts another VU while the scenario is below maxVUs */
  readonly starved: SharedArrayBuffer
}

export type ToRunner =
  | { readonly type: "loaded"; readonly exports: ReadonlyArray<string>; readonly options_json: string; readonly metrics: ReadonlyArray<MetricDecl> }
  | { readonly type: "result"; readonly json: string | null }
  | { readonly type: "error"; readonly phase: string; readonly message: string }
  | {
      readonly type: "vu-done"
      readonly completed: number
      readonly failed: number
      readonly interrupted: number
      readonly dropped_ws_events: number
    }

export type ToWorker = { readonly type: "start"; readonly plan: VuPlan }
