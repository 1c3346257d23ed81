package io.amchain.ledger.crypto;

import io.amchain.ledger.types.Bytes;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * BIP-39 seeds: a mnemonic sentence and an optional passphrase stretched into the 64-byte seed that
 * {@link HdKey#master} takes. The words are not checked against a word list: the seed is defined
 * for any sentence, and the devnet only needs the well-known one.
 */
public final class Mnemonic {
  private static final int ROUNDS = 2048;
  private static final int SEED_BITS = 512;

  private Mnemonic() {}

  /** PBKDF2-HMAC-SHA512, 2048 rounds, salt "mnemonic" + passphrase, both NFKD-normalised. */
  public static Bytes seed(final String sentence, final String passphrase) {
    final PKCS5S2ParametersGenerator pbkdf2 = new PKCS5S2ParametersGenerator(new SHA512Digest());
    pbkdf2.init(nfkd(sentence), nfkd("mnemonic" + passphrase), ROUNDS);
    return Bytes.wrap(((KeyParameter) pbkdf2.generateDerivedParameters(SEED_BITS)).getKey());
  }

  /** The seed without a passphrase. */
  public static Bytes seed(final String sentence) {
    return seed(sentence, "");
  }

  private static byte[] nfkd(final String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKD).getBytes(StandardCharsets.UTF_8);
  }
}
