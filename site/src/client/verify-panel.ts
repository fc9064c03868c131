/**
 * The provably-fair panel of a settled session: the browser fetches the session's verification
 * bundle and checks it itself with services/verify (NullspaceClient → verifySessionBundle:
 * signatures, BLS seeds against the group key, finalization, events proofs, execution
 * certificates, and the outcome replayed from the seeds by the engine). The node that served the
 * bundle is not trusted; a pinned group key (settings, or ?group_key=) names the network.
 */
import { Effect, Either } from "effect"
import { NullspaceClient } from "../../../services/verify/client.ts"
import type { VerificationReport } from "../../../services/verify/check.ts"
import { apiBase, trustedGroupKey } from "./config.ts"
import { el } from "./dom.ts"

/** attempts while the bundle is not certified yet, one a second */
export const VERIFY_ATTEMPTS_MAX = 120
const RETRY_MS = 1_000

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const render = (panel: HTMLElement, report: VerificationReport): void => {
  const failed = report.checks.filter((c) => !c.ok)
  panel.replaceChildren(
    el("p", { class: report.ok ? "verdict ok" : "verdict bad", "data-verdict": report.ok ? "verified" : "failed" }, report.ok ? `Verified in this browser: all ${report.checks.length} checks passed${report.complete ? ", settled" : ""}.` : `Verification FAILED: ${failed.map((c) => c.name).join(", ")}.`),
    el(
      "table",
      { class: "checks" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "step"), el("th", { scope: "col" }, "check"), el("th", { scope: "col" }, "result"), el("th", { scope: "col" }, "detail"))),
      el("tbody", {}, ...report.checks.map((c) => el("tr", {}, el("td", {}, c.step === null ? "session" : c.step === 0 ? "start" : `move ${c.step}`), el("td", {}, c.name), el("td", { class: c.ok ? "ok" : "bad" }, c.ok ? "pass" : "FAIL"), el("td", {}, c.detail))))
    )
  )
}

/** verify a session into the panel, waiting for its execution certificates when they are not signed yet */
export const verifyInto = async (panel: HTMLElement, session_id: bigint): Promise<VerificationReport | null> => {
  const gk = trustedGroupKey()
  const client = new NullspaceClient(apiBase(), gk === null ? {} : { group_key: gk })
  panel.replaceChildren(el("p", { class: "verdict" }, `Verifying session ${session_id} in this browser…`))
  for (let attempt = 0; attempt < VERIFY_ATTEMPTS_MAX; attempt++) {
    const r = await Effect.runPromise(Effect.either(client.session(session_id)))
    if (Either.isLeft(r)) {
      const f = r.left
      if (f.status === 501) {
        panel.replaceChildren(el("p", { class: "verdict bad", "data-verdict": "not-certified" }, "This API runs the dev chain, which does not certify its blocks: its seeds are not verifiable. Run the validators (npm run chain) to verify sessions."))
        return null
      }
      if (f.status !== 404) {
        panel.replaceChildren(el("p", { class: "verdict bad", "data-verdict": "unavailable" }, `The verification bundle could not be fetched: ${f.message}`))
        return null
      }
    } else {
      const pending = r.right.checks.filter((c) => !c.ok).every((c) => c.name === "execution")
      if (r.right.ok || !pending) {
        render(panel, r.right)
        return r.right
      }
    }
    await sleep(RETRY_MS)
  }
  panel.replaceChildren(el("p", { class: "verdict bad", "data-verdict": "timeout" }, `Session ${session_id} was not finalized and certified within ${VERIFY_ATTEMPTS_MAX} s.`))
  return null
}
