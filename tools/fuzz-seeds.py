#!/usr/bin/env python3
"""Writes the seed corpora of the Jazzer fuzz targets (docs/fuzzing.md) from the conformance vectors.

Usage: python3 tools/fuzz-seeds.py [CONFORMANCE_DIR]   (default: ../shared/conformance/ethereum-tests)

Each target's corpus is a folder of small files under src/test/resources/<package>/<Class>Inputs/<method>/,
where Jazzer's JUnit integration reads them: in a normal build every file runs as one regression input,
and when fuzzing they seed libFuzzer. The vectors themselves stay outside the repository; only a few
dozen inputs per target are picked, deterministically (sorted names, evenly spaced), so running this
again gives the same files. Only the Python standard library is used.

The Kryo wire target's frames are written by the serializer itself, from the payloads this script
leaves in actors/src/test/resources/io/amchain/actors/wire/seed-payloads/: run afterwards
  mvn -B -pl actors -am verify -Dtest=WireSeedCorpusTest -Dsurefire.failIfNoSpecifiedTests=false \
      -Dfuzz.seeds.write=true
"""

import hashlib
import json
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VECTORS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "conformance", "ethereum-tests")
PER_TARGET = 30


def rlp(item):
    """RLP of bytes or a list of items (Yellow Paper, appendix B)."""
    if isinstance(item, list):
        payload = b"".join(rlp(x) for x in item)
        return length_prefix(len(payload), 0xC0) + payload
    if len(item) == 1 and item[0] < 0x80:
        return item
    return length_prefix(len(item), 0x80) + item


def length_prefix(length, base):
    if length < 56:
        return bytes([base + length])
    n = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([base + 55 + len(n)]) + n


def scalar(value):
    return value.to_bytes((value.bit_length() + 7) // 8, "big") if value else b""


def unhex(text):
    text = text[2:] if text.startswith("0x") else text
    return bytes.fromhex(text)


def pick(items, count=PER_TARGET):
    """At most count items, evenly spaced over the sorted list."""
    items = sorted(items)
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def write_corpus(module, package, test_class, method, seeds):
    folder = os.path.join(ROOT, module, "src", "test", "resources", *package.split("."), test_class + "Inputs", method)
    if os.path.isdir(folder):
        for name in os.listdir(folder):
            if name.startswith("seed-"):
                os.remove(os.path.join(folder, name))
    os.makedirs(folder, exist_ok=True)
    for name, data in seeds:
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:80]
        with open(os.path.join(folder, "seed-" + safe), "wb") as out:
            out.write(data)
    print(f"{len(seeds):3d} seeds  {os.path.relpath(folder, ROOT)}")


def load(path):
    with open(os.path.join(VECTORS, path)) as f:
        return json.load(f)


def rlp_vectors():
    seeds = []
    for file in ("rlptest.json", "invalidRLPTest.json", "RandomRLPTests/example.json"):
        for name, case in load("RLPTests/" + file).items():
            seeds.append((os.path.basename(file).split(".")[0] + "-" + name, unhex(case["out"])))
    return seeds


def transaction_vectors():
    """(name, txbytes, sender or None) of every TransactionTests case, sender when some fork accepts it."""
    out = []
    base = os.path.join(VECTORS, "TransactionTests")
    for folder in sorted(os.listdir(base)):
        for file in sorted(os.listdir(os.path.join(base, folder))):
            for name, case in load(os.path.join("TransactionTests", folder, file)).items():
                senders = [r["sender"] for r in case.get("result", {}).values() if "sender" in r]
                try:
                    tx = unhex(case["txbytes"])
                except ValueError:
                    continue
                out.append((folder + "-" + name, tx, senders[0] if senders else None))
    return out


def genesis(name):
    with open(os.path.join(ROOT, "ledger", "src", "test", "resources", "genesis", name + ".json")) as f:
        return json.load(f)


def header(extra, number=0, base_fee=None, timestamp=0x5C51A607, gas_limit=0xA00000):
    fields = [
        bytes(32),  # parent
        unhex("0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347"),  # empty ommers
        bytes(20),
        bytes(32),
        unhex("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"),  # empty trie
        unhex("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"),
        bytes(256),
        scalar(1),
        scalar(number),
        scalar(gas_limit),
        b"",
        scalar(timestamp),
        extra,
        bytes(32),
        bytes(8),
    ]
    if base_fee is not None:
        fields.append(scalar(base_fee))
    return fields


