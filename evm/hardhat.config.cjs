/**
 * Hardhat 2 configuration for evm/. The compiler is the solc npm package (solcjs 0.8.28) only:
 * the GET_SOLC_BUILD subtask is overridden so Hardhat never downloads a compiler (or its list).
 * CommonJS because the repository's package.json is "type": "module".
 */
const path = require("node:path")
const { subtask } = require("hardhat/config")
const { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } = require("hardhat/builtin-tasks/task-names")

const SOLC_VERSION = "0.8.28"
/** checked against require("solc").version() in evm/test/toolchain.test.ts */
const SOLC_LONG_VERSION = "0.8.28+commit.7893614a"

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args) => {
  if (args.solcVersion !== SOLC_VERSION) throw new Error(`only solc ${SOLC_VERSION} (the solc npm package) is available, not ${args.solcVersion}`)
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion: SOLC_LONG_VERSION
  }
})

/** a local node for scripts and the relayer's end-to-end run (port range 31400–31499) */
const LOCAL_RPC_URL = process.env.EVM_RPC_URL || "http://127.0.0.1:31400"

module.exports = {
  solidity: {
    version: SOLC_VERSION,
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" }
  },
  paths: {
    root: __dirname,
    sources: path.join(__dirname, "contracts"),
    tests: path.join(__dirname, "test"),
    cache: path.join(__dirname, "cache"),
    artifacts: path.join(__dirname, "artifacts")
  },
  networks: {
    hardhat: { chainId: 31337, hardfork: "cancun" },
    localhost: { url: LOCAL_RPC_URL, chainId: 31337 }
  }
}
