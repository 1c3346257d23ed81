package io.amchain.ledger.crypto;

import java.util.ArrayList;
import java.util.List;

/**
 * The development accounts: keys at {@code m/44'/60'/0'/0/i} of a mnemonic, by default the
 * well-known {@code test test ... junk} one, so the devnet has the accounts Hardhat and Anvil have.
 * These keys are public knowledge: they guard nothing.
 */
public final class DevAccounts {
  /** The mnemonic Hardhat, Anvil and Foundry use for their development accounts. */
  public static final String MNEMONIC =
      "test test test test test test test test test test test junk";

  /** BIP-44's path for Ethereum's first account's external chain; account i is child i. */
  public static final DerivationPath ACCOUNTS_PATH = DerivationPath.parse("m/44'/60'/0'/0");

  private DevAccounts() {}

  /** Account {@code index} of {@link #MNEMONIC}. */
  public static PrivateKey key(final int index) {
    return key(MNEMONIC, index);
  }

  /** Account {@code index} of a mnemonic without passphrase. */
  public static PrivateKey key(final String mnemonic, final int index) {
    if (index < 0) {
      throw new IllegalArgumentException("account index must not be negative, got " + index);
    }
    return HdKey.fromSeed(Mnemonic.seed(mnemonic), ACCOUNTS_PATH.child(index)).privateKey();
  }

  /** Accounts {@code 0..count-1} of a mnemonic without passphrase; the seed is stretched once. */
  public static List<PrivateKey> keys(final String mnemonic, final int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
    final HdKey chain = HdKey.fromSeed(Mnemonic.seed(mnemonic), ACCOUNTS_PATH);
    final List<PrivateKey> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add(chain.child(i).privateKey());
    }
    return List.copyOf(keys);
  }
}
