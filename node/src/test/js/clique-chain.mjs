// Builds a Clique (EIP-225) chain with ethers v6 alone, independently of AMChain's Java code:
// its own RLP (ethers.encodeRlp), Keccak and secp256k1 (ethers.SigningKey). Writes, into OUT_DIR:
//   genesis.json   geth genesis (London from block 0, clique period 1, epoch 10, empty alloc)
//   chain.rlp      blocks 1..N in geth's export format (concatenated RLP blocks)
//   part1.rlp, part2.rlp   the same blocks split in two files
//   tampered.rlp   the same blocks with one header altered after sealing
//   expected.json  the signer set at the head, the head hash and the tampered block number
// Usage: node clique-chain.mjs OUT_DIR [BLOCKS]
import { SigningKey, computeAddress, encodeRlp, keccak256, toBeHex, getBytes, hexlify, concat, id } from "ethers";
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const out = process.argv[2];
const blocks = Number(process.argv[3] ?? 40);
const EPOCH = 10n;
const PERIOD = 1n;
const ZERO32 = "0x" + "00".repeat(32);
const ZERO20 = "0x" + "00".repeat(20);
const EMPTY_TRIE = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";
const EMPTY_OMMERS = keccak256(encodeRlp([]));
const NONCE_AUTH = "0xffffffffffffffff";
const NONCE_DROP = "0x0000000000000000";

const q = (n) => (BigInt(n) === 0n ? "0x" : toBeHex(BigInt(n)));
const keyOf = (name) => new SigningKey(id("clique-chain-maker/" + name));
const names = ["A", "B", "C", "D"];
const keys = Object.fromEntries(names.map((n) => [n, keyOf(n)]));
const addr = Object.fromEntries(names.map((n) => [n, computeAddress(keys[n].publicKey).toLowerCase()]));
const sortAddrs = (list) => [...list].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
const nameOf = (address) => names.find((n) => addr[n] === address);

function headerFields(h) {
  return [h.parentHash, EMPTY_OMMERS, h.coinbase, EMPTY_TRIE, EMPTY_TRIE, EMPTY_TRIE,
    "0x" + "00".repeat(256), q(h.difficulty), q(h.number), q(h.gasLimit), q(0), q(h.timestamp),
    h.extra, ZERO32, h.nonce, q(h.baseFee)];
}
const hashOf = (h) => keccak256(encodeRlp(headerFields(h)));
function seal(h, key) {
  const unsealedExtra = h.extra.slice(0, h.extra.length - 130);
  const sealHash = keccak256(encodeRlp(headerFields({ ...h, extra: unsealedExtra })));
  const sig = key.sign(sealHash);
  h.extra = hexlify(concat([unsealedExtra, sig.r, sig.s, sig.yParity === 0 ? "0x00" : "0x01"]));
  return h;
}
const extraWith = (signers) => hexlify(concat([ZERO32, ...signers, "0x" + "00".repeat(65)]));

// EIP-1559 with empty blocks: the base fee falls by 1/8 each block.
const nextBaseFee = (fee) => fee - (fee * 15_000_000n) / 15_000_000n / 8n;

let signers = sortAddrs(["A", "B", "C"].map((n) => addr[n]));
const genesis = {
  parentHash: ZERO32, coinbase: ZERO20, difficulty: 1n, number: 0n, gasLimit: 30_000_000n,
  timestamp: 1_700_000_000n, extra: extraWith(signers), nonce: NONCE_DROP, baseFee: 1_000_000_000n,
};
const genesisJson = {
  config: { chainId: 4242, londonBlock: 0, clique: { period: Number(PERIOD), epoch: Number(EPOCH) } },
  nonce: "0x0", timestamp: q(genesis.timestamp), extraData: genesis.extra, gasLimit: q(genesis.gasLimit),
  difficulty: "0x1", mixHash: ZERO32, coinbase: ZERO20, baseFeePerGas: q(genesis.baseFee), alloc: {},
};

