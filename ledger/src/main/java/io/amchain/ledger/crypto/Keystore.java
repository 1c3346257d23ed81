package io.amchain.ledger.crypto;

import io.amchain.ledger.crypto.KeystoreException.Reason;
import io.amchain.ledger.types.Address;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A directory of key files as geth keeps one: one {@link KeyFile} per account, named {@code
 * UTC--<creation time>--<address>}, readable by geth, Besu and ethers and the other way round.
 */
public final class Keystore {
  private final Path directory;

  private Keystore(final Path directory) {
    this.directory = directory;
  }

  /** The keystore in {@code directory}; the directory is created by the first {@link #store}. */
  public static Keystore at(final Path directory) {
    return new Keystore(directory);
  }

  /** An account: its address and the file that holds its key. */
  public record Account(Address address, Path file) {}

  public Path directory() {
    return directory;
  }

  /**
   * The accounts, ordered by file name (creation time for files this class wrote). Files that are
   * not key files (hidden files, editor backups, other JSON) are passed over, as geth does.
   */
  public List<Account> accounts() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    final List<Account> accounts = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (final Path file : files.sorted(Comparator.comparing(Path::getFileName)).toList()) {
        final String name = file.getFileName().toString();
        if (name.startsWith(".") || name.endsWith("~") || !Files.isRegularFile(file)) {
          continue;
        }
        try {
          accounts.add(new Account(KeyFile.address(Files.readString(file)), file));
        } catch (KeystoreException | IOException e) {
          // Not a key file: a keystore directory may hold other files.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list keystore " + directory, e);
    }
    return List.copyOf(accounts);
  }

  /** The account with this address, or null. */
  public @Nullable Account find(final Address address) {
    for (final Account account : accounts()) {
      if (account.address().equals(address)) {
        return account;
      }
    }
    return null;
  }

  /**
   * Encrypts a key into a new file, written whole or not at all, readable by its owner only.
   *
   * @throws KeystoreException {@link Reason#ACCOUNT_EXISTS} if the keystore has this account
   */
  public Account store(
      final PrivateKey key, final String password, final KeyFile.ScryptParams scrypt) {
    final Address address = key.publicKey().address();
    final Account existing = find(address);
    if (existing != null) {
      throw new KeystoreException(
          Reason.ACCOUNT_EXISTS,
          "account " + address.toChecksumHex() + " already exists in " + existing.file());
    }
    final String json = KeyFile.encrypt(key, password, scrypt);
    final Path file = directory.resolve(fileName(Instant.now(), address));
    try {
      createDirectory();
      // A hidden temporary file (0600 on POSIX), then a rename: no half-written key file.
      final Path temporary = Files.createTempFile(directory, ".key-", ".tmp");
      Files.writeString(temporary, json);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write key file in " + directory, e);
    }
    return new Account(address, file);
  }

  /**
   * The private key of an account.
   *
   * @throws KeystoreException {@link Reason#NO_SUCH_ACCOUNT}, {@link Reason#WRONG_PASSWORD}, or
   *     {@link Reason#KEY_MISMATCH} if the file holds the key of another address
   */
  public PrivateKey unlock(final Address address, final String password) {
    final Account account = find(address);
    if (account == null) {
      throw new KeystoreException(
          Reason.NO_SUCH_ACCOUNT, "no key for " + address.toChecksumHex() + " in " + directory);
    }
    final PrivateKey key;
    try {
      key = KeyFile.decrypt(Files.readString(account.file()), password);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read key file " + account.file(), e);
    }
    if (!key.publicKey().address().equals(address)) {
      throw new KeystoreException(
          Reason.KEY_MISMATCH,
          account.file() + " claims " + address.toChecksumHex() + " but holds another key");
    }
    return key;
  }

  /**
   * geth's file name: {@code UTC--2016-03-22T12-57-55.920751759Z--<address hex>}, the ISO 8601 time
   * with '-' for ':' (which some file systems refuse).
   */
  public static String fileName(final Instant created, final Address address) {
    return "UTC--" + created.toString().replace(':', '-') + "--" + address.toHex().substring(2);
  }

  private void createDirectory() throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(
          directory,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(directory);
    }
  }
}
