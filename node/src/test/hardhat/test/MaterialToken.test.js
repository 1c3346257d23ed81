// A Hardhat 3 contract test suite as a Hardhat user writes it, run against an AMChain devnet:
// `npx hardhat test nodejs --network amchain`. Every transaction is mined by the devnet's signers.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";

const SUPPLY = 1_000_000n * 10n ** 18n;

/** The reason string of a revert, decoded from the error's revert data (Error(string)). */
async function revertReason(promise, contract) {
  try {
    await promise;
  } catch (e) {
    assert.match(e.message, /execution reverted/);
    return contract.interface.parseError(e.data)?.args[0];
  }
  assert.fail("expected a revert");
}

describe("MaterialToken on AMChain", () => {
  let ethers;
  let token;
  let owner;
  let printer;
  let buyer;

  before(async () => {
    ({ ethers } = await network.create());
    [owner, printer, buyer] = await ethers.getSigners();
    token = await ethers.deployContract("MaterialToken", [SUPPLY]);
    await token.waitForDeployment();
  });

  it("runs on the devnet's chain", async () => {
    assert.equal((await ethers.provider.getNetwork()).chainId, 1337n);
    assert.ok((await ethers.provider.getBalance(owner.address)) > 0n, "the dev account is funded");
  });

  it("gives the whole supply to the deployer", async () => {
    assert.equal(await token.totalSupply(), SUPPLY);
    assert.equal(await token.balanceOf(owner.address), SUPPLY);
    assert.equal(await token.symbol(), "AMC");
    const deployment = await token.deploymentTransaction().wait();
    const [minted] = await token.queryFilter(token.filters.Transfer(ethers.ZeroAddress), deployment.blockNumber);
    assert.equal(minted.args.value, SUPPLY);
  });

  it("transfers and emits Transfer", async () => {
    const receipt = await (await token.transfer(printer.address, 500n)).wait();
    assert.equal(receipt.status, 1);
    const [event] = receipt.logs.map((log) => token.interface.parseLog(log));
    assert.equal(event.name, "Transfer");
    assert.deepEqual([event.args.from, event.args.to, event.args.value], [owner.address, printer.address, 500n]);
    assert.equal(await token.balanceOf(printer.address), 500n);
  });

  it("spends an allowance through transferFrom", async () => {
    await (await token.connect(printer).approve(buyer.address, 200n)).wait();
    assert.equal(await token.allowance(printer.address, buyer.address), 200n);
    await (await token.connect(buyer).transferFrom(printer.address, buyer.address, 150n)).wait();
    assert.equal(await token.balanceOf(buyer.address), 150n);
    assert.equal(await token.allowance(printer.address, buyer.address), 50n);
  });

  it("reverts with the contract's reasons", async () => {
    assert.equal(
      await revertReason(token.connect(buyer).transfer.staticCall(printer.address, 10n ** 30n), token),
      "balance too low",
    );
    assert.equal(
      await revertReason(token.connect(buyer).transferFrom.estimateGas(printer.address, buyer.address, 51n), token),
      "allowance too low",
    );
    assert.equal(await revertReason(token.transfer(ethers.ZeroAddress, 1n), token), "transfer to the zero address");
    assert.equal(await token.balanceOf(buyer.address), 150n, "nothing moved");
  });

  it("mines a reverting transaction with status 0", async () => {
    const tx = await token.connect(buyer).transfer(printer.address, 10n ** 30n, { gasLimit: 100_000n });
    await assert.rejects(tx.wait());
    const receipt = await ethers.provider.getTransactionReceipt(tx.hash);
    assert.equal(receipt.status, 0);
    assert.equal(receipt.logs.length, 0);
    assert.equal(await token.balanceOf(buyer.address), 150n, "nothing moved");
  });
});
