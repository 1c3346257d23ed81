// Hardhat 3 pointed at an AMChain devnet. Offline on purpose: Hardhat would download solc from
// the internet, so `path` points it at the solc-js build (soljson.js) that the npm `solc` package
// ships, which Hardhat runs as its WASM compiler.
import { fileURLToPath } from "node:url";
import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import hardhatNodeTestRunner from "@nomicfoundation/hardhat-node-test-runner";
import { defineConfig } from "hardhat/config";

// Development keys of the `test test ... junk` mnemonic (accounts 6 to 9): never use elsewhere.
const DEV_KEYS = [
  "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
  "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
  "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
  "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
];

export default defineConfig({
  plugins: [hardhatEthers, hardhatNodeTestRunner],
  solidity: {
    version: "0.8.37",
    path: fileURLToPath(import.meta.resolve("solc/soljson.js")),
    settings: { evmVersion: "cancun", optimizer: { enabled: true, runs: 200 } },
  },
  // Build output goes to the node module's target/, out of the source tree.
  paths: { artifacts: "../../../target/hardhat/artifacts", cache: "../../../target/hardhat/cache" },
  networks: {
    amchain: {
      type: "http",
      chainType: "l1",
      url: process.env.AMCHAIN_RPC_URL ?? "http://127.0.0.1:8545",
      chainId: 1337,
      accounts: DEV_KEYS,
    },
  },
});
