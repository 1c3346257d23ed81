// A debugging smoke run of the platform contracts: deploys the eight in the conventions' order
// (addresses predicted from the deployer's nonce), walks one job from postJob to withdraw and one
// dispute to a ruling, checks the Escrow's conservation after every transaction and each credit
// to the wei, and prints the gas of every action.
// Usage: node scripts/smoke.mjs [RPC_URL]   (without a URL it starts anvil on 127.0.0.1:9245,
// port offset 700 of the contracts helper, and stops it at the end)
// The full suites (both backends, every rule) live in the platform-tests module.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { ethers } from "ethers";

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, "..", "target", "classes", "io", "amchain", "contracts");
const MNEMONIC = "test test test test test test test test test test test junk"; // anvil's default
const PORT = 8545 + 700;

const load = (name) => JSON.parse(readFileSync(join(artifacts, name + ".json"), "utf8"));
const gas = [];

async function startAnvil() {
  const anvil = spawn(join(here, "..", "node_modules", ".bin", "anvil"),
    ["--port", String(PORT), "--chain-id", "1337", "--hardfork", "cancun", "--host", "127.0.0.1", "--silent"],
    { stdio: "ignore", detached: true });
  const url = `http://127.0.0.1:${PORT}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      await fetch(url, { method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }) });
      return { url, stop: () => process.kill(-anvil.pid) };
    } catch {
      if (Date.now() > deadline) throw new Error("anvil did not answer on " + url);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function main() {
  const given = process.argv[2];
  const node = given ? { url: given, stop: () => {} } : await startAnvil();
  try {
    // cacheTimeout -1: identical reads within 250 ms would otherwise be answered from a cache.
    await run(new ethers.JsonRpcProvider(node.url, undefined, { cacheTimeout: -1 }));
  } finally {
    node.stop();
  }
}

async function run(provider) {
  const wallets = Array.from({ length: 10 }, (_, i) =>
    ethers.HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`).connect(provider));
  const [deployer, miner1, miner2, prov, arb1, arb2, arb3, customer, designer, arb4] = wallets;
  const managed = new Map(wallets.map((w) => [w.address, new ethers.NonceManager(w)]));
  const as = (contract, wallet) => contract.connect(managed.get(wallet.address));
  const errorsFrom = new ethers.Interface(["MemberRegistry", "DesignRegistry", "JobMarket", "Escrow",
    "TelemetryOracle", "Arbitration", "Reputation", "PartPassport"].flatMap((n) => load(n).abi.filter((e) => e.type === "error"))
    .filter((e, i, all) => all.findIndex((o) => JSON.stringify(o) === JSON.stringify(e)) === i));

  let escrow;
  async function send(label, txPromise) {
    const receipt = await (await txPromise).wait();
    gas.push([label, Number(receipt.gasUsed)]);
    if (escrow) await checkConservation(label);
    return receipt;
  }
  // Expected failures are eth_calls (staticCall): a refused send would leave a gap in the nonces.
  async function expectRevert(name, callPromise) {
    try {
      await callPromise;
    } catch (e) {
      const data = e.data ?? e.info?.error?.data ?? e.error?.data;
      const parsed = data ? errorsFrom.parseError(data) : null;
      assert.equal(parsed?.name ?? e.revert?.name ?? e.shortMessage, name);
      return;
    }
    assert.fail("expected revert " + name);
  }
  async function checkConservation(label) {
    const [bal, h, c, d, w] = await Promise.all([provider.getBalance(escrow.target), escrow.totalHeld(),
      escrow.totalCredits(), escrow.totalDeposits(), escrow.totalWithdrawn()]);
    assert.equal(bal, h + c, "balance == held + credits after " + label);
    assert.equal(d, h + c + w, "deposits == held + credits + withdrawn after " + label);
  }

  // ---- deployment, in the conventions' order ----
  const n = await provider.getTransactionCount(deployer.address);
  const at = (k) => ethers.getCreateAddress({ from: deployer.address, nonce: n + k });
  const A = { MemberRegistry: at(0), DesignRegistry: at(1), Escrow: at(2), TelemetryOracle: at(3),
    Reputation: at(4), PartPassport: at(5), JobMarket: at(6), Arbitration: at(7) };
  const MINER = 3, PROVIDER = 2, ARBITER = 4;
  const founders = [deployer, miner1, miner2].map((w) => ({ account: w.address, role: MINER, signer: w.address }));
  const periods = { proposal: 3600, voting: 600, confirmation: 600 };
  const args = {
    MemberRegistry: [founders, periods.proposal],
    DesignRegistry: [A.MemberRegistry],
    Escrow: [A.MemberRegistry, deployer.address, deployer.address, deployer.address, 100, 100, 50],
    TelemetryOracle: [A.MemberRegistry, A.JobMarket],
    Reputation: [A.JobMarket, A.Arbitration],
    PartPassport: [A.JobMarket],
    JobMarket: [A.MemberRegistry, A.DesignRegistry, A.Escrow, A.Reputation, A.PartPassport, A.TelemetryOracle,
      A.Arbitration, periods.confirmation],
    Arbitration: [A.MemberRegistry, A.JobMarket, A.Escrow, A.Reputation, periods.voting],
  };
  const c = {};
  const deployerSigner = managed.get(deployer.address);
  for (const name of Object.keys(args)) {
    const { abi, bytecode } = load(name);
    const contract = await new ethers.ContractFactory(abi, bytecode, deployerSigner).deploy(...args[name]);
    const receipt = await contract.deploymentTransaction().wait();
    assert.equal(await contract.getAddress(), A[name], name + " at its predicted address");
    console.log(`deploy ${name.padEnd(16)} ${A[name]} gas ${receipt.gasUsed}`);
    c[name] = contract;
  }
  await send("wireJobMarket", c.DesignRegistry.wireJobMarket(A.JobMarket));
  await send("wire", c.Escrow.wire(A.JobMarket, A.Arbitration));
  await expectRevert("AlreadyWired", as(c.Escrow, deployer).wire.staticCall(A.JobMarket, A.Arbitration));
  escrow = c.Escrow;
  const reg = c.MemberRegistry, jobs = c.JobMarket;

  // ---- membership by vote ----
  async function admit(wallet, role, label) {
    const r = await send(`applyFor(${label})`, as(reg, wallet).applyFor(role, ethers.id(label), ethers.ZeroAddress));
    await voteThrough(reg.interface.parseLog(r.logs[0]).args.proposalId);
    assert.equal(await reg.isMember(wallet.address, role), true);
  }
  // Votes yes, voter after voter, until the proposal executes (2 * yes > voters).
  async function voteThrough(id) {
    for (const voter of [deployer, miner1, miner2, prov]) {
      const receipt = await (await as(reg, voter).vote(id, true)).wait();
      const executed = receipt.logs.some((l) => l.address === reg.target && reg.interface.parseLog(l)?.name === "ProposalExecuted");
      gas.push([executed ? "vote (passing, executes)" : "vote", Number(receipt.gasUsed)]);
      if (executed) return;
    }
    assert.fail("proposal " + id + " did not pass");
  }
  await admit(prov, PROVIDER, "provider");
  for (const [i, a] of [arb1, arb2, arb3, arb4].entries()) await admit(a, ARBITER, "arbiter" + i);
  assert.equal((await reg.votingMembers()).length, 4);
  await send("registerCustomer", as(reg, customer).registerCustomer(ethers.id("customer")));
  await send("registerCustomer", as(reg, designer).registerCustomer(ethers.id("designer")));

  // ---- a design with a 5 % royalty, access for the provider ----
  await send("register design", as(c.DesignRegistry, designer).register(ethers.id("design.stl"), "bafy-encrypted",
    ethers.id("licence"), 100, 500));
  const now = async () => (await provider.getBlock("latest")).timestamp;
  await send("grantAccess", as(c.DesignRegistry, designer).grantAccess(1, 0, prov.address, (await now()) + 86400, ethers.id("key")));

  // ---- job 1: post → quote → award → fund → production with telemetry → ship → confirm → withdraw ----
  const price = ethers.parseEther("1") + 7n; // 7 wei of dust through the rounding
  await send("postJob", as(jobs, customer).postJob(1, ethers.id("spec"), "Ti-6Al-4V", 4, (await now()) + 3600,
    (await now()) + 7200, ethers.parseEther("2")));
  await send("submitQuote", as(jobs, prov).submitQuote(1, price, 3600, [3000, 3000, 4000]));
  await send("award", as(jobs, customer).award(1, 1));
  await expectRevert("WrongAmount", as(jobs, customer).fund.staticCall(1, { value: price - 1n }));
  await send("fund", as(jobs, customer).fund(1, { value: price }));
  await send("startProduction", as(jobs, prov).startProduction(1));

  const machine = ethers.Wallet.createRandom();
  await send("registerDevice", as(c.TelemetryOracle, prov).registerDevice(machine.address, ethers.id("printer-7")));
  const domain = { name: "AMChainTelemetry", version: "1", chainId: (await provider.getNetwork()).chainId,
    verifyingContract: A.TelemetryOracle };
  const types = { TelemetryDigest: [
    { name: "jobId", type: "uint256" }, { name: "milestone", type: "uint256" }, { name: "merkleRoot", type: "bytes32" },
    { name: "windowStart", type: "uint64" }, { name: "windowEnd", type: "uint64" }, { name: "readings", type: "uint32" },
    { name: "outOfSpec", type: "uint32" }] };
  const digest = { jobId: 1, milestone: 0, merkleRoot: ethers.id("batch-0"), windowStart: 1000, windowEnd: 2000,
    readings: 600, outOfSpec: 0 };
  const signature = await machine.signTypedData(domain, types, digest);
  assert.equal(await c.TelemetryOracle.hashDigest(digest), ethers.TypedDataEncoder.hash(domain, types, digest));
  await send("submitTelemetry (milestone 0)", as(c.TelemetryOracle, deployer).submitTelemetry(digest, signature));
  const digest1 = { ...digest, milestone: 1, merkleRoot: ethers.id("batch-1"), windowStart: 2000, windowEnd: 3000 };
  await send("submitTelemetry (milestone 1)", as(c.TelemetryOracle, deployer).submitTelemetry(digest1, await machine.signTypedData(domain, types, digest1)));
  await expectRevert("DigestAlreadyUsed", as(c.TelemetryOracle, deployer).submitTelemetry.staticCall(digest, signature));
  await expectRevert("InvalidSignature", as(c.TelemetryOracle, deployer).submitTelemetry.staticCall({ ...digest, readings: 601 }, "0x"));
  await send("submitMilestone (milestone 1)", as(jobs, prov).submitMilestone(1, 1, ethers.id("photos")));
  await send("approveMilestone 0", as(jobs, customer).approveMilestone(1, 0));
  await send("approveMilestone 1", as(jobs, customer).approveMilestone(1, 1));
  await send("ship", as(jobs, prov).ship(1, ethers.id("tracking"), ethers.id("qa-report")));
  await send("confirmDelivery", as(jobs, customer).confirmDelivery(1));
  await send("rate", as(c.Reputation, customer).rate(1, 5, ethers.id("great")));

  // Every credit to the wei: tranches 30 %, 30 %, final = the rest; each split royalty 5 %,
  // treasury 1 % + miner pool 1 % + arbitration pool 0.5 % (all the deployer), provider the rest.
  const split = (a) => { const r = a * 500n / 10000n, t = a * 100n / 10000n, m = a * 100n / 10000n,
    p = a * 50n / 10000n; return { royalty: r, fees: t + m + p, provider: a - r - t - m - p }; };
  const t0 = price * 3000n / 10000n, t1 = price * 3000n / 10000n, last = price - t0 - t1;
  const parts = [t0, t1, last].map(split);
  const sum = (k) => parts.reduce((s, p) => s + p[k], 0n);
  assert.equal(await escrow.credit(prov.address), sum("provider"));
  assert.equal(await escrow.credit(designer.address), sum("royalty"));
  assert.equal(await escrow.credit(deployer.address), sum("fees"));
  assert.equal(sum("provider") + sum("royalty") + sum("fees"), price);
  assert.equal(await escrow.held(1), 0n);
  console.log(`job 1: price ${price} wei -> provider ${sum("provider")}, royalty ${sum("royalty")}, fees ${sum("fees")}`);
  const passport = await c.PartPassport.passport(1);
  assert.equal(await c.PartPassport.ownerOf(1), customer.address);
  assert.deepEqual([...passport.telemetryRoots], [ethers.id("batch-0"), ethers.id("batch-1")]);
  assert.equal(passport.designSha256, ethers.id("design.stl"));

  await send("withdraw (provider)", as(escrow, prov).withdraw());
  await send("withdraw (designer)", as(escrow, designer).withdraw());
  await expectRevert("NothingToWithdraw", as(escrow, prov).withdraw.staticCall());

  // ---- pause by a Call proposal: withdraw stops, then resumes ----
  const pauseCall = escrow.interface.encodeFunctionData("pause");
  const r = await send("proposeCall(pause)", as(reg, deployer).proposeCall(A.Escrow, pauseCall));
  await voteThrough(reg.interface.parseLog(r.logs[0]).args.proposalId);
  assert.equal(await escrow.paused(), true);
  await expectRevert("EnforcedPause", as(escrow, deployer).withdraw.staticCall());
  const r2 = await send("proposeCall(unpause)", as(reg, miner2).proposeCall(A.Escrow, escrow.interface.encodeFunctionData("unpause")));
  await voteThrough(reg.interface.parseLog(r2.logs[0]).args.proposalId);
  await send("withdraw (treasury)", as(escrow, deployer).withdraw());

  // ---- job 2: funded, in production, disputed, ruled by the median of three ----
  const price2 = ethers.parseEther("0.5");
  await send("postJob", as(jobs, customer).postJob(1, ethers.id("spec2"), "PA12", 1, (await now()) + 3600,
    (await now()) + 7200, price2));
  await send("submitQuote", as(jobs, prov).submitQuote(2, price2, 600, [10000]));
  await send("award", as(jobs, customer).award(2, 2));
  await send("fund", as(jobs, customer).fund(2, { value: price2 }));
  await send("startProduction", as(jobs, prov).startProduction(2));
  const od = await send("openDispute", as(c.Arbitration, customer).openDispute(2, ethers.id("cracked")));
  const opened = c.Arbitration.interface.parseLog(od.logs.find((l) => l.address === A.Arbitration)).args;
  const panel = [...opened.panel];
  const eligible = [arb1, arb2, arb3, arb4].map((w) => w.address).sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
  const s = BigInt(ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint256"], [2]))) % 4n;
  assert.deepEqual(panel, [0n, 1n, 2n].map((i) => eligible[Number((s + i) % 4n)]));
  const byAddress = new Map(wallets.map((w) => [w.address, w]));
  const shares = [6000, 7000, 2000];
  for (const [i, member] of panel.entries()) {
    await send(i < 2 ? "arbiter vote" : "arbiter vote (third, rules)", as(c.Arbitration, byAddress.get(member)).vote(1, shares[i]));
  }
  assert.equal((await jobs.job(2)).state, 11n); // Resolved
  const providerSide = price2 * 6000n / 10000n;
  const ruled = split(providerSide);
  assert.equal(await escrow.credit(prov.address), ruled.provider);
  assert.equal(await escrow.credit(customer.address), price2 - providerSide);
  console.log(`job 2: ruling 6000 bps of ${price2} -> provider ${ruled.provider}, customer ${price2 - providerSide}`);
  await send("withdraw (customer)", as(escrow, customer).withdraw());
  console.log("score(provider) =", (await c.Reputation.score(prov.address)).toString());

  console.log("\ngas per action");
  for (const [label, used] of gas) console.log(`  ${label.padEnd(34)} ${String(used).padStart(7)}${used >= 250_000 ? "  OVER 250k" : ""}`);
  const over = gas.filter(([l, g]) => g >= 250_000 && !l.startsWith("wire"));
  assert.equal(over.length, 0, "actions at or over 250k gas: " + over.map((o) => o[0]).join(", "));
  console.log("smoke passed");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
