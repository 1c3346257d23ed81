// Compiles the platform contracts with solc-js (standard JSON input, optimizer on, evmVersion
// cancun; imports resolved from node_modules) and writes one artifact per contract:
//   OUT/<Name>.json             the eight implementations
//   OUT/interfaces/<IName>.json the eight interfaces (ABI only), so tests can compare ABIs
// each {contractName, sourceName, abi, bytecode, deployedBytecode} (hex with 0x).
// Usage: node compile.mjs OUT_DIR
// Warnings are printed; any error (or a runtime code above the EIP-170 limit) fails with exit 1.
// An unchanged input (sources, settings, compiler) is not compiled again: the build runs this on
// every `mvn package`, and solc-js takes tens of seconds.
import solc from "solc";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const sourceRoot = join(here, "src", "main", "solidity");
const MAX_RUNTIME_BYTES = 24_576; // EIP-170

function solidityFiles(dir, prefix = "") {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? solidityFiles(join(dir, entry.name), prefix + entry.name + "/")
      : entry.name.endsWith(".sol") ? [prefix + entry.name] : []);
}

function findImport(path) {
  const file = join(here, "node_modules", path);
  return existsSync(file) ? { contents: readFileSync(file, "utf8") } : { error: "not found: " + path };
}

function standardInput() {
  return {
    language: "Solidity",
    sources: Object.fromEntries(solidityFiles(sourceRoot)
      .map((name) => [name, { content: readFileSync(join(sourceRoot, name), "utf8") }])),
    settings: {
      evmVersion: "cancun",
      optimizer: { enabled: true, runs: 200 },
      viaIR: true,
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
    },
  };
}

export function compile(input = standardInput()) {
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));
  const diagnostics = output.errors ?? [];
  // Warnings about our own sources are printed; OpenZeppelin's are only counted.
  const warnings = diagnostics.filter((e) => e.severity !== "error");
  const ours = warnings.filter((w) => w.sourceLocation?.file in input.sources);
  for (const w of ours) console.warn(w.formattedMessage);
  if (warnings.length > ours.length) console.warn(`(${warnings.length - ours.length} warnings in library sources)`);
  const errors = diagnostics.filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error("solc failed:\n" + errors.map((e) => e.formattedMessage).join("\n"));

  const artifacts = [];
  for (const [sourceName, contracts] of Object.entries(output.contracts)) {
    if (!(sourceName in input.sources)) continue; // OpenZeppelin's own files
    for (const [contractName, c] of Object.entries(contracts)) {
      const isInterface = sourceName.startsWith("interfaces/");
      // One contract per implementation file, named after it; the interfaces folder holds the I*.
      if (!isInterface && sourceName !== contractName + ".sol") continue;
      const runtime = c.evm.deployedBytecode.object;
      if (runtime.length / 2 > MAX_RUNTIME_BYTES) {
        throw new Error(`${contractName}: runtime code is ${runtime.length / 2} bytes, above EIP-170's ${MAX_RUNTIME_BYTES}`);
      }
      artifacts.push({
        file: (isInterface ? "interfaces/" : "") + contractName + ".json",
        artifact: { contractName, sourceName, abi: c.abi, bytecode: "0x" + c.evm.bytecode.object, deployedBytecode: "0x" + runtime },
      });
    }
  }
  const missing = Object.keys(input.sources).filter((name) => !name.startsWith("interfaces/"))
    .filter((name) => !artifacts.some((a) => a.artifact.sourceName === name));
  if (missing.length > 0) throw new Error("no contract named after its file in " + missing.join(", "));
  return artifacts;
}

function inputHash(input) {
  const compiler = readFileSync(join(here, "node_modules", "solc", "package.json"), "utf8");
  const zeppelin = readFileSync(join(here, "node_modules", "@openzeppelin", "contracts", "package.json"), "utf8");
  return createHash("sha256").update(JSON.stringify(input)).update(compiler).update(zeppelin)
    .update(readFileSync(fileURLToPath(import.meta.url))).digest("hex");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? join(here, "target", "classes", "io", "amchain", "contracts"));
  const input = standardInput();
  const stamp = join(out, ".input-sha256");
  const hash = inputHash(input);
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === hash) {
    console.log("contracts up to date in " + out);
  } else {
    try {
      const artifacts = compile(input);
      mkdirSync(join(out, "interfaces"), { recursive: true });
      for (const { file, artifact } of artifacts) writeFileSync(join(out, file), JSON.stringify(artifact, null, 2) + "\n");
      writeFileSync(stamp, hash);
      console.log(`solc ${solc.version()}: ${artifacts.length} artifacts in ${out}`);
    } catch (e) {
      console.error(e.message);
      process.exit(1);
    }
  }
}
