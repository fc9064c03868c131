/** Compile once before the EVM tests (Hardhat's cache makes it a no-op when nothing changed). */
import { compileContracts } from "../src/build.ts"

export default function setup(): void {
  compileContracts()
}