def block(head, txs):
    """A block [header, txs, []]: a legacy transaction is its RLP list, a typed one an RLP string."""
    body = b"".join(tx if tx[0] >= 0xC0 else rlp(tx) for tx in txs)
    payload = rlp(head) + length_prefix(len(body), 0xC0) + body + rlp([])
    return length_prefix(len(payload), 0xC0) + payload


def main():
    rlps = rlp_vectors()
    write_corpus("ledger", "io.amchain.ledger.rlp", "RlpFuzzTest", "decodeRefusesOrRoundTrips", pick(rlps))

    txs = transaction_vectors()
    write_corpus("ledger", "io.amchain.ledger.tx", "TransactionFuzzTest", "decodeRefusesOrRoundTrips",
                 pick([(n, t) for n, t, _ in txs]))

    valid = [(n, t) for n, t, s in txs if s is not None]
    goerli, rinkeby = genesis("goerli"), genesis("rinkeby")
    blocks = [
        ("goerli-genesis", block(header(unhex(goerli["extraData"])), [])),
        ("rinkeby-genesis", block(header(unhex(rinkeby["extraData"]), gas_limit=int(rinkeby["gasLimit"], 16)), [])),
    ]
    chosen = pick(valid, 26)
    for i in range(0, len(chosen), 2):
        pair = chosen[i:i + 2]
        blocks.append(("txs-" + pair[0][0], block(header(bytes(97), number=i + 1, base_fee=7), [t for _, t in pair])))
    for i, (name, tx) in enumerate(chosen[:2]):
        blocks.append(("one-" + name, block(header(bytes(97), number=100 + i), [tx])))
    write_corpus("ledger", "io.amchain.ledger.block", "BlockFuzzTest", "decodeRefusesOrRoundTrips", blocks)

    signers = sorted({unhex(s) for _, _, s in txs if s is not None})[:4]
    vanity = b"AMChain fuzz seed".ljust(32, b"\0")
    extras = [("goerli", unhex(goerli["extraData"])), ("rinkeby", unhex(rinkeby["extraData"]))]
    for n in range(len(signers) + 1):
        extras.append((f"signers-{n}", vanity + b"".join(signers[:n]) + bytes(65)))
    goerli_extra = unhex(goerli["extraData"])
    for cut in (0, 31, 32, 96, 97, 98, 116, len(goerli_extra) - 1):
        extras.append((f"goerli-cut-{cut}", goerli_extra[:cut]))
    extras.append(("signer-list-not-20", vanity + signers[0][:7] + bytes(65)))
    extras.append(("recovery-id-2", vanity + bytes(64) + b"\x02"))
    extras.append(("high-r", vanity + b"\xff" * 64 + b"\x00"))
    write_corpus("consensus", "io.amchain.consensus.clique", "CliqueExtraDataFuzzTest", "extraDataRefusesOrParses",
                 extras)

    # The journal target: byte 0 modulo 3 picks the manifest (block-imported-v1, chain-state-v1,
    # chain-state-v2).
    events = [("block-" + n, b"\0" + b) for n, b in blocks[:14]]
    for n in (0, 1, 255, 2**32, 2**63 - 1):
        state = rlp([hashlib.sha256(scalar(n)).digest(), scalar(n), scalar(n + 1)])
        events.append((f"state-{n}", b"\1" + state))
    events.append(("state-bad-hash", b"\1" + rlp([bytes(31), b"\x01", b"\x02"])))
    events.append(("state-leading-zero", b"\1" + rlp([bytes(32), b"\x00\x01", b"\x02"])))
    for n in (0, 1, 2**63 - 1):
        events.append((f"state-v2-{n}", b"\2" + rlp([scalar(n)])))
    events.append(("state-v2-two-fields", b"\2" + rlp([b"\x01", b"\x02"])))
    write_corpus("actors", "io.amchain.actors.chain", "ChainEventSerializerFuzzTest", "fromBinaryRefusesOrRoundTrips",
                 events)

    payloads = os.path.join(ROOT, "actors", "src", "test", "resources", "io", "amchain", "actors", "wire", "seed-payloads")
    shutil.rmtree(payloads, ignore_errors=True)
    os.makedirs(payloads)
    for name, data in pick(valid, 8) + blocks[:4]:
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:80]
        with open(os.path.join(payloads, safe), "wb") as out:
            out.write(data)
    print(f"{len(os.listdir(payloads)):3d} payloads {os.path.relpath(payloads, ROOT)}")

    requests = []
    raw = pick(txs, 8)
    for name, tx, _ in raw:
        requests.append(("send-" + name, {"jsonrpc": "2.0", "id": 1, "method": "eth_sendRawTransaction",
                                          "params": ["0x" + tx.hex()]}))
    quantities = ["0x0", "0x1", "latest", "pending", "earliest", "safe", "finalized", "0x00", "0x" + "f" * 16,
                  "0x" + "f" * 64, "1", ""]
    for q in quantities:
        requests.append(("block-" + (q or "empty"), {"jsonrpc": "2.0", "id": q, "method": "eth_getBlockByNumber",
                                                     "params": [q, True]}))
    sender = next(s for _, _, s in txs if s is not None)
    requests += [
        ("balance", {"jsonrpc": "2.0", "id": 2, "method": "eth_getBalance", "params": [sender, "latest"]}),
        ("nonce-pending", {"jsonrpc": "2.0", "id": 3, "method": "eth_getTransactionCount", "params": [sender, "pending"]}),
        ("call", {"jsonrpc": "2.0", "id": 4, "method": "eth_call",
                  "params": [{"to": sender, "data": "0x" + raw[0][1][:36].hex(), "gas": "0x" + "f" * 16}, "latest"]}),
        ("estimate", {"jsonrpc": "2.0", "id": 5, "method": "eth_estimateGas",
                      "params": [{"from": sender, "value": "0x1"}]}),
        ("logs", {"jsonrpc": "2.0", "id": 6, "method": "eth_getLogs",
                  "params": [{"fromBlock": "0x0", "toBlock": "latest", "address": [sender],
                              "topics": [None, ["0x" + "00" * 32]]}]}),
        ("storage", {"jsonrpc": "2.0", "id": 7, "method": "eth_getStorageAt", "params": [sender, "0x0", "latest"]}),
        ("by-hash", {"jsonrpc": "2.0", "id": 8, "method": "eth_getBlockByHash", "params": ["0x" + "ab" * 32, False]}),
        ("fee-history", {"jsonrpc": "2.0", "id": 9, "method": "eth_feeHistory", "params": ["0x4", "latest", [25, 75]]}),
        ("clique-snapshot", {"jsonrpc": "2.0", "id": 10, "method": "clique_getSnapshot", "params": ["latest"]}),
        ("clique-propose", {"jsonrpc": "2.0", "id": 11, "method": "clique_propose", "params": [sender, True]}),
        ("txpool", {"jsonrpc": "2.0", "id": None, "method": "txpool_content", "params": []}),
        ("notification", {"jsonrpc": "2.0", "method": "eth_chainId"}),
        ("batch", [{"jsonrpc": "2.0", "id": 1, "method": "eth_blockNumber"},
                   {"jsonrpc": "2.0", "id": 2, "method": "net_version", "params": []}]),
        ("new-filter", {"jsonrpc": "2.0", "id": 12, "method": "eth_newFilter", "params": [{"fromBlock": "earliest"}]}),
    ]
    # Byte 0 of a JSON-RPC seed says whether the caller holds the bearer token (odd: yes).
    write_corpus("api", "io.amchain.api.rpc", "JsonRpcFuzzTest", "everyRequestGetsAWellFormedAnswer",
                 [(n, bytes([i % 2]) + json.dumps(r).encode()) for i, (n, r) in enumerate(requests)]
                 + [("parse-error", b"\0{\"jsonrpc\":"), ("non-ascii-hex", b"\1" + json.dumps(
                     {"jsonrpc": "2.0", "id": 1, "method": "eth_getBlockByNumber",
                      "params": ["0x\u0661", False]}).encode())])


if __name__ == "__main__":
    main()
