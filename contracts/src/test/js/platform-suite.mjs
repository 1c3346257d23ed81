// The platform's contract suite, run the same way against any Ethereum JSON-RPC endpoint (anvil,
// an AMChain devnet): plain transactions signed by ethers wallets, custom errors decoded by name
// from the artifacts' ABIs, Escrow conservation checked at the block of every transaction.
//
//   node src/test/js/platform-suite.mjs deploy-args
//       prints the `amchain platform deploy` options this suite needs (founders, fee receivers,
//       short periods), one per line
//   node src/test/js/platform-suite.mjs RPC_URL MANIFEST SUMMARY_FILE
//       runs the cases against a platform deployed with those options and writes the summary:
//       each case, pass or fail, and the gas of each of its transactions, in a fixed order, so two
//       backends' summaries can be compared line by line
//
// Why the summary is the same on every backend although cases run concurrently: every account
// is derived from a fixed label, every value that reaches calldata is fixed or (timestamps,
// telemetry signatures over job ids) chosen to hold no zero byte, ids stay below 256, and the
// setup case makes every shared storage word (Escrow totals, fee receivers' credits, the id
// counters) non-zero before the cases start, so no case pays another's first write.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ethers } from "ethers";
import solc from "solc";

const here = dirname(fileURLToPath(import.meta.url));
const contractsDir = join(here, "..", "..", "..");
const artifactsDir = join(contractsDir, "target", "classes", "io", "amchain", "contracts");
const MNEMONIC = "test test test test test test test test test test test junk";
const GAS_CEILING = 250_000n;
const TX_GAS_LIMIT = 1_500_000n; // explicit: concurrent votes must not run on a stale estimate
export const PERIODS = { proposal: 30, voting: 20, confirmation: 15 };

const Role = { None: 0, CUSTOMER: 1, PROVIDER: 2, MINER: 3, ARBITER: 4 };
const S = { None: 0, Open: 1, Awarded: 2, Funded: 3, InProduction: 4, Shipped: 5, Delivered: 6, Completed: 7,
  Cancelled: 8, Expired: 9, Disputed: 10, Resolved: 11 };
const STATE_NAME = Object.fromEntries(Object.entries(S).map(([k, v]) => [v, k]));

// ---------------------------------------------------------------- accounts and founders

