// Compiles the test contracts with solc-js (the npm `solc` package, no download) for the Cancun
// EVM that AMChain runs, and writes one artifact per contract: {contractName, abi, bytecode}.
// Usage: node compile.mjs OUT_DIR        (also importable: compile() returns the artifacts)
import solc from "solc";
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const sources = join(here, "contracts");

export function compile() {
  const input = {
    language: "Solidity",
    sources: Object.fromEntries(
      readdirSync(sources)
        .filter((f) => f.endsWith(".sol"))
        .map((f) => [f, { content: readFileSync(join(sources, f), "utf8") }]),
    ),
    settings: {
      evmVersion: "cancun",
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) {
    throw new Error("solc failed:\n" + errors.map((e) => e.formattedMessage).join("\n"));
  }
  const artifacts = {};
  for (const [file, contracts] of Object.entries(output.contracts)) {
    for (const [name, c] of Object.entries(contracts)) {
      artifacts[name] = { contractName: name, sourceName: file, abi: c.abi, bytecode: "0x" + c.evm.bytecode.object };
    }
  }
  return artifacts;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? join(here, "build");
  mkdirSync(out, { recursive: true });
  for (const artifact of Object.values(compile())) {
    writeFileSync(join(out, artifact.contractName + ".json"), JSON.stringify(artifact, null, 2));
  }
  console.log("solc " + solc.version() + ": compiled into " + out);
}
