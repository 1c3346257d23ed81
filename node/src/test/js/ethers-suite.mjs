// ethers v6 against a running AMChain devnet, as a dapp developer would use it: deploy a contract
// compiled by solc-js, transfers with receipts, events by getLogs and by WebSocket subscriptions,
// eth_call, estimateGas, and reverts whose reasons ethers decodes. Exits non-zero on any failure.
// Usage: node ethers-suite.mjs HTTP_URL WS_URL
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ContractFactory, JsonRpcProvider, NonceManager, WebSocketProvider, Wallet, parseEther } from "ethers";
import { compile } from "./compile.mjs";

const [httpUrl, wsUrl] = process.argv.slice(2);
if (!httpUrl || !wsUrl) {
  console.error("usage: node ethers-suite.mjs HTTP_URL WS_URL");
  process.exit(2);
}
// Development keys of the `test test ... junk` mnemonic, accounts 3, 4 and 5.
const KEYS = [
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
];
const CHAIN_ID = 1337n;
const WAIT_MS = 30_000;

const provider = new JsonRpcProvider(httpUrl, undefined, { staticNetwork: true, pollingInterval: 250 });
// ethers caches the account nonce for a while; NonceManager counts locally instead.
const [customer, maker, payee] = KEYS.map((k) => new NonceManager(new Wallet(k, provider)));
let ws;
let escrow;
let deployBlock;

/** Resolves with the first value `register(resolve)` delivers, or fails after WAIT_MS. */
function within(what, register) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no " + what + " within " + WAIT_MS + " ms")), WAIT_MS);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

before(async () => {
  ws = new WebSocketProvider(wsUrl, undefined, { staticNetwork: true });
  const { abi, bytecode } = compile().PrintJobEscrow;
  const deployed = await new ContractFactory(abi, bytecode, customer).deploy();
  const receipt = await deployed.deploymentTransaction().wait(1, WAIT_MS);
  assert.equal(receipt.status, 1);
  deployBlock = receipt.blockNumber;
  escrow = deployed;
});

after(async () => {
  await ws?.destroy();
  provider.destroy();
});

test("the network is the devnet", async () => {
  assert.equal((await provider.getNetwork()).chainId, CHAIN_ID);
  assert.equal((await ws.getNetwork()).chainId, CHAIN_ID);
  assert.ok((await provider.getBlockNumber()) >= 1);
});

test("the contract's code is on chain", async () => {
  const code = await provider.getCode(await escrow.getAddress());
  assert.ok(code.length > 2, "deployed code is not empty");
  assert.equal(await escrow.jobCount(), 0n);
});

test("a value transfer is mined and moves the balance", async () => {
  const to = Wallet.createRandom().address;
  const tx = await payee.sendTransaction({ to, value: parseEther("1.5") });
  // Two confirmations: a block sealed out of turn can lose to the in-turn one at its height.
  const receipt = await tx.wait(2, WAIT_MS);
  assert.equal(receipt.status, 1);
  assert.equal(receipt.gasUsed, 21000n);
  assert.equal(receipt.hash, tx.hash);
  assert.equal(await provider.getBalance(to), parseEther("1.5"));
  const mined = await provider.getTransaction(tx.hash);
  assert.equal(mined.blockHash, receipt.blockHash, "the transaction's block is the receipt's");
  const block = await provider.getBlock(receipt.blockNumber);
  assert.ok(block.transactions.includes(tx.hash));
});

test("several transfers in a row are all mined", async () => {
  const to = Wallet.createRandom().address;
  const sent = [];
  for (let i = 0; i < 5; i++) {
    sent.push(await payee.sendTransaction({ to, value: 1000n + BigInt(i) }));
  }
  const receipts = await Promise.all(sent.map((tx) => tx.wait(1, WAIT_MS)));
  assert.ok(receipts.every((r) => r.status === 1));
  assert.equal(await provider.getBalance(to), 5000n + 10n);
});

test("a job is posted and read back by eth_call", async () => {
  const price = parseEther("2");
  const gas = await escrow.connect(customer).post.estimateGas("bracket.stl", { value: price });
  assert.ok(gas > 21000n && gas < 200000n, "estimateGas " + gas);
  const receipt = await (await escrow.connect(customer).post("bracket.stl", { value: price })).wait(1, WAIT_MS);
  assert.equal(receipt.status, 1);
  assert.ok(receipt.gasUsed <= gas, "used " + receipt.gasUsed + " <= estimated " + gas);
  const [event] = receipt.logs.map((log) => escrow.interface.parseLog(log));
  assert.equal(event.name, "JobPosted");
  assert.equal(event.args.id, 1n);
  assert.equal(event.args.design, "bracket.stl");
  assert.equal(await escrow.jobCount(), 1n);
  assert.equal(await escrow.escrowed(), price);
  const job = await escrow.jobs(1n);
  assert.equal(job.customer, await customer.getAddress());
  assert.equal(job.price, price);
  assert.equal(job.status, 1n);
});