const devWallet = (i) => ethers.HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`);
const labelled = (label) => new ethers.Wallet(ethers.id("amchain-platform-suite/" + label));

/** Cases that walk a job: each has its own customer and provider, founders of the platform. */
const JOB_CASES = ["job to payout", "quote rules", "cancel", "job expiry", "customer timeout", "provider timeout",
  "quote deadline", "telemetry digests", "reentrant withdraw", "reverting payee", "dispute median",
  "dispute default two votes", "dispute default one vote"];
/** Founding ARBITERs; the worst-case case admits one more, the 16th (MemberRegistry.MAX_ARBITERS). */
const ARBITERS = 15;
const MAX_ARBITERS = 16;
/** The worst-case case's jobs: a provider and a customer never credited before, one milestone each. */
const FIRST_CREDIT_JOBS = ["worst cases/confirm", "worst cases/claim"];

/** The founders as [label, role]: a label names a suite key, "dev:i" a development account. */
function founderPlan() {
  const f = [0, 1, 2].map((i) => ["dev:" + i, "MINER"]);
  f.push(["ballast/provider", "PROVIDER"], ["ballast/customer", "CUSTOMER"]);
  for (const c of JOB_CASES) f.push([c + "/provider", "PROVIDER"], [c + "/customer", "CUSTOMER"]);
  for (const c of [...FIRST_CREDIT_JOBS, "worst cases/dispute"]) f.push([c + "/provider", "PROVIDER"], [c + "/customer", "CUSTOMER"]);
  f.push(["telemetry digests/other provider", "PROVIDER"], ["job to payout/designer", "CUSTOMER"]);
  for (let i = 0; i < ARBITERS; i++) f.push(["arbiter" + i, "ARBITER"]);
  // The panel case: its customer and provider are arbiters themselves.
  f.push(["arbiter0", "CUSTOMER"], ["arbiter1", "PROVIDER"]);
  const voters = f.filter(([, r]) => r === "PROVIDER" || r === "MINER").length;
  if (voters % 2 === 1) f.push(["spare/provider", "PROVIDER"]); // an even count for the 50 % case
  return f;
}
const walletOf = (label) => (label.startsWith("dev:") ? devWallet(Number(label.slice(4))) : labelled(label));
const APPLICANTS = Array.from({ length: 4 }, (_, i) => "membership/applicant" + i);
/** Every account that can be a voting member during the suite, by address. */
const VOTERS = new Map([...founderPlan().filter(([, r]) => r !== "CUSTOMER" && r !== "ARBITER").map(([l]) => l), ...APPLICANTS]
  .map(walletOf).map((w) => [w.address, w]));
const FEE_RECEIVERS = { treasury: labelled("treasury"), minerPool: labelled("miner pool"), arbitrationPool: labelled("arbitration pool") };

function deployArgs() {
  return ["--founders", founderPlan().map(([label, role]) => {
    const a = walletOf(label).address;
    return role === "MINER" ? `${a}:MINER:${a}` : `${a}:${role}`;
  }).join(","),
    "--treasury", FEE_RECEIVERS.treasury.address, "--miner-pool", FEE_RECEIVERS.minerPool.address,
    "--arbitration-pool", FEE_RECEIVERS.arbitrationPool.address,
    "--proposal-period", String(PERIODS.proposal), "--voting-period", String(PERIODS.voting),
    "--confirmation-window", String(PERIODS.confirmation), "--fees", "100,100,50"];
}

if (process.argv[2] === "deploy-args") {
  console.log(deployArgs().join("\n"));
  process.exit(0);
}

// ---------------------------------------------------------------- the chain

const [rpcUrl, manifestFile, summaryFile] = process.argv.slice(2);
if (!rpcUrl || !manifestFile || !summaryFile) {
  console.error("usage: platform-suite.mjs RPC_URL MANIFEST SUMMARY_FILE | deploy-args");
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
// cacheTimeout -1: reads must see the latest block; 250 ms polling finds receipts of 1 s blocks quickly.
const provider = new ethers.JsonRpcProvider(rpcUrl, undefined, { cacheTimeout: -1, pollingInterval: 250 });
const artifact = (name) => JSON.parse(readFileSync(join(artifactsDir, name + ".json"), "utf8"));
const NAMES = ["MemberRegistry", "DesignRegistry", "JobMarket", "Escrow", "TelemetryOracle", "Arbitration", "Reputation", "PartPassport"];
const C = Object.fromEntries(NAMES.map((n) => [n, new ethers.Contract(manifest.contracts[n], artifact(n).abi, provider)]));
const reg = C.MemberRegistry, designs = C.DesignRegistry, jobs = C.JobMarket, escrow = C.Escrow,
  oracle = C.TelemetryOracle, arbitration = C.Arbitration, reputation = C.Reputation, passport = C.PartPassport;

function compilePayee() {
  const source = readFileSync(join(contractsDir, "src", "test", "solidity", "TestPayee.sol"), "utf8");
  const out = JSON.parse(solc.compile(JSON.stringify({ language: "Solidity", sources: { "TestPayee.sol": { content: source } },
    settings: { evmVersion: "cancun", optimizer: { enabled: true, runs: 200 },
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } } } })));
  const errors = (out.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  const c = out.contracts["TestPayee.sol"].TestPayee;
  return { abi: c.abi, bytecode: "0x" + c.evm.bytecode.object };
}
const PAYEE = compilePayee();

const allErrors = new ethers.Interface([...NAMES.map((n) => artifact(n).abi), PAYEE.abi].flat()
  .filter((e) => e.type === "error")
  .filter((e, i, all) => all.findIndex((o) => JSON.stringify(o) === JSON.stringify(e)) === i));

/** One NonceManager per address: cases share founders (arbiters, voters) and send concurrently. */
const signers = new Map();
function signer(wallet) {
  if (!signers.has(wallet.address)) signers.set(wallet.address, new ethers.NonceManager(wallet.connect(provider)));
  return signers.get(wallet.address);
}

const chainTime = async () => (await provider.getBlock("latest")).timestamp;
/** Waits until the latest block is at or past `t` (both chains seal a block every second). */
async function waitChainTime(t) {
  while ((await chainTime()) < t) await new Promise((r) => setTimeout(r, 250));
}
/** A timestamp at or after `t` with no zero byte: calldata costs the same on every backend. */
function noZeroBytes(t) {
  const ok = (v) => { for (let x = BigInt(v); x > 0n; x >>= 8n) if ((x & 0xffn) === 0n) return false; return true; };
  while (!ok(t)) t++;
  return t;
}
const zeroFreeHex = (hex) => !/^(?:..)*00/.test(hex.slice(2));

function errorOf(e) {
  const data = e?.data ?? e?.info?.error?.data ?? e?.error?.data;
  if (typeof data === "string" && data.length >= 10) {
    try { return allErrors.parseError(data); } catch { return { name: "unknown " + data.slice(0, 10), args: [] }; }
  }
  return null;
}

// ---------------------------------------------------------------- cases and their records

const results = new Map(); // case -> { ok, message, gas: [[label, gas]] }

class Case {
  constructor(name) {
    this.name = name;
    this.gas = [];
    this.creditedByJob = new Map(); // jobId -> wei credited for it (Credited events)
    this.depositedByJob = new Map();
  }
  w(label) { return labelled(this.name + "/" + label); }

  /** Sends one transaction, waits for it, records its gas, checks conservation at its block. */
  async send(label, contract, from, method, args = [], overrides = {}) {
    const receipt = await this.#mine(contract, from, method, args, overrides);
    this.#record(label, receipt);
    await this.afterStep(label, receipt);
    return receipt;
  }

  /** Sends transactions at once (one block on a chain that seals every second); records their gas sorted under one label. */
  async sendAll(label, calls) {
    const receipts = await Promise.all(calls.map(([contract, from, method, args, overrides]) =>
      this.#mine(contract, from, method, args ?? [], overrides ?? {})));
    const values = receipts.map((r) => r.gasUsed).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.gas.push([`${label} x${values.length}`, values.join(" ")]);
    for (const r of receipts) this.#check(label, r);
    for (const r of receipts) await this.afterStep(label, r);
    return receipts;
  }

  async #mine(contract, from, method, args, overrides) {
    const c = contract.connect(signer(from));
    let receipt;
    try {
      const tx = await c[method](...args, { gasLimit: TX_GAS_LIMIT, ...overrides });
      receipt = await tx.wait();
    } catch (e) {
      // Ask the node why: the same call against the current state.
      let why = "";
      try { await c[method].staticCall(...args, overrides); } catch (e2) { const p = errorOf(e2); why = p ? ` (${p.name}${fmtArgs(p.args)})` : ""; }
      throw new Error(`${method} by ${from.address} failed${why}: ${e.shortMessage ?? e.message}`);
    }
    return receipt;
  }

  #record(label, receipt) {
    this.gas.push([label, String(receipt.gasUsed)]);
    this.#check(label, receipt);
  }

  #check(label, receipt) {
    assert.ok(receipt.gasUsed < GAS_CEILING, `${label}: ${receipt.gasUsed} gas, at or above ${GAS_CEILING}`);
  }

  /** Conservation at the transaction's block: the whole Escrow, and each of this case's jobs. */
  async afterStep(label, receipt) {
    for (const log of receipt.logs) {
      if (log.address !== escrow.target) continue;
      const parsed = escrow.interface.parseLog(log);
      if (parsed?.name === "Credited") add(this.creditedByJob, parsed.args.jobId, parsed.args.amount);
      if (parsed?.name === "Deposited") add(this.depositedByJob, parsed.args.jobId, parsed.args.amount);
    }
    const blockTag = receipt.blockNumber;
    const [balance, held, credits, deposits, withdrawn] = await Promise.all([provider.getBalance(escrow.target, blockTag),
      escrow.totalHeld({ blockTag }), escrow.totalCredits({ blockTag }), escrow.totalDeposits({ blockTag }),
      escrow.totalWithdrawn({ blockTag })]);
    assert.equal(balance, held + credits, `after ${label}: Escrow balance == totalHeld + totalCredits`);
    assert.equal(deposits, held + credits + withdrawn, `after ${label}: deposits == held + credits + withdrawn`);
    for (const [jobId, deposited] of this.depositedByJob) {
      const h = await escrow.held(jobId, { blockTag });
      assert.equal(h + (this.creditedByJob.get(jobId) ?? 0n), deposited, `after ${label}: job ${jobId} held + credited == deposited`);
    }
  }

  /**
   * Runs parts of the case concurrently, each with its own record; their gas is appended in the
   * order given, so the summary does not depend on which part's transactions were mined first.
   */
  async parallel(parts) {
    const subs = parts.map(() => new Case(this.name));
    const values = await Promise.all(parts.map(([, body], i) => body(subs[i])));
    subs.forEach((sub, i) => { for (const [label, gas] of sub.gas) this.gas.push([`${parts[i][0]}: ${label}`, gas]); });
    return values;
  }

  /** The call must revert with the custom error `name` (and these arguments, when given). */
  async reverts(name, contract, from, method, args = [], overrides = {}, expectedArgs) {
    let err;
    try {
      await contract.connect(signer(from))[method].staticCall(...args, overrides);
    } catch (e) {
      err = e;
    }
    assert.ok(err, `${method} should revert ${name}`);
    const parsed = errorOf(err);
    assert.equal(parsed?.name ?? err.shortMessage, name, `${method}: ${err.shortMessage}`);
    if (expectedArgs) assert.deepEqual([...parsed.args].map(norm), expectedArgs.map(norm), `${method} ${name} arguments`);
    return parsed;
  }
}
const add = (map, k, v) => map.set(k, (map.get(k) ?? 0n) + v);
const norm = (v) => (typeof v === "bigint" || typeof v === "number" ? BigInt(v) : typeof v === "string" ? v.toLowerCase() : v);
const fmtArgs = (args) => "(" + [...args].map(String).join(", ") + ")";

function runCase(name, body) {
  return async () => {
    const c = new Case(name);
    try {
      await body(c);
      results.set(name, { ok: true, gas: c.gas });
    } catch (e) {
      results.set(name, { ok: false, message: e.message, gas: c.gas });
      throw e;
    }
  };
}

function eventsOf(receipt, contract, name) {
  return receipt.logs.filter((l) => l.address === contract.target).map((l) => contract.interface.parseLog(l))
    .filter((p) => p?.name === name);
}

// ---------------------------------------------------------------- funding

const funders = [3, 4, 5, 6, 7, 8, 9].map(devWallet);
let nextFunder = 0;
/** Sends each wallet 50 ether from the development accounts and waits until all arrive. */
async function fundAccounts(wallets) {
  const sent = await Promise.all(wallets.map((w) =>
    signer(funders[nextFunder++ % funders.length]).sendTransaction({ to: w.address, value: ethers.parseEther("50"), gasLimit: 21000n })));
  await Promise.all(sent.map((t) => t.wait()));
}

// ---------------------------------------------------------------- job helpers

const FEES = { treasury: 100n, miners: 100n, arbiters: 50n };
function split(a, royaltyBps) {
  const royalty = a * royaltyBps / 10000n, treasury = a * FEES.treasury / 10000n, miners = a * FEES.miners / 10000n,
    arbiters = a * FEES.arbiters / 10000n;
  return { royalty, treasury, miners, arbiters, provider: a - royalty - treasury - miners - arbiters };
}

/** A design owned by `owner`; `label` is unique in the case (the design's hash comes from it). */
async function registerDesign(c, owner, label, royaltyBps, quota = 100) {
  const r = await c.send("DesignRegistry.register", designs, owner, "register",
    [ethers.id(c.name + "/" + label), "bafy-design", ethers.id("licence"), quota, royaltyBps]);
  return eventsOf(r, designs, "DesignRegistered")[0].args.designId;
}

/** Posts a job for design `designId` and returns its id; deadlines are seconds from now. */
async function postJob(c, customer, designId, { quoteIn = 3600, deliverIn = 7200, budget = ethers.parseEther("2"), quantity = 1 } = {}) {
  const now = await chainTime();
  const r = await c.send("postJob", jobs, customer, "postJob",
    [designId, ethers.id(c.name + "/spec"), "PA12", quantity, noZeroBytes(now + quoteIn), noZeroBytes(now + deliverIn), budget]);
  return eventsOf(r, jobs, "JobPosted")[0].args.jobId;
}

async function quote(c, prov, jobId, price, bps, label = "submitQuote") {
  const r = await c.send(label, jobs, prov, "submitQuote", [jobId, price, 3600, bps]);
  return eventsOf(r, jobs, "QuoteSubmitted")[0].args.quoteId;
}

async function expectState(jobId, state) {
  const j = await jobs.job(jobId);
  assert.equal(STATE_NAME[Number(j.state)], STATE_NAME[state], `job ${jobId} state`);
}

/** A job walked to `until` (Awarded, Funded or InProduction), with the provider granted access to a design of the customer. */
async function jobUntil(c, { customer, prov, until, price, bps = [10000], royaltyBps = 0, deliverIn = 7200, quoteIn = 3600, tag = "job" }) {
  const owner = customer;
  const designId = await registerDesign(c, owner, tag + " design", royaltyBps);
  const now = await chainTime();
  await c.send("grantAccess", designs, owner, "grantAccess", [designId, 0, prov.address, noZeroBytes(now + 86400), ethers.id("key")]);
  const jobId = await postJob(c, customer, designId, { deliverIn, quoteIn });
  const quoteId = await quote(c, prov, jobId, price, bps);
  const job = { id: jobId, quoteId, price, designId, customer, prov, awarded: false };
  if (until === S.Open) return job;
  await c.send("award", jobs, customer, "award", [jobId, quoteId]);
  job.awarded = true;
  if (until === S.Awarded) return job;
  await c.send("fund", jobs, customer, "fund", [jobId], { value: price });
  if (until === S.Funded) return job;
  await c.send("startProduction", jobs, prov, "startProduction", [jobId]);
  return job;
}

/**
 * Every action the job's state forbids is refused, with the error its check order gives:
 * WrongState(jobId, state) for the state-gated ones; NotJobProvider for a provider action before
 * an award (no provider yet); DisputeNotAllowed / AlreadyDisputed for openDispute.
 */
async function checkForbidden(c, job, state, stranger) {
  const id = job.id;
  const ws = (allowed) => (allowed.includes(state) ? null : ["WrongState", [id, state]]);
  const provAction = (allowed) => (allowed.includes(state) ? null
    : job.awarded ? ["WrongState", [id, state]] : ["NotJobProvider", [id, job.prov.address]]);
  const actions = [
    ["submitQuote", jobs, job.prov, [id, 1n, 60, [10000]], {}, ws([S.Open])],
    ["award", jobs, job.customer, [id, job.quoteId], {}, ws([S.Open])],
    ["fund", jobs, job.customer, [id], { value: job.awarded ? job.price : 0n }, ws([S.Awarded])],
    ["startProduction", jobs, job.prov, [id], {}, provAction([S.Funded])],
    ["submitMilestone", jobs, job.prov, [id, 0, ethers.id("evidence")], {}, provAction([S.InProduction])],
    ["approveMilestone", jobs, job.customer, [id, 0], {}, ws([S.InProduction, S.Shipped])],
    ["ship", jobs, job.prov, [id, ethers.id("t"), ethers.id("q")], {}, provAction([S.InProduction])],
    ["confirmDelivery", jobs, job.customer, [id], {}, ws([S.Shipped])],
    ["claimAfterWindow", jobs, job.prov, [id], {}, provAction([S.Shipped])],
    ["cancel", jobs, job.customer, [id], {}, ws([S.Open, S.Awarded])],
    ["expire", jobs, stranger, [id], {}, ws([S.Open, S.Awarded])],
    ["reclaim", jobs, job.customer, [id], {}, ws([S.Funded, S.InProduction])],
    ["openDispute", arbitration, job.customer, [id, ethers.id("why")], {},
      [S.Funded, S.InProduction, S.Shipped].includes(state) ? null
        : [S.Disputed, S.Resolved].includes(state) ? ["AlreadyDisputed", [id]] : ["DisputeNotAllowed", [id]]],
  ].filter((a) => a[5] !== null);
  await Promise.all(actions.map(([method, contract, from, args, overrides, [error, errorArgs]]) =>
    c.reverts(error, contract, from, method, args, overrides, errorArgs)));
  await expectState(id, state);
  c.gas.push([`forbidden in ${STATE_NAME[state]}: ${actions.map((a) => a[0]).join(" ")}`, "refused"]);
}

/** The EIP-712 telemetry digest types of the spec. */
const DIGEST_TYPES = { TelemetryDigest: [
  { name: "jobId", type: "uint256" }, { name: "milestone", type: "uint256" }, { name: "merkleRoot", type: "bytes32" },
  { name: "windowStart", type: "uint64" }, { name: "windowEnd", type: "uint64" }, { name: "readings", type: "uint32" },
  { name: "outOfSpec", type: "uint32" }] };
const domain = async () => ({ name: "AMChainTelemetry", version: "1", chainId: (await provider.getNetwork()).chainId,
  verifyingContract: oracle.target });
const digestFor = (c, jobId, milestone, k) => ({ jobId, milestone, merkleRoot: ethers.id(`${c.name}/batch-${k}`),
  windowStart: 1000 + 1000 * k + 1, windowEnd: 2000 + 1000 * k + 1, readings: 600, outOfSpec: k === 1 ? 2 : 0 });
/**
 * A device key whose address and whose signatures of `digests` hold no zero byte: a signature
 * covers the job id, which differs between backends, and a zero byte costs 12 gas less.
 */
async function pickDevice(c, digests) {
  const d = await domain();
  for (let i = 0; ; i++) {
    const device = c.w("device" + i);
    if (!zeroFreeHex(device.address)) continue;
    const signatures = await Promise.all(digests.map((g) => device.signTypedData(d, DIGEST_TYPES, g)));
    if (signatures.every(zeroFreeHex)) return { device, signatures };
  }
}

async function payeeContract(c, owner) {
  const factory = new ethers.ContractFactory(PAYEE.abi, PAYEE.bytecode, signer(owner));
  const payee = await factory.deploy({ gasLimit: TX_GAS_LIMIT });
  const receipt = await payee.deploymentTransaction().wait();
  c.gas.push(["deploy TestPayee (not a user action)", String(receipt.gasUsed)]);
  return payee;
}

// ---------------------------------------------------------------- membership helpers

/** The current voting members as wallets, in address order (every voter's key is the suite's). */
async function currentVoters(exclude = []) {
  const list = [...(await reg.votingMembers())].filter((a) => !exclude.includes(a));
  list.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  return list.map((a) => { const w = VOTERS.get(a); assert.ok(w, "unknown voter " + a); return w; });
}
const idOf = (receipt) => eventsOf(receipt, reg, "ProposalCreated")[0].args.proposalId;
const executed = (receipt) => eventsOf(receipt, reg, "ProposalExecuted").length === 1;

// ================================================================= the cases

test("setup: accounts funded; one job to its first tranche, so shared words are in use", { concurrency: 1 }, runCase("setup", async (c) => {
  const wallets = [...new Set(founderPlan().map(([l]) => l).filter((l) => !l.startsWith("dev:")))].map(walletOf);
  await fundAccounts([...wallets, ...Object.values(FEE_RECEIVERS)]);
  const customer = labelled("ballast/customer"), prov = labelled("ballast/provider");
  const job = await jobUntil(c, { customer, prov, until: S.InProduction, price: 1_000_003n, bps: [5000, 5000], royaltyBps: 100 });
  await c.send("submitMilestone", jobs, prov, "submitMilestone", [job.id, 0, ethers.id("ballast")]);
  await c.send("approveMilestone", jobs, customer, "approveMilestone", [job.id, 0]);
  await c.send("withdraw", escrow, prov, "withdraw");
  // A pending proposal the non-member case votes on; it makes the proposal counter non-zero.
  await fundAccounts([labelled("ballast/applicant")]);
  await c.send("applyFor", reg, labelled("ballast/applicant"), "applyFor", [Role.ARBITER, ethers.id("ballast"), ethers.ZeroAddress]);
  assert.ok((await escrow.totalHeld()) > 0n && (await escrow.totalCredits()) > 0n);
}));

test("cases", { concurrency: true }, async (t) => {
  const cases = [
    ["membership votes", membershipVotes],
    ["proposal expiry", proposalExpiry],
    ["non-members", nonMembers],
    ["job to payout", jobToPayout],
    ["quote rules", quoteRules],
    ["cancel", cancelCase],
    ["job expiry", jobExpiry],
    ["customer timeout", customerTimeout],
    ["provider timeout", providerTimeout],
    ["quote deadline", quoteDeadline],
    ["telemetry digests", telemetryDigests],
    ["reentrant withdraw", reentrantWithdraw],
    ["reverting payee", revertingPayee],
    ["dispute median", disputeMedian],
    ["dispute panel excludes the parties", disputePanel],
    ["dispute default two votes", (c) => disputeDefault(c, 2)],
    ["dispute default one vote", (c) => disputeDefault(c, 1)],
  ];
  await Promise.all(cases.map(([name, body]) => t.test(name, runCase(name, body))));
});

test("pause: a Call proposal pauses and unpauses withdrawals", { concurrency: 1 }, runCase("pause by vote", pauseByVote));

test("worst cases: first credits of every payee, the full committee", { concurrency: 1 }, runCase("worst cases", worstCases));

after(() => {
  const order = ["setup", "membership votes", "proposal expiry", "non-members", "job to payout", "quote rules", "cancel",
    "job expiry", "customer timeout", "provider timeout", "quote deadline", "telemetry digests", "reentrant withdraw",
    "reverting payee", "dispute median", "dispute panel excludes the parties", "dispute default two votes",
    "dispute default one vote", "pause by vote", "worst cases"];
  const lines = [];
  for (const name of order) {
    const r = results.get(name);
    lines.push(`case ${name}: ${r ? (r.ok ? "pass" : "FAIL " + r.message.split("\n")[0]) : "not run"}`);
    for (const [label, gas] of r?.gas ?? []) lines.push(`  ${label}: ${gas}`);
  }
  writeFileSync(summaryFile, lines.join("\n") + "\n");
  console.log(lines.join("\n"));
});

// ---------------------------------------------------------------- membership

async function membershipVotes(c) {
  const applicants = Array.from({ length: 3 }, (_, i) => labelled("membership/applicant" + i));
  await fundAccounts(applicants);
  const [a1, a2] = applicants;

  // Exactly half of the voting members does not pass; one more vote does (and executes).
  let voters = await currentVoters();
  const n = voters.length;
  assert.equal(n % 2, 0, "an even number of voting members");
  const id1 = idOf(await c.send("applyFor PROVIDER", reg, a1, "applyFor", [Role.PROVIDER, ethers.id("a1"), ethers.ZeroAddress]));
  await c.sendAll("vote yes (not passing)", voters.slice(0, n / 2).map((v) => [reg, v, "vote", [id1, true]]));
  let [yes, no, count] = await reg.tally(id1);
  assert.deepEqual([yes, no, count], [BigInt(n / 2), 0n, BigInt(n)]);
  assert.equal((await reg.proposal(id1)).status, 1n, "still Pending at exactly 50 %");
  assert.equal(await reg.isMember(a1.address, Role.PROVIDER), false);
  await c.reverts("NotPassed", reg, a1, "execute", [id1], {}, [id1]);
  await c.send("vote no", reg, voters[n / 2], "vote", [id1, false]);
  await c.reverts("AlreadyVoted", reg, voters[0], "vote", [id1, true], {}, [id1, voters[0].address]);
  const passing = await c.send("vote yes (50 % + 1, executes Admit)", reg, voters[n / 2 + 1], "vote", [id1, true]);
  assert.ok(executed(passing), "the vote that passes executes the proposal");
  assert.equal(await reg.isMember(a1.address, Role.PROVIDER), true);
  assert.equal((await reg.votingMembers()).length, n + 1);
  await c.reverts("ProposalNotPending", reg, voters[n / 2 + 2], "vote", [id1, true], {}, [id1]);

  // A removed member's vote stops counting: a2's proposal has a1's yes, then a1 is removed.
  const id2 = idOf(await c.send("applyFor PROVIDER", reg, a2, "applyFor", [Role.PROVIDER, ethers.id("a2"), ethers.ZeroAddress]));
  await c.send("vote yes (first)", reg, a1, "vote", [id2, true]);
  voters = await currentVoters([a1.address]);
  const idR = idOf(await c.send("propose Remove", reg, voters[0], "propose", [1, a1.address, Role.PROVIDER]));
  const needed = Math.floor((n + 1) / 2) + 1;
  const removal = await c.sendAll("vote yes (Remove, last executes)", voters.slice(0, needed).map((v) => [reg, v, "vote", [idR, true]]));
  assert.equal(removal.filter(executed).length, 1, "exactly one vote executed the removal");
  assert.equal(await reg.memberStatus(a1.address, Role.PROVIDER), 0n);
  assert.equal((await reg.votingMembers()).length, n);
  assert.deepEqual([...(await reg.hasVoted(id2, a1.address))], [true, true], "the stale vote is still recorded");
  assert.equal((await reg.tally(id2))[0], 0n, "but not counted");
  await c.reverts("NotVotingMember", reg, a1, "vote", [id2, false], {}, [a1.address]);
  await c.sendAll("vote yes (not passing)", voters.slice(0, n / 2).map((v) => [reg, v, "vote", [id2, true]]));
  assert.equal((await reg.tally(id2))[0], BigInt(n / 2));
  assert.equal((await reg.proposal(id2)).status, 1n, "half of the current members plus a stale vote does not pass");
  await c.reverts("NotPassed", reg, a2, "execute", [id2], {}, [id2]);
  assert.ok(executed(await c.send("vote yes (executes Admit)", reg, voters[n / 2], "vote", [id2, true])));
  assert.equal(await reg.isMember(a2.address, Role.PROVIDER), true);

  // Suspension takes the vote away, reinstatement gives it back.
  voters = await currentVoters([a2.address]);
  const half = Math.floor((n + 1) / 2) + 1;
  const idS = idOf(await c.send("propose Suspend", reg, voters[0], "propose", [2, a2.address, Role.PROVIDER]));
  await c.sendAll("vote yes (Suspend, last executes)", voters.slice(0, half).map((v) => [reg, v, "vote", [idS, true]]));
  assert.equal(await reg.memberStatus(a2.address, Role.PROVIDER), 2n);
  assert.equal(await reg.isVotingMember(a2.address), false);
  await c.reverts("WrongMemberStatus", reg, voters[0], "propose", [2, a2.address, Role.PROVIDER], {}, [a2.address, Role.PROVIDER, 2]);
  const idI = idOf(await c.send("propose Reinstate", reg, voters[0], "propose", [3, a2.address, Role.PROVIDER]));
  await c.sendAll("vote yes (Reinstate, last executes)", voters.slice(0, n / 2 + 1).map((v) => [reg, v, "vote", [idI, true]]));
  assert.equal(await reg.isVotingMember(a2.address), true);
}

async function proposalExpiry(c) {
  const [e1, voter] = [labelled("membership/applicant3"), devWallet(2)];
  await fundAccounts([e1]);
  const r = await c.send("applyFor ARBITER", reg, e1, "applyFor", [Role.ARBITER, ethers.id("e1"), ethers.ZeroAddress]);
  const id = idOf(r);
  const p = await reg.proposal(id);
  assert.equal(p.deadline - p.createdAt, BigInt(PERIODS.proposal));
  await c.reverts("ProposalNotExpired", reg, e1, "expire", [id], {}, [id]);
  await c.reverts("ApplicationPending", reg, e1, "applyFor", [Role.ARBITER, ethers.id("e1"), ethers.ZeroAddress], {}, [e1.address, Role.ARBITER]);
  await waitChainTime(Number(p.deadline) + 1);
  assert.equal((await reg.proposal(id)).status, 3n, "reads Expired once the deadline passed");
  await c.reverts("ProposalIsExpired", reg, voter, "vote", [id, true], {}, [id]);
  await c.reverts("ProposalIsExpired", reg, e1, "execute", [id], {}, [id]);
  const ex = await c.send("expire (proposal)", reg, e1, "expire", [id]);
  assert.equal(eventsOf(ex, reg, "ProposalExpired").length, 1);
  await c.reverts("ProposalNotPending", reg, e1, "expire", [id], {}, [id]);
  // An expired application does not block a new one.
  await reg.connect(signer(e1)).applyFor.staticCall(Role.ARBITER, ethers.id("e1"), ethers.ZeroAddress);
}

async function nonMembers(c) {
  const stranger = c.w("stranger"), customer = c.w("customer");
  await fundAccounts([stranger, customer]);
  const pending = 1n; // the setup's application, still open
  await c.send("registerCustomer", reg, customer, "registerCustomer", [ethers.id("customer")]);
  for (const w of [stranger, customer, labelled("arbiter2")]) {
    await c.reverts("NotVotingMember", reg, w, "vote", [pending, true], {}, [w.address]);
    await c.reverts("NotVotingMember", reg, w, "propose", [1, devWallet(0).address, Role.MINER], {}, [w.address]);
    await c.reverts("NotVotingMember", reg, w, "proposeCall", [escrow.target, "0x8456cb59"], {}, [w.address]);
  }
  await c.reverts("AlreadyMember", reg, customer, "registerCustomer", [ethers.id("again")], {}, [customer.address, Role.CUSTOMER]);
  await c.reverts("InvalidRole", reg, stranger, "applyFor", [Role.CUSTOMER, ethers.id("x"), ethers.ZeroAddress], {}, [Role.CUSTOMER]);
  await c.reverts("InvalidRole", reg, stranger, "applyFor", [Role.None, ethers.id("x"), ethers.ZeroAddress], {}, [Role.None]);
  await c.reverts("SignerRequired", reg, stranger, "applyFor", [Role.MINER, ethers.id("x"), ethers.ZeroAddress]);
  await c.reverts("SignerInUse", reg, stranger, "applyFor", [Role.MINER, ethers.id("x"), devWallet(1).address], {}, [devWallet(1).address]);
  await c.reverts("UnknownProposal", reg, devWallet(0), "vote", [250, true], {}, [250]);
  await c.reverts("MissingRole", jobs, stranger, "postJob", [1, ethers.id("s"), "PA12", 1, 2 ** 40, 2 ** 41, 1], {}, [stranger.address, Role.CUSTOMER]);
  await c.reverts("NotRegistered", designs, stranger, "register", [ethers.id("d"), "b", ethers.id("l"), 1, 0], {}, [stranger.address]);
  await c.reverts("Unauthorized", escrow, devWallet(0), "pause", [], {}, [devWallet(0).address]);
  await c.reverts("Unauthorized", escrow, devWallet(0), "deposit", [1, stranger.address, stranger.address, stranger.address, 0], {}, [devWallet(0).address]);
}

// ---------------------------------------------------------------- jobs

async function jobToPayout(c) {
  const customer = c.w("customer"), prov = c.w("provider"), designer = c.w("designer"), stranger = c.w("stranger");
  await fundAccounts([stranger]);
  const price = ethers.parseEther("1") + 7n, bps = [3000n, 3000n, 4000n], royaltyBps = 500n;
  const designId = await registerDesign(c, designer, "payout design", royaltyBps);
  const jobId = await postJob(c, customer, designId);
  const job = { id: jobId, price, customer, prov, awarded: false, quoteId: 0n };
  job.quoteId = await quote(c, prov, jobId, price, bps);
  await checkForbidden(c, job, S.Open, stranger);
  await c.reverts("UnknownQuote", jobs, customer, "award", [jobId, 250], {}, [250]);
  await c.reverts("NotJobCustomer", jobs, stranger, "award", [jobId, job.quoteId], {}, [jobId, stranger.address]);
  await c.send("award", jobs, customer, "award", [jobId, job.quoteId]);
  job.awarded = true;
  await checkForbidden(c, job, S.Awarded, stranger);
  await c.reverts("WrongAmount", jobs, customer, "fund", [jobId], { value: price - 1n }, [price, price - 1n]);
  await c.send("fund", jobs, customer, "fund", [jobId], { value: price });
  assert.equal(await escrow.held(jobId), price);
  await checkForbidden(c, job, S.Funded, stranger);
  await c.reverts("NoDesignAccess", jobs, prov, "startProduction", [jobId], {}, [designId, prov.address]);
  await c.send("grantAccess", designs, designer, "grantAccess", [designId, jobId, prov.address, noZeroBytes((await chainTime()) + 86400), ethers.id("key")]);
  await c.send("startProduction", jobs, prov, "startProduction", [jobId]);
  assert.equal((await designs.design(designId)).printed, 1n);
  await checkForbidden(c, job, S.InProduction, stranger);

  // Milestone 0 by the machine's signed digest, milestone 1 by the provider's evidence.
  const digest = digestFor(c, jobId, 0, 0);
  const { device, signatures } = await pickDevice(c, [digest]);
  await c.send("registerDevice", oracle, prov, "registerDevice", [device.address, ethers.id("printer")]);
  await c.send("submitTelemetry", oracle, stranger, "submitTelemetry", [digest, signatures[0]]);
  await c.reverts("MilestoneNotSubmitted", jobs, customer, "approveMilestone", [jobId, 1], {}, [jobId, 1]);
  await c.reverts("BadMilestoneIndex", jobs, prov, "submitMilestone", [jobId, 2, ethers.id("x")], {}, [jobId, 2]);
  await c.reverts("EmptyEvidence", jobs, prov, "submitMilestone", [jobId, 1, ethers.ZeroHash], {}, [jobId, 1]);
  await c.reverts("NotJobProvider", jobs, stranger, "submitMilestone", [jobId, 1, ethers.id("x")], {}, [jobId, stranger.address]);
  await c.send("submitMilestone", jobs, prov, "submitMilestone", [jobId, 1, ethers.id("photos")]);
  await c.reverts("NotJobCustomer", jobs, stranger, "approveMilestone", [jobId, 0], {}, [jobId, stranger.address]);
  const a0 = await c.send("approveMilestone (first)", jobs, customer, "approveMilestone", [jobId, 0]);
  assert.equal(eventsOf(a0, jobs, "MilestoneApproved")[0].args.amount, price * 3000n / 10000n);
  await c.reverts("MilestoneAlreadyApproved", jobs, customer, "approveMilestone", [jobId, 0], {}, [jobId, 0]);
  await c.reverts("MilestoneAlreadyApproved", jobs, prov, "submitMilestone", [jobId, 0, ethers.id("again")], {}, [jobId, 0]);
  await c.send("approveMilestone (second)", jobs, customer, "approveMilestone", [jobId, 1]);
  await c.send("ship", jobs, prov, "ship", [jobId, ethers.id("tracking"), ethers.id("qa")]);
  await checkForbidden(c, job, S.Shipped, stranger);
  await c.reverts("NotRateable", reputation, customer, "rate", [jobId, 5, ethers.id("early")], {}, [jobId]);
  await c.reverts("WindowNotElapsed", jobs, prov, "claimAfterWindow", [jobId], {}, [jobId]);
  const done = await c.send("confirmDelivery", jobs, customer, "confirmDelivery", [jobId]);
  assert.deepEqual(eventsOf(done, jobs, "JobStateChanged").map((e) => [Number(e.args.from), Number(e.args.to)]),
    [[S.Shipped, S.Delivered], [S.Delivered, S.Completed]]);
  await checkForbidden(c, job, S.Completed, stranger);

  // Every credit of the job to the wei: tranches 30 %, 30 %, the rest at delivery.
  const tranches = [price * 3000n / 10000n, price * 3000n / 10000n];
  tranches.push(price - tranches[0] - tranches[1]);
  const parts = tranches.map((a) => split(a, royaltyBps));
  const sum = (k) => parts.reduce((s, p) => s + p[k], 0n);
  const credited = new Map();
  const logs = await provider.getLogs({ address: escrow.target, topics: [escrow.interface.getEvent("Credited").topicHash, null,
    ethers.zeroPadValue(ethers.toBeHex(jobId), 32)], fromBlock: 0 });
  for (const l of logs) { const e = escrow.interface.parseLog(l); add(credited, e.args.payee, e.args.amount); }
  assert.equal(credited.get(prov.address), sum("provider"));
  assert.equal(credited.get(designer.address), sum("royalty"));
  assert.equal(credited.get(FEE_RECEIVERS.treasury.address), sum("treasury"));
  assert.equal(credited.get(FEE_RECEIVERS.minerPool.address), sum("miners"));
  assert.equal(credited.get(FEE_RECEIVERS.arbitrationPool.address), sum("arbiters"));
  assert.equal([...credited.values()].reduce((a, b) => a + b, 0n), price, "the tranches sum to the price");
  assert.equal(await escrow.held(jobId), 0n);
  const ms = await jobs.milestones(jobId);
  assert.deepEqual(ms.map((m) => m.released), tranches);
  assert.equal(ms[0].evidenceHash, await oracle.hashDigest(digest));

  // The passport holds the roots, the design hash, QA and tracking.
  assert.equal(await passport.ownerOf(jobId), customer.address);
  const pp = await passport.passport(jobId);
  assert.deepEqual([...pp.telemetryRoots], [digest.merkleRoot]);
  assert.equal(pp.designSha256, (await designs.design(designId)).plainSha256);
  assert.deepEqual([pp.qaHash, pp.trackingHash, pp.provider, pp.customer],
    [ethers.id("qa"), ethers.id("tracking"), prov.address, customer.address]);

  // One rating per completed job.
  await c.reverts("NotJobCustomer", reputation, stranger, "rate", [jobId, 5, ethers.id("x")], {}, [jobId, stranger.address]);
  await c.reverts("BadStars", reputation, customer, "rate", [jobId, 6, ethers.id("x")], {}, [6]);
  await c.send("rate", reputation, customer, "rate", [jobId, 4, ethers.id("good")]);
  await c.reverts("AlreadyRated", reputation, customer, "rate", [jobId, 5, ethers.id("again")], {}, [jobId]);
  const st = await reputation.stats(prov.address);
  assert.deepEqual([st.completed, st.onTime, st.ratings, st.ratingSum], [1n, 1n, 1n, 4n]);
  assert.equal(await reputation.score(prov.address), (6n * 8000n + 3n * 10000n + 10000n) / 10n);

  // Pull payments: each payee takes its whole credit once.
  // The provider also votes in the membership case meanwhile, so its balance is checked through
  // the event; the designer sends nothing else, so its balance must move by its credit less gas.
  const w = await c.send("withdraw (provider)", escrow, prov, "withdraw");
  assert.deepEqual([...eventsOf(w, escrow, "Withdrawn")[0].args], [prov.address, sum("provider")]);
  const before = await provider.getBalance(designer.address);
  const wd = await c.send("withdraw (designer)", escrow, designer, "withdraw");
  assert.equal(await provider.getBalance(designer.address), before + sum("royalty") - wd.gasUsed * wd.gasPrice);
  await c.reverts("NothingToWithdraw", escrow, prov, "withdraw", [], {}, [prov.address]);
}

async function quoteRules(c) {
  const customer = c.w("customer"), prov = c.w("provider");
  const job = await jobUntil(c, { customer, prov, until: S.Open, price: 5000n, bps: [2500, 2500, 2500, 2500] });
  const q = (bps, price = 5000n) => [job.id, price, 60, bps];
  await c.reverts("MissingRole", jobs, customer, "submitQuote", q([10000]), {}, [customer.address, Role.PROVIDER]);
  await c.reverts("MissingRole", jobs, labelled("arbiter3"), "submitQuote", q([10000]), {}, [labelled("arbiter3").address, Role.PROVIDER]);
  for (const bps of [[5000, 4999], [5000, 5001], [10000, 0], [], Array(17).fill(1).map((_, i) => (i < 16 ? 588 : 10000 - 588 * 16)),
    [9999], [65535, 65535 - 55535]]) {
    await c.reverts("BadMilestones", jobs, prov, "submitQuote", q(bps));
  }
  await c.reverts("BadPrice", jobs, prov, "submitQuote", q([10000], 0n), {}, [0n, ethers.parseEther("2")]);
  await c.reverts("BadPrice", jobs, prov, "submitQuote", q([10000], ethers.parseEther("2") + 1n), {}, [ethers.parseEther("2") + 1n, ethers.parseEther("2")]);
  const sixteen = Array(16).fill(625);
  const qid = await quote(c, prov, job.id, 5000n, sixteen, "submitQuote (16 milestones)");
  assert.deepEqual([...(await jobs.quote(qid)).milestoneBps].map(Number), sixteen);
  assert.deepEqual([...(await jobs.quotesOf(job.id))], [job.quoteId, qid]);
  const other = await jobUntil(c, { customer, prov, until: S.Open, price: 5000n, tag: "other" });
  await c.reverts("QuoteNotForJob", jobs, customer, "award", [job.id, other.quoteId], {}, [job.id, other.quoteId]);
  await c.send("award (16 milestones)", jobs, customer, "award", [job.id, qid]);
  assert.equal((await jobs.milestones(job.id)).length, 16);
}

async function cancelCase(c) {
  const customer = c.w("customer"), prov = c.w("provider"), stranger = c.w("stranger");
  await fundAccounts([stranger]);
  await c.parallel([
    ["Open", async (p) => {
      const open = await jobUntil(p, { customer, prov, until: S.Open, price: 100n, tag: "open" });
      await p.reverts("NotJobCustomer", jobs, stranger, "cancel", [open.id], {}, [open.id, stranger.address]);
      await p.send("cancel", jobs, customer, "cancel", [open.id]);
      await checkForbidden(p, open, S.Cancelled, stranger);
    }],
    ["Awarded", async (p) => {
      const awarded = await jobUntil(p, { customer, prov, until: S.Awarded, price: 100n, tag: "awarded" });
      await p.send("cancel", jobs, customer, "cancel", [awarded.id]);
      await checkForbidden(p, awarded, S.Cancelled, stranger);
    }]]);
}

async function jobExpiry(c) {
  const customer = c.w("customer"), prov = c.w("provider"), stranger = c.w("stranger");
  await fundAccounts([stranger]);
  const walk = (until, tag) => async (p) => {
    const job = await jobUntil(p, { customer, prov, until, price: 100n, quoteIn: 12, deliverIn: 20, tag });
    await p.reverts("DeadlineNotPassed", jobs, stranger, "expire", [job.id], {}, [job.id]);
    await waitChainTime(Number((await jobs.job(job.id)).deliveryDeadline) + 1);
    await p.send("expire (anyone)", jobs, stranger, "expire", [job.id]);
    await checkForbidden(p, job, S.Expired, stranger);
  };
  await c.parallel([["Open", walk(S.Open, "open")], ["Awarded", walk(S.Awarded, "awarded")]]);
}

async function customerTimeout(c) {
  const customer = c.w("customer"), prov = c.w("provider"), stranger = c.w("stranger");
  await fundAccounts([stranger]);
  const price = 10_007n;
  await c.parallel([
    ["Funded", async (p) => {
      const funded = await jobUntil(p, { customer, prov, until: S.Funded, price, quoteIn: 10, deliverIn: 22, tag: "funded" });
      await p.reverts("DeadlineNotPassed", jobs, customer, "reclaim", [funded.id], {}, [funded.id]);
      await p.reverts("NotJobCustomer", jobs, stranger, "reclaim", [funded.id], {}, [funded.id, stranger.address]);
      await waitChainTime(Number((await jobs.job(funded.id)).deliveryDeadline) + 1);
      const r = await p.send("reclaim", jobs, customer, "reclaim", [funded.id]);
      assert.equal(eventsOf(r, escrow, "Refunded")[0].args.amount, price);
      await checkForbidden(p, funded, S.Expired, stranger);
    }],
    ["InProduction", async (p) => {
      const making = await jobUntil(p, { customer, prov, until: S.InProduction, price, bps: [3000, 7000], royaltyBps: 200, quoteIn: 10, deliverIn: 22, tag: "making" });
      await p.send("submitMilestone", jobs, prov, "submitMilestone", [making.id, 0, ethers.id("m0")]);
      await p.send("approveMilestone", jobs, customer, "approveMilestone", [making.id, 0]);
      await p.reverts("DeadlineNotPassed", jobs, customer, "reclaim", [making.id], {}, [making.id]);
      await waitChainTime(Number((await jobs.job(making.id)).deliveryDeadline) + 1);
      const r = await p.send("reclaim", jobs, customer, "reclaim", [making.id]);
      assert.equal(eventsOf(r, escrow, "Refunded")[0].args.amount, price - price * 3000n / 10000n);
      await checkForbidden(p, making, S.Expired, stranger);
    }]]);
  // The customer owns the second design: its royalty on the approved tranche is its credit too.
  const tranche = price * 3000n / 10000n;
  assert.equal(await escrow.credit(customer.address), 2n * price - tranche + tranche * 200n / 10000n);
  await c.send("withdraw (customer)", escrow, customer, "withdraw");
}

async function providerTimeout(c) {
  const customer = c.w("customer"), prov = c.w("provider");
  const job = await jobUntil(c, { customer, prov, until: S.InProduction, price: 9_999n });
  const r = await c.send("ship", jobs, prov, "ship", [job.id, ethers.id("t"), ethers.id("q")]);
  const shippedAt = (await provider.getBlock(r.blockNumber)).timestamp;
  await c.reverts("WindowNotElapsed", jobs, prov, "claimAfterWindow", [job.id], {}, [job.id]);
  await c.reverts("NotJobProvider", jobs, customer, "claimAfterWindow", [job.id], {}, [job.id, customer.address]);
  await waitChainTime(shippedAt + PERIODS.confirmation + 1);
  await c.send("claimAfterWindow", jobs, prov, "claimAfterWindow", [job.id]);
  await expectState(job.id, S.Completed);
  assert.equal(await passport.ownerOf(job.id), customer.address);
  assert.equal(await escrow.credit(prov.address), split(9_999n, 0n).provider);
}

async function quoteDeadline(c) {
  const customer = c.w("customer"), prov = c.w("provider");
  const job = await jobUntil(c, { customer, prov, until: S.Open, price: 100n, quoteIn: 6, deliverIn: 600 });
  await waitChainTime(Number((await jobs.job(job.id)).quoteDeadline) + 1);
  await c.reverts("QuoteDeadlinePassed", jobs, prov, "submitQuote", [job.id, 100n, 60, [10000]], {}, [job.id]);
  const now = await chainTime();
  await c.reverts("BadDeadlines", jobs, customer, "postJob", [job.designId, ethers.id("s"), "PA12", 1, now, now + 100, 1]);
  await c.reverts("BadDeadlines", jobs, customer, "postJob", [job.designId, ethers.id("s"), "PA12", 1, now + 100, now + 100, 1]);
  await c.reverts("BadQuantity", jobs, customer, "postJob", [job.designId, ethers.id("s"), "PA12", 0, now + 100, now + 200, 1]);
  await c.reverts("ZeroBudget", jobs, customer, "postJob", [job.designId, ethers.id("s"), "PA12", 1, now + 100, now + 200, 0]);
  await c.reverts("UnknownDesign", jobs, customer, "postJob", [250, ethers.id("s"), "PA12", 1, now + 100, now + 200, 1], {}, [250]);
  // The awarded quote still counts after the quote deadline: award is not bound to it.
  await c.send("award (after the quote deadline)", jobs, customer, "award", [job.id, job.quoteId]);
}

async function telemetryDigests(c) {
  const customer = c.w("customer"), prov = c.w("provider"), other = c.w("other provider"), gateway = c.w("gateway");
  await fundAccounts([gateway]);
  const job = await jobUntil(c, { customer, prov, until: S.InProduction, price: 30_000n, bps: [2000, 2000, 6000] });
  const d = await domain();
  const good = digestFor(c, job.id, 0, 0);
  const { device, signatures: [sig] } = await pickDevice(c, [good]);
  const stranger = c.w("unregistered machine"), otherDevice = c.w("other machine"), retired = c.w("retired machine");
  await c.reverts("NotProvider", oracle, customer, "registerDevice", [device.address, ethers.id("m")], {}, [customer.address]);
  await c.reverts("ZeroDevice", oracle, prov, "registerDevice", [ethers.ZeroAddress, ethers.id("m")]);
  await c.send("registerDevice", oracle, prov, "registerDevice", [device.address, ethers.id("printer")]);
  await c.reverts("DeviceAlreadyRegistered", oracle, other, "registerDevice", [device.address, ethers.id("m")], {}, [device.address]);
  await c.send("registerDevice (other provider)", oracle, other, "registerDevice", [otherDevice.address, ethers.id("other")]);
  await c.send("registerDevice", oracle, prov, "registerDevice", [retired.address, ethers.id("old")]);
  await c.reverts("NotDeviceOwner", oracle, other, "deactivateDevice", [retired.address], {}, [retired.address, other.address]);
  await c.send("deactivateDevice", oracle, prov, "deactivateDevice", [retired.address]);
  await c.reverts("DeviceInactive", oracle, prov, "deactivateDevice", [retired.address], {}, [retired.address]);
  assert.equal(await oracle.hashDigest(good), ethers.TypedDataEncoder.hash(d, DIGEST_TYPES, good));
  assert.equal(await oracle.domainSeparator(), ethers.TypedDataEncoder.hashDomain(d));

  // Refused: no signature, a malleable (high-s) one, a forged (unregistered) signer, a tampered
  // digest, a device of another provider, a deactivated device, a bad window, a job not in production.
  await c.reverts("InvalidSignature", oracle, gateway, "submitTelemetry", [good, "0x"]);
  const s = ethers.Signature.from(sig);
  const highS = ethers.concat([s.r, ethers.toBeHex(ethers.N - BigInt(s.s), 32), s.v === 27 ? "0x1c" : "0x1b"]);
  await c.reverts("InvalidSignature", oracle, gateway, "submitTelemetry", [good, highS]);
  await c.reverts("UnknownDevice", oracle, gateway, "submitTelemetry", [good, await stranger.signTypedData(d, DIGEST_TYPES, good)], {}, [stranger.address]);
  const tampered = { ...good, readings: 601 };
  const tamperedSigner = ethers.verifyTypedData(d, DIGEST_TYPES, tampered, sig);
  await c.reverts("UnknownDevice", oracle, gateway, "submitTelemetry", [tampered, sig], {}, [tamperedSigner]);
  await c.reverts("WrongProvider", oracle, gateway, "submitTelemetry", [good, await otherDevice.signTypedData(d, DIGEST_TYPES, good)], {},
    [otherDevice.address, other.address, prov.address]);
  await c.reverts("DeviceInactive", oracle, gateway, "submitTelemetry", [good, await retired.signTypedData(d, DIGEST_TYPES, good)], {}, [retired.address]);
  const backwards = { ...good, windowStart: 5000, windowEnd: 4000 };
  await c.reverts("BadWindow", oracle, gateway, "submitTelemetry", [backwards, await device.signTypedData(d, DIGEST_TYPES, backwards)], {}, [5000, 4000]);
  const lastIndex = { ...good, milestone: 2 };
  await c.reverts("BadMilestoneIndex", oracle, gateway, "submitTelemetry", [lastIndex, await device.signTypedData(d, DIGEST_TYPES, lastIndex)], {}, [job.id, 2]);
  const otherJob = { ...good, jobId: 1 }; // the setup's job is InProduction but another provider's
  await c.reverts("WrongProvider", oracle, gateway, "submitTelemetry", [otherJob, await device.signTypedData(d, DIGEST_TYPES, otherJob)], {},
    [device.address, prov.address, labelled("ballast/provider").address]);
  const noJob = { ...good, jobId: 250 };
  await c.reverts("JobNotInProduction", oracle, gateway, "submitTelemetry", [noJob, await device.signTypedData(d, DIGEST_TYPES, noJob)], {}, [250]);

  const r = await c.send("submitTelemetry", oracle, gateway, "submitTelemetry", [good, sig]);
  const hash = await oracle.hashDigest(good);
  assert.equal(eventsOf(r, oracle, "TelemetryAnchored")[0].args.digestHash, hash);
  assert.equal(await oracle.used(hash), true);
  // Replayed: the same digest and signature again, by anyone.
  await c.reverts("DigestAlreadyUsed", oracle, customer, "submitTelemetry", [good, sig], {}, [hash]);
  const anchors = await oracle.anchors(job.id);
  assert.deepEqual(anchors.map((a) => [a.device, a.merkleRoot, a.digestHash]), [[device.address, good.merkleRoot, hash]]);
  const m = await jobs.milestones(job.id);
  assert.deepEqual([Number(m[0].state), m[0].evidenceHash], [1, hash]);
}

/** A job whose design belongs to a TestPayee contract, walked to Completed; returns the payee and the job. */
async function jobForPayee(c) {
  const customer = c.w("customer"), prov = c.w("provider");
  const payee = await payeeContract(c, customer);
  await c.send("registerCustomer (via payee)", payee, customer, "exec", [reg.target, reg.interface.encodeFunctionData("registerCustomer", [ethers.id("payee")])]);
  const plain = ethers.id(c.name + "/payee design");
  const rr = await c.send("DesignRegistry.register (via payee)", payee, customer, "exec",
    [designs.target, designs.interface.encodeFunctionData("register", [plain, "bafy-payee", ethers.id("l"), 10, 1000])]);
  const designId = eventsOf(rr, designs, "DesignRegistered")[0].args.designId;
  await c.send("grantAccess (via payee)", payee, customer, "exec", [designs.target,
    designs.interface.encodeFunctionData("grantAccess", [designId, 0, prov.address, noZeroBytes((await chainTime()) + 86400), ethers.id("k")])]);
  const price = 20_000n;
  const jobId = await postJob(c, customer, designId);
  // Two tranches: with a single one, completion pays the provider's and the design owner's first
  // credits, the provider's first stats and the customer's first passport at once, 252,569 gas
  // (docs/platform-gas.md).
  const quoteId = await quote(c, prov, jobId, price, [5000, 5000]);
  await c.send("award", jobs, customer, "award", [jobId, quoteId]);
  await c.send("fund", jobs, customer, "fund", [jobId], { value: price });
  await c.send("startProduction", jobs, prov, "startProduction", [jobId]);
  await c.send("submitMilestone", jobs, prov, "submitMilestone", [jobId, 0, ethers.id("evidence")]);
  await c.send("approveMilestone", jobs, customer, "approveMilestone", [jobId, 0]);
  await c.send("ship", jobs, prov, "ship", [jobId, ethers.id("t"), ethers.id("q")]);
  await c.send("confirmDelivery", jobs, customer, "confirmDelivery", [jobId]);
  const royalty = price * 1000n / 10000n;
  assert.equal(await escrow.credit(payee.target), royalty);
  return { payee, customer, prov, royalty, price };
}

async function reentrantWithdraw(c) {
  const { payee, customer, royalty } = await jobForPayee(c);
  await c.send("TestPayee.setMode", payee, customer, "setMode", [2]);
  const r = await c.send("withdraw (contract payee, re-entering)", payee, customer, "exec", [escrow.target, escrow.interface.encodeFunctionData("withdraw")]);
  assert.equal(eventsOf(r, escrow, "Withdrawn").length, 1, "one withdrawal");
  assert.equal(await payee.reentryAttempts(), 1n);
  assert.equal(allErrors.parseError(await payee.lastReentryError()).name, "ReentrancyGuardReentrantCall");
  assert.equal(await provider.getBalance(payee.target), royalty, "paid its credit once");
  assert.equal(await escrow.credit(payee.target), 0n);
}

async function revertingPayee(c) {
  const { payee, customer, prov, royalty, price } = await jobForPayee(c);
  await c.send("TestPayee.setMode", payee, customer, "setMode", [1]);
  const withdrawCall = [escrow.target, escrow.interface.encodeFunctionData("withdraw")];
  await c.reverts("TransferFailed", payee, customer, "exec", withdrawCall, {}, [payee.target, royalty]);
  // The others are not blocked: the provider takes its credit while the payee refuses.
  await c.send("withdraw (provider)", escrow, prov, "withdraw");
  assert.equal(await escrow.credit(prov.address), 0n);
  assert.equal(await escrow.credit(payee.target), royalty, "the refusing payee keeps its credit");
  await c.send("TestPayee.setMode", payee, customer, "setMode", [0]);
  await c.send("withdraw (contract payee)", payee, customer, "exec", withdrawCall);
  assert.equal(await provider.getBalance(payee.target), royalty);
  void price;
}

// ---------------------------------------------------------------- disputes

function expectedPanel(jobId, parties, extraArbiters = []) {
  const arbiters = [...Array.from({ length: ARBITERS }, (_, i) => labelled("arbiter" + i).address), ...extraArbiters]
    .filter((a) => !parties.includes(a)).sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
  const s = BigInt(ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint256"], [jobId]))) % BigInt(arbiters.length);
  return [0n, 1n, 2n].map((i) => arbiters[Number((s + i) % BigInt(arbiters.length))]);
}
const arbiterWallet = (address) => Array.from({ length: ARBITERS }, (_, i) => labelled("arbiter" + i)).find((w) => w.address === address);

async function openDispute(c, job, opener, label = "openDispute", extraArbiters = []) {
  const r = await c.send(label, arbitration, opener, "openDispute", [job.id, ethers.id(c.name + "/evidence")]);
  const opened = eventsOf(r, arbitration, "DisputeOpened")[0].args;
  const panel = [...opened.panel];
  assert.deepEqual(panel, expectedPanel(job.id, [job.customer.address, job.prov.address], extraArbiters), "the panel follows the rule");
  for (const party of [job.customer.address, job.prov.address]) assert.ok(!panel.includes(party), "no party on the panel");
  assert.equal(await escrow.frozen(job.id), true);
  return { id: opened.disputeId, panel: panel.map(arbiterWallet) };
}

/**
 * The draw's gas does not depend on the seed (a job id, which backends that mined the jobs in
 * another order assign differently): every residue of the seed costs the same for these parties.
 */
async function checkDrawGasIsSeedFree(parties) {
  const seeds = Array.from({ length: MAX_ARBITERS }, (_, i) => BigInt(i + 1)); // one non-zero calldata byte each
  const gas = await Promise.all(seeds.map((seed) => reg.drawArbiters.estimateGas(seed, ...parties)));
  assert.equal(new Set(gas.map(String)).size, 1, `drawArbiters gas by seed: ${gas.join(" ")}`);
}

async function checkRuling(job, share) {
  const held = job.price - (job.released ?? 0n);
  const p = held * BigInt(share) / 10000n;
  assert.equal(await escrow.held(job.id), 0n);
  assert.equal(await escrow.credit(job.prov.address), split(p, 0n).provider);
  assert.equal(await escrow.credit(job.customer.address), held - p);
  await expectState(job.id, S.Resolved);
}

async function disputeMedian(c) {
  const customer = c.w("customer"), prov = c.w("provider"), stranger = c.w("stranger");
  await fundAccounts([stranger]);
  const job = await jobUntil(c, { customer, prov, until: S.InProduction, price: 5_000n });
  await c.reverts("NotParty", arbitration, stranger, "openDispute", [job.id, ethers.id("x")], {}, [job.id, stranger.address]);
  const d = await openDispute(c, job, customer);
  await checkDrawGasIsSeedFree([customer.address, prov.address]);
  await checkForbidden(c, job, S.Disputed, stranger);
  await c.send("submitEvidence", arbitration, prov, "submitEvidence", [d.id, ethers.id("photos")]);
  const outsider = Array.from({ length: ARBITERS }, (_, i) => labelled("arbiter" + i)).find((w) => !d.panel.some((p) => p.address === w.address));
  await c.reverts("NotPanellist", arbitration, outsider, "vote", [d.id, 5000], {}, [d.id, outsider.address]);
  await c.reverts("BadShare", arbitration, d.panel[0], "vote", [d.id, 10001], {}, [10001]);
  await c.send("arbiter vote (seat 0)", arbitration, d.panel[0], "vote", [d.id, 6000]);
  await c.reverts("AlreadyVoted", arbitration, d.panel[0], "vote", [d.id, 1000], {}, [d.id, d.panel[0].address]);
  await c.send("arbiter vote (seat 1)", arbitration, d.panel[1], "vote", [d.id, 7000]);
  const r = await c.send("arbiter vote (seat 2, rules)", arbitration, d.panel[2], "vote", [d.id, 2000]);
  assert.equal(eventsOf(r, arbitration, "DisputeResolved")[0].args.providerShareBps, 6000n, "the median is executed");
  await checkRuling(job, 6000);
  await checkForbidden(c, job, S.Resolved, stranger);
  await c.reverts("DisputeClosed", arbitration, customer, "submitEvidence", [d.id, ethers.id("late")], {}, [d.id]);
  await c.reverts("DisputeClosed", arbitration, customer, "resolveAfterDeadline", [d.id], {}, [d.id]);
  await c.reverts("UnknownDispute", arbitration, customer, "vote", [250, 1], {}, [250]);
  await c.send("rate (Resolved)", reputation, customer, "rate", [job.id, 2, ethers.id("late")]);
  await c.reverts("AlreadyRated", reputation, customer, "rate", [job.id, 3, ethers.id("again")], {}, [job.id]);
  const st = await reputation.stats(prov.address);
  assert.deepEqual([st.disputed, st.disputesLost], [1n, 0n]);
  await c.send("withdraw (customer)", escrow, customer, "withdraw");
}

async function disputePanel(c) {
  // The parties are arbiters themselves: arbiter0 the customer, arbiter1 the provider.
  const customer = labelled("arbiter0"), prov = labelled("arbiter1");
  const job = await jobUntil(c, { customer, prov, until: S.Funded, price: 8_000n });
  const d = await openDispute(c, job, prov, "openDispute (by the provider)");
  await checkDrawGasIsSeedFree([customer.address, prov.address]);
  await checkDrawGasIsSeedFree([customer.address, labelled("nobody").address]);
  assert.equal((await arbitration.dispute(d.id)).opener, prov.address);
  await c.send("arbiter vote (seat 0)", arbitration, d.panel[0], "vote", [d.id, 10000]);
  await c.send("arbiter vote (seat 1)", arbitration, d.panel[1], "vote", [d.id, 0]);
  await c.send("arbiter vote (seat 2, rules)", arbitration, d.panel[2], "vote", [d.id, 5000]);
  await checkRuling(job, 5000);
}

async function disputeDefault(c, votes) {
  const customer = c.w("customer"), prov = c.w("provider"), stranger = c.w("stranger");
  await fundAccounts([stranger]);
  const job = await jobUntil(c, { customer, prov, until: S.InProduction, price: 7_001n });
  if (votes === 2) await c.send("ship", jobs, prov, "ship", [job.id, ethers.id("t"), ethers.id("q")]);
  const d = await openDispute(c, job, customer);
  await c.send("arbiter vote (seat 0)", arbitration, d.panel[0], "vote", [d.id, 3000]);
  if (votes === 2) await c.send("arbiter vote (seat 2)", arbitration, d.panel[2], "vote", [d.id, 8001]);
  await c.reverts("DeadlineNotReached", arbitration, stranger, "resolveAfterDeadline", [d.id], {}, [d.id]);
  const deadline = Number((await arbitration.dispute(d.id)).deadline);
  await waitChainTime(deadline + 1);
  await c.reverts("VotingClosed", arbitration, d.panel[1], "vote", [d.id, 5000], {}, [d.id]);
  const r = await c.send("resolveAfterDeadline", arbitration, stranger, "resolveAfterDeadline", [d.id]);
  const share = votes === 2 ? Math.floor((3000 + 8001) / 2) : 0;
  const resolved = eventsOf(r, arbitration, "DisputeResolved")[0].args;
  assert.deepEqual([resolved.providerShareBps, resolved.byDefault], [BigInt(share), true]);
  await checkRuling(job, share);
  const st = await reputation.stats(prov.address);
  assert.deepEqual([st.disputed, st.disputesLost], [1n, share < 5000 ? 1n : 0n]);
}

// ---------------------------------------------------------------- governance of the Escrow

async function pauseByVote(c) {
  const treasury = FEE_RECEIVERS.treasury;
  assert.ok((await escrow.credit(treasury.address)) > 0n);
  const voters = await currentVoters();
  const needed = Math.floor(voters.length / 2) + 1;
  const idP = idOf(await c.send("proposeCall (Escrow.pause)", reg, voters[0], "proposeCall", [escrow.target, escrow.interface.encodeFunctionData("pause")]));
  await c.sendAll("vote yes (Call, last executes pause)", voters.slice(0, needed).map((v) => [reg, v, "vote", [idP, true]]));
  assert.equal(await escrow.paused(), true);
  await c.reverts("EnforcedPause", escrow, treasury, "withdraw");
  const idU = idOf(await c.send("proposeCall (Escrow.unpause)", reg, voters[1], "proposeCall", [escrow.target, escrow.interface.encodeFunctionData("unpause")]));
  await c.sendAll("vote yes (Call, last executes unpause)", voters.slice(0, needed).map((v) => [reg, v, "vote", [idU, true]]));
  assert.equal(await escrow.paused(), false);
  await c.send("withdraw (treasury)", escrow, treasury, "withdraw");
  // A Call whose target reverts makes the executing vote revert CallFailed.
  const idF = idOf(await c.send("proposeCall (Escrow.unpause while unpaused)", reg, voters[0], "proposeCall", [escrow.target, escrow.interface.encodeFunctionData("unpause")]));
  await c.sendAll("vote yes (not passing)", voters.slice(0, needed - 1).map((v) => [reg, v, "vote", [idF, true]]));
  await c.reverts("CallFailed", reg, voters[needed - 1], "vote", [idF, true]);
}

// ---------------------------------------------------------------- worst cases (issue 16)

/**
 * The most expensive form of each action whose gas depends on the platform's state: completion
 * of a single-milestone job whose provider and royalty receiver are credited for the first time
 * (with the provider's first stats and the customer's first passport); the admission of the
 * 16th ARBITER, whose address sorts first (it shifts the whole sorted committee); openDispute
 * with that full committee; and the refusal of a 17th.
 */
async function worstCases(c) {
  for (const [tag, claim] of [[FIRST_CREDIT_JOBS[0], false], [FIRST_CREDIT_JOBS[1], true]]) {
    const customer = labelled(tag + "/customer"), prov = labelled(tag + "/provider");
    assert.equal(await escrow.credit(customer.address), 0n);
    assert.equal(await escrow.credit(prov.address), 0n);
    const job = await jobUntil(c, { customer, prov, until: S.InProduction, price: 1_000_003n, bps: [10000], royaltyBps: 250, tag });
    const shipped = await c.send("ship", jobs, prov, "ship", [job.id, ethers.id("tracking"), ethers.id("qa")]);
    const parts = split(job.price, 250n);
    if (claim) {
      const at = (await provider.getBlock(shipped.blockNumber)).timestamp + PERIODS.confirmation + 1;
      await waitChainTime(at);
      await c.send("claimAfterWindow (1 milestone, every payee's first credit)", jobs, prov, "claimAfterWindow", [job.id]);
    } else {
      await c.send("confirmDelivery (1 milestone, every payee's first credit)", jobs, customer, "confirmDelivery", [job.id]);
    }
    await expectState(job.id, S.Completed);
    assert.equal(await escrow.credit(prov.address), parts.provider);
    assert.equal(await escrow.credit(customer.address), parts.royalty);
  }

  // The 16th ARBITER: an address below every founding arbiter's, so the admission shifts all 15.
  const founding = Array.from({ length: ARBITERS }, (_, i) => BigInt(labelled("arbiter" + i).address));
  const lowest = founding.reduce((a, b) => (a < b ? a : b));
  let k = 0;
  while (BigInt(labelled("worst cases/arbiter" + k).address) >= lowest) k++;
  const sixteenth = labelled("worst cases/arbiter" + k), seventeenth = labelled("worst cases/seventeenth");
  await fundAccounts([sixteenth, seventeenth]);
  const voters = await currentVoters();
  const needed = Math.floor(voters.length / 2) + 1;
  const idA = idOf(await c.send("applyFor ARBITER", reg, sixteenth, "applyFor", [Role.ARBITER, ethers.id("16th"), ethers.ZeroAddress]));
  await c.sendAll("vote yes (not passing)", voters.slice(0, needed - 1).map((v) => [reg, v, "vote", [idA, true]]));
  assert.ok(executed(await c.send("vote yes (executes Admit ARBITER, the 16th, sorting first)", reg, voters[needed - 1], "vote", [idA, true])));
  const committee = [...(await reg.membersWithRole(Role.ARBITER))];
  assert.equal(committee.length, MAX_ARBITERS);
  assert.equal(committee[0], sixteenth.address, "the committee is kept in address order");

  // A 17th cannot be admitted: the vote that would pass reverts, the proposal stays pending.
  const idB = idOf(await c.send("applyFor ARBITER", reg, seventeenth, "applyFor", [Role.ARBITER, ethers.id("17th"), ethers.ZeroAddress]));
  await c.sendAll("vote yes (not passing)", voters.slice(0, needed - 1).map((v) => [reg, v, "vote", [idB, true]]));
  await c.reverts("TooManyArbiters", reg, voters[needed - 1], "vote", [idB, true], {}, [BigInt(MAX_ARBITERS)]);
  assert.equal(await reg.isMember(seventeenth.address, Role.ARBITER), false);

  // openDispute with the full committee, counting the provider's first dispute (its stats' first
  // write); the job's customer and provider are not arbiters.
  const customer = labelled("worst cases/dispute/customer"), prov = labelled("worst cases/dispute/provider");
  const job = await jobUntil(c, { customer, prov, until: S.InProduction, price: 1_000_003n, bps: [10000], tag: "worst cases/dispute" });
  await openDispute(c, job, customer, "openDispute (16 arbiters, the maximum)", [sixteenth.address]);
  await expectState(job.id, S.Disputed);
}
