/** SetPolicy (economy.md §2.21), admin only: validate the whole record, store it, announce it. */
import { InvalidMove } from "../errors.ts"
import type { Handler } from "../execute/context.ts"
import { policyProblem } from "./policy-validate.ts"
import { policyState } from "./policy-state.ts"

export const setPolicy: Handler<"SetPolicy"> = (ctx, ix) => {
  const problem = policyProblem(ix.policy)
  if (problem !== null) return new InvalidMove({ message: problem })
  policyState.put(ctx.store, ix.policy)
  ctx.emit({ _tag: "PolicyUpdated", admin: ctx.signer, policy: ix.policy })
  return undefined
}
