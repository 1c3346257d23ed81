package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.contracts.MemberRegistry.Founder;
import io.amchain.contracts.MemberRegistry.Role;
import io.amchain.contracts.PlatformContract;
import io.amchain.contracts.PlatformDeployer;
import io.amchain.contracts.PlatformManifest;
import io.amchain.ledger.crypto.DevAccounts;
import io.amchain.ledger.crypto.KeyFile;
import io.amchain.ledger.types.Address;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code amchain platform deploy|status} refuse bad input with a sentence and a non-zero exit,
 * before sending anything: nothing listens at the endpoint these tests name (platform-cli's port
 * range, offset 499), so a check that came too late would fail on the endpoint instead.
 */
class PlatformCommandInputTest {
  private static final String KEY_0 = DevAccounts.key(0).toBytes().toHex();
  private static final String A0 = DevAccounts.key(0).publicKey().address().toChecksumHex();
  private static final String A1 = DevAccounts.key(1).publicKey().address().toChecksumHex();
  private static final String NOWHERE = "http://127.0.0.1:" + (8545 + 499);

  @TempDir Path dir;

  /** A deploy run; the endpoint and key are added unless {@code more} gives its own. */
  private CliRun deploy(final String founders, final String... more) {
    final List<String> given = List.of(more);
    final List<String> args =
        new ArrayList<>(
            List.of(
                "platform",
                "deploy",
                "--founders",
                founders,
                "--out",
                dir.resolve("platform.json").toString()));
    if (!given.contains("--rpc")) {
      args.addAll(List.of("--rpc", NOWHERE));
    }
    if (!given.contains("--key") && !given.contains("--keystore") && !given.contains("--no-key")) {
      args.addAll(List.of("--key", KEY_0));
    }
    args.addAll(given.stream().filter(arg -> !arg.equals("--no-key")).toList());
    return CliRun.of(args.toArray(String[]::new));
  }