// Votes: A and B vote D in (2 of 3 is a majority); later B, C and D vote A out (3 of 4).
const plannedVotes = { 1: ["D", true], 2: ["D", true], 13: ["A", false], 14: ["A", false],
  15: ["A", false], 16: ["A", false] };
const votes = new Map(); // target -> Map(signer -> authorize)
const recents = new Map(); // number -> signer
const chain = [];
let parent = { ...genesis, hash: hashOf(genesis) };
for (let n = 1n; n <= BigInt(blocks); n++) {
  const limit = BigInt(Math.floor(signers.length / 2) + 1);
  const recent = (s) => [...recents].some(([num, who]) => who === s && num > n - limit);
  const inTurn = signers[Number(n % BigInt(signers.length))];
  const sealer = !recent(inTurn) ? inTurn : signers.find((s) => !recent(s));
  const checkpoint = n % EPOCH === 0n;
  let coinbase = ZERO20, nonce = NONCE_DROP;
  const plan = plannedVotes[Number(n)];
  if (!checkpoint && plan) {
    const target = addr[plan[0]];
    if (signers.includes(target) !== plan[1]) { coinbase = target; nonce = plan[1] ? NONCE_AUTH : NONCE_DROP; }
  }
  const h = seal({
    parentHash: parent.hash, coinbase, difficulty: sealer === inTurn ? 2n : 1n, number: n,
    gasLimit: parent.gasLimit, timestamp: parent.timestamp + PERIOD,
    extra: extraWith(checkpoint ? signers : []), nonce, baseFee: nextBaseFee(parent.baseFee),
  }, keys[nameOf(sealer)]);
  h.hash = hashOf(h);
  chain.push(h);
  // The generator's own tally (no cascading; the EIP's rules, minimal form).
  if (n >= limit) recents.delete(n - limit);
  recents.set(n, sealer);
  if (checkpoint) votes.clear();
  if (coinbase !== ZERO20) {
    const ballot = votes.get(coinbase) ?? new Map();
    ballot.set(sealer, nonce === NONCE_AUTH);
    votes.set(coinbase, ballot);
    const direction = nonce === NONCE_AUTH;
    const count = [...ballot.values()].filter((v) => v === direction).length;
    if (count > Math.floor(signers.length / 2)) {
      signers = direction ? sortAddrs([...signers, coinbase]) : signers.filter((s) => s !== coinbase);
      votes.delete(coinbase);
      if (!direction) {
        for (const ballots of votes.values()) ballots.delete(coinbase);
        const shrunk = BigInt(Math.floor(signers.length / 2) + 1);
        if (n >= shrunk) recents.delete(n - shrunk);
      }
    }
  }
  parent = h;
}

const encodeBlock = (h) => getBytes(encodeRlp([headerFields(h), [], []]));
const file = (hs) => Buffer.concat(hs.map((h) => Buffer.from(encodeBlock(h))));
const tamperAt = Math.floor(blocks / 2) + 1;
const tampered = chain.map((h, i) => (i + 1 === tamperAt ? { ...h, extra: "0x01" + h.extra.slice(4) } : h));

mkdirSync(out, { recursive: true });
writeFileSync(join(out, "genesis.json"), JSON.stringify(genesisJson, null, 2));
writeFileSync(join(out, "chain.rlp"), file(chain));
writeFileSync(join(out, "part1.rlp"), file(chain.slice(0, 17)));
writeFileSync(join(out, "part2.rlp"), file(chain.slice(17)));
writeFileSync(join(out, "tampered.rlp"), file(tampered));
writeFileSync(join(out, "expected.json"), JSON.stringify({
  signers: signers, head: parent.hash, headNumber: blocks, tamperedBlock: tamperAt,
  genesisHash: hashOf(genesis),
}, null, 2));
console.log(`wrote ${blocks} blocks; signers at head: ${signers.map(nameOf).join(",")}`);
