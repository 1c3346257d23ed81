// Compiles Token.sol with solc-js and writes build/bench.json (creation code of the ERC-20 and
// calldata of one transfer, plus the two loop programs of EvmBenchmarks), then times the same
// calls on ethereumjs through an in-process Ganache: eth_call of each, N times.
// Usage: node compare.mjs [N]
import solc from "solc";
import ganache from "ganache";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const N = Number(process.argv[2] ?? 2000);
const input = {
  language: "Solidity",
  sources: { "Token.sol": { content: readFileSync("Token.sol", "utf8") } },
  settings: { evmVersion: "shanghai", optimizer: { enabled: true, runs: 200 },
    outputSelection: { "*": { "*": ["evm.bytecode.object"] } } },
};
const findImports = (path) => ({ contents: readFileSync(require.resolve(path), "utf8") });
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
for (const e of output.errors ?? []) if (e.severity === "error") throw new Error(e.formattedMessage);
const creation = "0x" + output.contracts["Token.sol"].Token.evm.bytecode.object;
const recipient = "00000000000000000000000000000000000000aa";
const transfer = "0xa9059cbb" + recipient.padStart(64, "0") + (1).toString(16).padStart(64, "0");
// The loops of EvmBenchmarks, wrapped in init code that returns them as runtime code.
const loops = { arithmeticLoop: "6127105b600190038060030260079006508060035700",
  keccakLoop: "6127105b60405f205f52600190038060035700" };
const deployer = (runtime) => {
  const len = (runtime.length / 2).toString(16).padStart(2, "0");
  return "0x60" + len + "600c60003960" + len + "6000f3" + runtime;
};
mkdirSync("build", { recursive: true });
writeFileSync(join("build", "bench.json"), JSON.stringify({ creation, transfer }, null, 2));

const provider = ganache.provider({ logging: { quiet: true }, chain: { hardfork: "shanghai" },
  wallet: { totalAccounts: 1 } });
const [from] = await provider.request({ method: "eth_accounts", params: [] });
async function deploy(data) {
  const hash = await provider.request({ method: "eth_sendTransaction", params: [{ from, data, gas: "0x989680" }] });
  return (await provider.request({ method: "eth_getTransactionReceipt", params: [hash] })).contractAddress;
}
async function time(label, to, data) {
  const call = { from, to, data, gas: "0x5f5e100" };
  for (let i = 0; i < Math.min(200, N); i++) await provider.request({ method: "eth_call", params: [call, "latest"] });
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await provider.request({ method: "eth_call", params: [call, "latest"] });
  const micros = Number(process.hrtime.bigint() - start) / 1000 / N;
  console.log(`ethereumjs (ganache 7.9.2, eth_call) ${label}: ${micros.toFixed(1)} µs per call`);
}
await time("erc20Transfer", await deploy(creation), transfer);
for (const [name, code] of Object.entries(loops)) await time(name, await deploy(deployer(code)), "0x");
process.exit(0);