test("events are found by getLogs and by queryFilter", async () => {
  const address = await escrow.getAddress();
  const topic = escrow.interface.getEvent("JobPosted").topicHash;
  const logs = await provider.getLogs({ address, topics: [topic], fromBlock: deployBlock, toBlock: "latest" });
  assert.equal(logs.length, 1);
  assert.equal(escrow.interface.parseLog(logs[0]).args.design, "bracket.stl");
  const byCustomer = await escrow.queryFilter(escrow.filters.JobPosted(null, await customer.getAddress()), deployBlock);
  assert.equal(byCustomer.length, 1);
  const byOther = await escrow.queryFilter(escrow.filters.JobPosted(null, await maker.getAddress()), deployBlock);
  assert.equal(byOther.length, 0);
});

test("a new block arrives through a WebSocket subscription", async () => {
  const start = await provider.getBlockNumber();
  const number = await within("block event", (done) => {
    ws.on("block", (n) => {
      if (n > start) {
        ws.off("block");
        done(n);
      }
    });
  });
  assert.ok(number > start);
});

test("contract events arrive through a WebSocket subscription", async () => {
  const live = escrow.connect(ws);
  const accepted = within("JobAccepted event", (done) => {
    live.on("JobAccepted", (id, provider, event) => done({ id, provider, event }));
  });
  // Give the subscription its round trip before the transaction that triggers it.
  await new Promise((r) => setTimeout(r, 300));
  const receipt = await (await escrow.connect(maker).accept(1n)).wait(1, WAIT_MS);
  const { id, provider: who, event } = await accepted;
  await live.removeAllListeners();
  assert.equal(id, 1n);
  assert.equal(who, await maker.getAddress());
  assert.equal(event.log.transactionHash, receipt.hash);
});

test("a reverting call's reason is decoded", async () => {
  await assert.rejects(escrow.connect(maker).accept.staticCall(1n), (e) => {
    assert.equal(e.code, "CALL_EXCEPTION");
    assert.equal(e.reason, "job is not open");
    return true;
  });
  await assert.rejects(escrow.connect(customer).post.staticCall("x", { value: 0n }), (e) => {
    assert.equal(e.code, "CALL_EXCEPTION");
    assert.equal(e.reason, "price must be positive");
    return true;
  });
  await assert.rejects(escrow.connect(maker).post.estimateGas("x"), (e) => {
    assert.equal(e.reason, "price must be positive");
    return true;
  });
});

test("a custom error is decoded", async () => {
  await assert.rejects(escrow.connect(maker).confirm.staticCall(1n), (e) => {
    assert.equal(e.code, "CALL_EXCEPTION");
    assert.equal(e.revert?.name, "NotTheCustomer");
    assert.equal(e.revert.args[0], 1n);
    return true;
  });
});

test("a reverting transaction is mined with status 0", async () => {
  const tx = await escrow.connect(maker).accept(1n, { gasLimit: 100000n });
  await assert.rejects(tx.wait(1, WAIT_MS), (e) => {
    assert.equal(e.code, "CALL_EXCEPTION");
    assert.equal(e.receipt.status, 0);
    assert.equal(e.receipt.hash, tx.hash);
    return true;
  });
  const receipt = await provider.getTransactionReceipt(tx.hash);
  assert.equal(receipt.status, 0);
  assert.equal(receipt.logs.length, 0);
});

test("confirming pays the maker", async () => {
  const before = await provider.getBalance(await maker.getAddress());
  const receipt = await (await escrow.connect(customer).confirm(1n)).wait(1, WAIT_MS);
  assert.equal(receipt.status, 1);
  const paid = receipt.logs.map((log) => escrow.interface.parseLog(log)).find((e) => e.name === "JobPaid");
  assert.equal(paid.args.amount, parseEther("2"));
  assert.equal(await provider.getBalance(await maker.getAddress()), before + parseEther("2"));
  assert.equal(await escrow.escrowed(), 0n);
});