  private static void assertError(final CliRun run, final String message) {
    assertNotEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.err().contains(message), "expected \"" + message + "\" in:\n" + run.err());
    assertFalse(run.err().contains("\tat "), "a stack trace:\n" + run.err());
  }

  @Test
  void foundersThatAreNotAddrRoleSigner() {
    assertError(deploy(A0), "--founders: \"" + A0 + "\" is not ADDR:ROLE or ADDR:MINER:SIGNER");
    assertError(deploy(A0 + ":MINER:" + A0 + ":x"), "is not ADDR:ROLE or ADDR:MINER:SIGNER");
    assertError(deploy("0x1234:MINER:" + A0), "--founders: \"0x1234\" is not an address");
  }

  @Test
  void anUnknownRole() {
    assertError(
        deploy(A0 + ":BOSS"),
        "--founders: unknown role \"BOSS\" in \""
            + A0
            + ":BOSS\" (one of CUSTOMER, PROVIDER, MINER, ARBITER)");
  }

  @Test
  void aMinerWithoutSignerAndASignerForAnotherRole() {
    assertError(
        deploy(A0 + ":MINER"),
        "--founders: \"" + A0 + ":MINER\" is a MINER without a signer: write ADDR:MINER:SIGNER");
    assertError(
        deploy(A0 + ":MINER:" + A0 + "," + A1 + ":PROVIDER:" + A1),
        "only a MINER has a signer (ADDR:PROVIDER)");
  }

  @Test
  void foundersThatCouldNeverGovern() {
    assertError(
        deploy(A0 + ":CUSTOMER," + A1 + ":ARBITER"),
        "at least one founder must be a PROVIDER or MINER");
    assertError(
        deploy(A0 + ":MINER:" + A0 + "," + A1 + ":MINER:" + A0),
        "signer " + A0 + " is given to two MINER founders");
    assertError(deploy(A0 + ":PROVIDER," + A0 + ":provider"), "is listed twice as PROVIDER");
  }

  @Test
  void badFees() {
    assertError(deploy(A0 + ":PROVIDER", "--fees", "100,100"), "--fees takes three");
    assertError(deploy(A0 + ":PROVIDER", "--fees", "1000,1000,1"), "at most 2000");
    assertError(deploy(A0 + ":PROVIDER", "--fees", "a,1,1"), "is not a whole number");
  }

  @Test
  void aMissingOrBadKey() {
    assertError(
        deploy(A0 + ":PROVIDER", "--no-key"),
        "give the deployer's key with --key HEX or --keystore FILE");
    assertError(
        deploy(A0 + ":PROVIDER", "--key", "0x1234"),
        "--key must be a 32-byte private key in hex (64 hex digits)");
    assertError(
        deploy(A0 + ":PROVIDER", "--key", "0x" + "00".repeat(32)),
        "--key is not a valid secp256k1 private key");
    assertError(
        deploy(A0 + ":PROVIDER", "--keystore", dir.resolve("none.json").toString()),
        "--keystore: no key file");
    assertError(
        deploy(A0 + ":PROVIDER", "--keystore", dir.toString()),
        "is a directory: give the key file itself");
  }

  @Test
  void aKeyFileWithTheWrongPassword() throws IOException {
    final Path keyFile = dir.resolve("key.json");
    Files.writeString(
        keyFile, KeyFile.encrypt(DevAccounts.key(0), "right", KeyFile.ScryptParams.LIGHT));
    final Path password = dir.resolve("password");
    Files.writeString(password, "wrong\n");
    assertError(
        deploy(
            A0 + ":PROVIDER",
            "--keystore",
            keyFile.toString(),
            "--password-file",
            password.toString()),
        KeyFile.WRONG_PASSWORD);
  }

  @Test
  void anUnreachableOrBadEndpoint() {
    assertError(
        deploy(A0 + ":PROVIDER"),
        "cannot reach the JSON-RPC endpoint " + NOWHERE + " (eth_chainId)");
    assertError(
        deploy(A0 + ":PROVIDER", "--rpc", "ws://127.0.0.1:8545"),
        "the JSON-RPC endpoint must be an http:// or https:// URL");
    assertError(
        CliRun.of("platform", "status", "--rpc", NOWHERE, "--manifest", writeManifest().toString()),
        "cannot reach the JSON-RPC endpoint " + NOWHERE);
  }

  @Test
  void statusWithoutAManifest() {
    assertError(
        CliRun.of("platform", "status", "--manifest", dir.resolve("none.json").toString()),
        "no manifest " + dir.resolve("none.json"));
    assertError(CliRun.of("platform", "status"), "Missing required option: '--manifest=FILE'");
  }

  @Test
  void anOutThatCannotBeWritten() {
    assertError(
        CliRun.of(
            "platform",
            "deploy",
            "--rpc",
            NOWHERE,
            "--key",
            KEY_0,
            "--founders",
            A0 + ":PROVIDER",
            "--out",
            dir.toString()),
        "is a directory; give a file name");
  }

  /** A well-formed manifest (its addresses are account 0's first CREATE addresses). */
  private Path writeManifest() {
    final Path file = dir.resolve("platform.json");
    final Map<PlatformContract, Address> contracts = new EnumMap<>(PlatformContract.class);
    long nonce = 0;
    for (final PlatformContract contract : PlatformContract.values()) {
      contracts.put(
          contract,
          PlatformDeployer.createAddress(Address.fromHex(A0), BigInteger.valueOf(nonce++)));
    }
    new PlatformManifest(
            1337,
            contracts,
            List.of(new Founder(Address.fromHex(A0), Role.PROVIDER, Address.ZERO)),
            Address.fromHex(A0),
            Address.fromHex(A0),
            Address.fromHex(A0),
            null)
        .write(file);
    return file;
  }

  @Test
  void helpListsTheSubcommands() {
    final CliRun run = CliRun.of("platform", "--help");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("deploy") && run.out().contains("status"), run.out());
  }
}
