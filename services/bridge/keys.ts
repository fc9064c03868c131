/**
 * The relayer's two keys, from files (or environment variables naming the value): the EVM
 * lockbox relayer key (0x + 64 hex) and the casino-chain admin secret (64 hex, ed25519). No
 * default: a relayer without keys does not start (RelayerConfigInvalid).
 */
import * as fs from "node:fs"
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts"
import { fromHex } from "../../engine/codec/bytes.ts"
import { signerFromSecret, type Signer } from "../../engine/tx/sign.ts"
import { RelayerConfigInvalid } from "./errors.ts"

const read = (file: string | null, env: string | undefined, what: string): string => {
  if (file !== null) {
    const st = fs.statSync(file, { throwIfNoEntry: false })
    if (st === undefined) throw new RelayerConfigInvalid({ message: `${what}: no file ${file}` })
    if ((st.mode & 0o077) !== 0) throw new RelayerConfigInvalid({ message: `${what}: ${file} is readable by others (chmod 600)` })
    return fs.readFileSync(file, "utf8").trim()
  }
  if (env !== undefined && env.trim() !== "") return env.trim()
  throw new RelayerConfigInvalid({ message: `${what}: give a key file` })
}

const isEvmKey = (k: string): k is `0x${string}` => /^0x[0-9a-fA-F]{64}$/.test(k)

export const evmAccount = (file: string | null, env: string | undefined): PrivateKeyAccount => {
  const k = read(file, env, "EVM relayer key")
  const key = k.startsWith("0x") ? k : `0x${k}`
  if (!isEvmKey(key)) throw new RelayerConfigInvalid({ message: "EVM relayer key: not 32 bytes of hex" })
  return privateKeyToAccount(key)
}

export const casinoSigner = (file: string | null, env: string | undefined): Signer => {
  const k = read(file, env, "casino admin key").replace(/^0x/, "").toLowerCase()
  if (!/^[0-9a-f]{64}$/.test(k)) throw new RelayerConfigInvalid({ message: "casino admin key: not a 32-byte ed25519 secret in hex" })
  return signerFromSecret(fromHex(k))
}
