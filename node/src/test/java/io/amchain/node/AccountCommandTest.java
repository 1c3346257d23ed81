package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.amchain.ledger.crypto.DevAccounts;
import io.amchain.ledger.crypto.KeyFile;
import io.amchain.ledger.crypto.Keystore;
import io.amchain.ledger.crypto.KeystoreException;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.types.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code amchain account new|list|import}, run in-process, with the light KDF. */
class AccountCommandTest {
  private static final Pattern ADDRESS =
      Pattern.compile("address of the key: +(0x[0-9a-fA-F]{40})");

  @TempDir Path dir;
  private Path keystore;
  private Path passwordFile;

  @BeforeEach
  void passwordFile() throws IOException {
    keystore = dir.resolve("keystore");
    passwordFile = dir.resolve("password.txt");
    Files.writeString(passwordFile, "correct horse\nsecond line is ignored\n");
  }

  private CliRun account(final String... args) {
    final String[] full = new String[args.length + 1];
    full[0] = "account";
    System.arraycopy(args, 0, full, 1, args.length);
    return CliRun.of(full);
  }

  private CliRun importKey(final String keyText) throws IOException {
    final Path keyFile = dir.resolve("key.hex");
    Files.writeString(keyFile, keyText);
    return account(
        "import",
        "--keystore",
        keystore.toString(),
        "--password-file",
        passwordFile.toString(),
        "--light-kdf",
        keyFile.toString());
  }

  private static Address printedAddress(final CliRun run) {
    final Matcher matcher = ADDRESS.matcher(run.out());
    assertTrue(matcher.find(), run.out());
    return Address.fromHex(matcher.group(1));
  }

  @Test
  void newCreatesAKeyThatOnlyThePasswordOpens() {
    final CliRun run =
        account(
            "new",
            "--keystore",
            keystore.toString(),
            "--password-file",
            passwordFile.toString(),
            "--light-kdf");
    assertEquals(0, run.exit(), run.err());
    final Address address = printedAddress(run);
    final Keystore.Account account = Keystore.at(keystore).find(address);
    assertTrue(account != null && run.out().contains(account.file().toString()), run.out());

    final PrivateKey key = Keystore.at(keystore).unlock(address, "correct horse");
    assertEquals(address, key.publicKey().address());
    final KeystoreException wrong =
        assertThrows(
            KeystoreException.class, () -> Keystore.at(keystore).unlock(address, "correct"));
    assertEquals(KeyFile.WRONG_PASSWORD, wrong.getMessage());
  }

  @Test
  void newWithoutAPasswordSaysHowToGiveOne() {
    assumeTrue(
        System.getenv(Password.ENVIRONMENT_VARIABLE) == null,
        "the environment sets " + Password.ENVIRONMENT_VARIABLE);
    final CliRun run = account("new", "--keystore", keystore.toString(), "--light-kdf");
    assertEquals(2, run.exit());
    assertTrue(run.err().startsWith("error: no password"), run.err());
    assertTrue(run.err().contains("--password-file"), run.err());
    assertTrue(run.err().contains("AMCHAIN_PASSWORD"), run.err());
    assertFalse(Files.exists(keystore), "nothing is written without a password");
  }

  @Test
  void aMissingPasswordFileIsAnError() {
    final CliRun run =
        account(
            "new",
            "--keystore",
            keystore.toString(),
            "--password-file",
            dir.resolve("absent").toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("no password file"), run.err());
  }

  @Test
  void importStoresTheGivenKey() throws IOException {
    final PrivateKey key = DevAccounts.key(0);
    final CliRun run = importKey(key.toBytes().toHex() + "\n");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), run.out());
    assertEquals(key, Keystore.at(keystore).unlock(key.publicKey().address(), "correct horse"));
  }

  @Test
  void importTakesHexWithoutPrefix() throws IOException {
    final PrivateKey key = DevAccounts.key(1);
    assertEquals(0, importKey(key.toBytes().toHex().substring(2)).exit());
    assertEquals(key, Keystore.at(keystore).unlock(key.publicKey().address(), "correct horse"));
  }

  @Test
  void importRefusesWhatIsNotAKeyWithoutQuotingIt() throws IOException {
    for (final String bad :
        List.of(
            "0x" + "zz".repeat(32),
            "0x" + "ab".repeat(31),
            "ab".repeat(33),
            "-----BEGIN EC PRIVATE KEY-----",
            "")) {
      final CliRun run = importKey(bad);
      assertEquals(2, run.exit(), bad);
      assertTrue(run.err().contains("does not hold a private key"), run.err());
      assertTrue(bad.isEmpty() || !run.err().contains(bad.substring(2)), run.err());
    }
    final CliRun zero = importKey("00".repeat(32));
    assertEquals(2, zero.exit());
    assertTrue(zero.err().contains("out of range"), zero.err());
    assertTrue(Keystore.at(keystore).accounts().isEmpty());
  }

  @Test
  void importingAnAccountTwiceIsRefused() throws IOException {
    final String hex = DevAccounts.key(0).toBytes().toHex();
    assertEquals(0, importKey(hex).exit());
    final CliRun again = importKey(hex);
    assertEquals(2, again.exit());
    assertTrue(again.err().contains("already exists"), again.err());
    assertEquals(1, Keystore.at(keystore).accounts().size());
  }

  @Test
  void importOfAMissingFileIsAnError() {
    final CliRun run =
        account(
            "import",
            "--keystore",
            keystore.toString(),
            "--password-file",
            passwordFile.toString(),
            dir.resolve("absent.hex").toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("no key file"), run.err());
  }

  @Test
  void listPrintsTheAccountsAsGethDoes() throws IOException {
    assertEquals(0, importKey(DevAccounts.key(0).toBytes().toHex()).exit());
    assertEquals(0, importKey(DevAccounts.key(1).toBytes().toHex()).exit());
    final CliRun run = account("list", "--keystore", keystore.toString());
    assertEquals(0, run.exit(), run.err());
    final List<Keystore.Account> accounts = Keystore.at(keystore).accounts();
    assertEquals(
        List.of(
            "Account #0: {f39fd6e51aad88f6f4ce6ab8827279cfffb92266} keystore://"
                + accounts.get(0).file().toAbsolutePath(),
            "Account #1: {70997970c51812dc3a010c7d01b50e0d17dc79c8} keystore://"
                + accounts.get(1).file().toAbsolutePath()),
        run.out().lines().toList());
  }

  @Test
  void listOfAnEmptyKeystorePrintsNoAccounts() {
    final CliRun run = account("list", "--keystore", keystore.toString());
    assertEquals(0, run.exit());
    assertEquals("", run.out());
    assertTrue(run.err().contains("no accounts"), run.err());
  }

  @Test
  void theKeystoreIsRequired() {
    assertNotEquals(0, account("list").exit());
    assertNotEquals(0, account("new").exit());
  }
}
