/** The policy in force (economy.md §4.2): defaults until the admin sets one. */
import { defineSingleton } from "../state/store.ts"
import { DEFAULT_POLICY, Policy } from "./policy.ts"

export const policyState = defineSingleton("policy", Policy, () => DEFAULT_POLICY)
