// Warm eth_call of two ~25M-gas loops against one or more JSON-RPC endpoints, alternating between
// them round by round so that each sees the same machine load:
//   node warm-call.mjs ROUNDS URL[=LABEL] URL[=LABEL] ...
// Each loop runs as the init code of a call without "to" (no deployment needed, so any node that
// answers eth_call takes it as it is); gas used is checked equal on every endpoint with
// eth_estimateGas. Per round and endpoint: 5 warm-up calls, then the median of 15 timed calls.
// The same loops as EvmBenchmarks, counting 500,000 (arithmetic) and 300,000 (keccak) instead of 10,000 (PUSH3, JUMPDEST at 4).
const LOOPS = {
  "arithmetic loop": "0x6207a1205b6001900380600302600790065080600457" + "00",
  "keccak loop": "0x620493e05b60405f205f526001900380600457" + "00",
};
const GAS = "0x1c9c380"; // 30M: anvil's default block gas limit, under AMChain's 50M eth_call cap

async function rpc(url, method, params) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = await response.json();
  if (body.error) throw new Error(`${url} ${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

const [rounds, ...targets] = process.argv.slice(2);
if (!rounds || targets.length === 0) {
  console.error("usage: node warm-call.mjs ROUNDS URL[=LABEL] ...");
  process.exit(2);
}
const endpoints = targets.map((target) => {
  const [url, label] = target.split("=");
  return { url, label: label ?? url };
});
const call = (code) => ({ from: "0x00000000000000000000000000000000000000aa", data: code, gas: GAS });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

for (const [name, code] of Object.entries(LOOPS)) {
  const gas = [];
  for (const { url, label } of endpoints) {
    gas.push(`${label} ${Number(await rpc(url, "eth_estimateGas", [call(code)]))}`);
  }
  console.log(`[warm-call] ${name}: estimated gas ${gas.join(", ")}`);
  const results = Object.fromEntries(endpoints.map(({ label }) => [label, []]));
  for (let round = 0; round < Number(rounds); round++) {
    for (const { url, label } of endpoints) {
      for (let i = 0; i < 5; i++) await rpc(url, "eth_call", [call(code), "latest"]);
      const times = [];
      for (let i = 0; i < 15; i++) {
        const start = process.hrtime.bigint();
        await rpc(url, "eth_call", [call(code), "latest"]);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      results[label].push(median(times));
    }
  }
  for (const [label, medians] of Object.entries(results)) {
    console.log(
      `[warm-call] ${name} on ${label}: median of 15 per round ${medians.map((m) => m.toFixed(1)).join(", ")} ms`,
    );
  }
}
