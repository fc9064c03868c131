/**
 * Policy changes: on each scheduled day the admin sends SetPolicy with the policy in force
 * changed by that step (the engine validates it against §4.2; an invalid step fails and changes
 * nothing). Also the AMM bootstrap (SeedAmm on `seed_day`, FinalizeAmmBootstrap on `finalize_day`).
 */
import { ammPool } from "../../../engine/economy/amm/pool.ts"
import type { Policy } from "../../../engine/economy/policy.ts"
import { policyState } from "../../../engine/economy/policy-state.ts"
import type { Instruction } from "../../../engine/tx/instruction.ts"
import { daily, duties, type OperatorDuty } from "./operator.ts"

export interface PolicyStep {
  readonly day: number
  readonly name: string
  readonly change: (current: Policy) => Policy
}

export const policyAdmin = (steps: ReadonlyArray<PolicyStep>): OperatorDuty =>
  duties(...steps.map((s) => daily(`policy:${s.name}`, s.day, 1_000_000, (view): Instruction[] => [{ _tag: "SetPolicy", policy: s.change(policyState.get(view.state)) }])))

export interface AmmBootstrapPlan {
  readonly seed_day: number
  readonly rng: bigint
  readonly vusdt: bigint
  readonly finalize_day: number
}

export const ammBootstrapper = (plan: AmmBootstrapPlan): OperatorDuty =>
  duties(
    daily("amm-seed", plan.seed_day, 1_000_000, (view): Instruction[] =>
      ammPool.get(view.state).total_shares === 0n ? [{ _tag: "SeedAmm", rng_amount: plan.rng, usdt_amount: plan.vusdt, boot_num: plan.vusdt, boot_den: plan.rng }] : []
    ),
    daily("amm-finalize", plan.finalize_day, 1_000_000, (view): Instruction[] =>
      ammPool.get(view.state).bootstrap_finalized ? [] : [{ _tag: "FinalizeAmmBootstrap" }]
    )
  )
