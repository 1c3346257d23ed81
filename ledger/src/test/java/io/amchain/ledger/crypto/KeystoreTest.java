package io.amchain.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.ledger.crypto.KeystoreException.Reason;
import io.amchain.ledger.types.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreTest {
  private static final KeyFile.ScryptParams LIGHT = KeyFile.ScryptParams.LIGHT;

  @Test
  void storeListAndUnlock(@TempDir final Path dir) {
    final Keystore keystore = Keystore.at(dir.resolve("keystore"));
    assertEquals(List.of(), keystore.accounts(), "a keystore that does not exist yet is empty");
    final PrivateKey first = DevAccounts.key(0);
    final PrivateKey second = DevAccounts.key(1);
    final Keystore.Account a = keystore.store(first, "one", LIGHT);
    final Keystore.Account b = keystore.store(second, "two", LIGHT);
    assertEquals(List.of(a, b), keystore.accounts());
    assertEquals(first, keystore.unlock(a.address(), "one"));
    assertEquals(second, keystore.unlock(b.address(), "two"));
    assertEquals(b, keystore.find(second.publicKey().address()));
  }

  @Test
  void filesAreNamedAsGethNamesThem(@TempDir final Path dir) {
    final Keystore.Account account = Keystore.at(dir).store(DevAccounts.key(0), "p", LIGHT);
    assertTrue(
        account
            .file()
            .getFileName()
            .toString()
            .matches(
                "UTC--\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d(\\.\\d+)?Z--"
                    + "f39fd6e51aad88f6f4ce6ab8827279cfffb92266"),
        account.file().toString());
    assertEquals(
        "UTC--2016-03-22T12-57-55.920751759Z--f39fd6e51aad88f6f4ce6ab8827279cfffb92266",
        Keystore.fileName(
            Instant.parse("2016-03-22T12:57:55.920751759Z"),
            Address.fromHex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")));
  }

  @Test
  void keyFilesAreReadableByTheirOwnerOnly(@TempDir final Path dir) throws IOException {
    final Path keystoreDir = dir.resolve("keys");
    final Keystore.Account account = Keystore.at(keystoreDir).store(DevAccounts.key(0), "p", LIGHT);
    if (Files.getFileStore(keystoreDir).supportsFileAttributeView("posix")) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(account.file())));
      assertEquals(
          "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keystoreDir)));
    }
    try (Stream<Path> files = Files.list(keystoreDir)) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  void aWrongPasswordIsRefused(@TempDir final Path dir) {
    final Keystore keystore = Keystore.at(dir);
    final Keystore.Account account = keystore.store(DevAccounts.key(0), "right", LIGHT);
    final KeystoreException e =
        assertThrows(KeystoreException.class, () -> keystore.unlock(account.address(), "wrong"));
    assertEquals(Reason.WRONG_PASSWORD, e.reason());
    assertEquals(KeyFile.WRONG_PASSWORD, e.getMessage());
  }

  @Test
  void anAccountIsStoredOnce(@TempDir final Path dir) {
    final Keystore keystore = Keystore.at(dir);
    keystore.store(DevAccounts.key(0), "p", LIGHT);
    final KeystoreException e =
        assertThrows(KeystoreException.class, () -> keystore.store(DevAccounts.key(0), "q", LIGHT));
    assertEquals(Reason.ACCOUNT_EXISTS, e.reason());
    assertTrue(e.getMessage().contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
  }

  @Test
  void anUnknownAccountCannotBeUnlocked(@TempDir final Path dir) {
    final Keystore keystore = Keystore.at(dir);
    final Address unknown = DevAccounts.key(5).publicKey().address();
    assertNull(keystore.find(unknown));
    assertEquals(
        Reason.NO_SUCH_ACCOUNT,
        assertThrows(KeystoreException.class, () -> keystore.unlock(unknown, "p")).reason());
  }

  @Test
  void otherFilesInTheDirectoryArePassedOver(@TempDir final Path dir) throws IOException {
    final Keystore keystore = Keystore.at(dir);
    final Keystore.Account account = keystore.store(DevAccounts.key(0), "p", LIGHT);
    Files.writeString(dir.resolve("README"), "not a key");
    Files.writeString(dir.resolve("other.json"), "{\"version\": 3}");
    Files.copy(account.file(), dir.resolve(account.file().getFileName() + "~"));
    Files.copy(account.file(), dir.resolve(".hidden"));
    Files.createDirectory(dir.resolve("sub"));
    assertEquals(List.of(account), keystore.accounts());
  }

  @Test
  void aFileClaimingAnotherAddressIsCaught(@TempDir final Path dir) throws IOException {
    final Keystore keystore = Keystore.at(dir);
    final Keystore.Account account = keystore.store(DevAccounts.key(0), "p", LIGHT);
    final Address other = DevAccounts.key(1).publicKey().address();
    final String json = Files.readString(account.file());
    Files.writeString(
        account.file(),
        json.replace(account.address().toHex().substring(2), other.toHex().substring(2)));
    assertEquals(
        Reason.KEY_MISMATCH,
        assertThrows(KeystoreException.class, () -> keystore.unlock(other, "p")).reason());
  }
}
