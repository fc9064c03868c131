#!/usr/bin/env node
// `npx nullspace …`: the player tools (services/cli/nullspace.ts), run through tsx
import { register } from "tsx/esm/api"
register()
await import("../services/cli/nullspace.ts")
