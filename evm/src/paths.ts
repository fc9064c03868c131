/** Paths of the EVM workspace, derived from this file (no machine paths). */
import * as path from "node:path"
import { createRequire } from "node:module"

export const EVM_ROOT = path.resolve(import.meta.dirname, "..")
export const HARDHAT_CONFIG = path.join(EVM_ROOT, "hardhat.config.cjs")
export const ARTIFACTS_DIR = path.join(EVM_ROOT, "artifacts", "contracts")
export const ABI_DIR = path.join(EVM_ROOT, "abi")
/** generated artifacts (deployment records, receipts, claims): ignored by git (.data/) */
export const DATA_DIR = path.join(EVM_ROOT, ".data")
export const DEPLOYMENTS_DIR = path.join(EVM_ROOT, "deployments")

const require = createRequire(import.meta.url)
/** Hardhat's CLI entry (run with the current node binary) */
export const HARDHAT_CLI = require.resolve("hardhat/internal/cli/bootstrap.js")
