package io.amchain.ledger.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amchain.ledger.crypto.KeystoreException.Reason;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Keccak;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.UUID;
import org.bouncycastle.crypto.StreamCipher;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Web3 Secret Storage v3, the key file format of geth, Besu and ethers: a private key encrypted
 * with AES-128-CTR under a key stretched from a password by scrypt (or PBKDF2-HMAC-SHA256 when
 * reading), with the MAC keccak256(derivedKey[16..32] ‖ ciphertext) telling a wrong password.
 */
public final class KeyFile {
  /** The message geth gives for a wrong password, kept so that operators recognise it. */
  public static final String WRONG_PASSWORD = "could not decrypt key with given password";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int DERIVED_KEY_LENGTH = 32;

  /** Refuses scrypt parameters that would need more memory than this: a file must not OOM us. */
  private static final long MAX_SCRYPT_MEMORY = 1L << 30;

  /**
   * The cost of scrypt when writing a key file.
   *
   * @param n CPU and memory cost, a power of two
   * @param r block size
   * @param p parallelism
   */
  public record ScryptParams(int n, int r, int p) {
    /** geth's standard cost: about a second and 256 MiB per unlock. */
    public static final ScryptParams STANDARD = new ScryptParams(1 << 18, 8, 1);

    /** A light cost (4 MiB, milliseconds) for tests and the devnet, whose keys guard nothing. */
    public static final ScryptParams LIGHT = new ScryptParams(1 << 12, 8, 1);

    public ScryptParams {
      if (n < 2 || Integer.bitCount(n) != 1 || r < 1 || p < 1) {
        throw new IllegalArgumentException(
            "scrypt needs n a power of two above 1 and r, p >= 1; got n="
                + n
                + " r="
                + r
                + " p="
                + p);
      }
    }
  }

  private KeyFile() {}

  /** Encrypts a key under a password: the JSON of a new key file, with a random id. */
  public static String encrypt(
      final PrivateKey key, final String password, final ScryptParams scrypt) {
    final byte[] salt = random(32);
    final byte[] iv = random(16);
    final byte[] derived =
        scrypt(password, salt, scrypt.n(), scrypt.r(), scrypt.p(), DERIVED_KEY_LENGTH);
    final byte[] ciphertext = aes128Ctr(derived, iv, key.toBytes().toArray());

    final ObjectNode file = JSON.createObjectNode();
    file.put("address", hex(key.publicKey().address().bytes()));
    final ObjectNode crypto = file.putObject("crypto");
    crypto.put("cipher", "aes-128-ctr");
    crypto.put("ciphertext", hex(Bytes.wrap(ciphertext)));
    crypto.putObject("cipherparams").put("iv", hex(Bytes.wrap(iv)));
    crypto.put("kdf", "scrypt");
    final ObjectNode kdf = crypto.putObject("kdfparams");
    kdf.put("dklen", DERIVED_KEY_LENGTH);
    kdf.put("n", scrypt.n());
    kdf.put("p", scrypt.p());
    kdf.put("r", scrypt.r());
    kdf.put("salt", hex(Bytes.wrap(salt)));
    crypto.put("mac", hex(mac(derived, ciphertext)));
    file.put("id", UUID.randomUUID().toString());
    file.put("version", 3);
    return file.toString();
  }

  /**
   * Decrypts a key file with its password. Reads scrypt and PBKDF2-HMAC-SHA256 files.
   *
   * @throws KeystoreException {@link Reason#WRONG_PASSWORD} when the password does not open it,
   *     {@link Reason#MALFORMED} or {@link Reason#UNSUPPORTED} when it is not a file we can read
   */
  public static PrivateKey decrypt(final String json, final String password) {
    final JsonNode file = parse(json);
    if (file.path("version").asInt() != 3) {
      throw new KeystoreException(
          Reason.UNSUPPORTED, "key file version " + file.path("version") + ", expected 3");
    }
    // ethers writes "Crypto"; geth reads either, as Go decodes JSON names ignoring case.
    final JsonNode crypto = file.has("crypto") ? file.path("crypto") : file.path("Crypto");
    final String cipher = text(crypto, "cipher");
    if (!cipher.equals("aes-128-ctr")) {
      throw new KeystoreException(
          Reason.UNSUPPORTED, "cipher " + cipher + ", expected aes-128-ctr");
    }
    // Every field is read before the key derivation, which is slow on purpose.
    final byte[] ciphertext = bytes(crypto, "ciphertext");
    final byte[] mac = bytes(crypto, "mac");
    final byte[] iv = bytes(crypto.path("cipherparams"), "iv");
    if (iv.length != 16) {
      throw new KeystoreException(Reason.MALFORMED, "cipherparams.iv is not 16 bytes");
    }
    final byte[] derived = derivedKey(crypto, password);
    if (!MessageDigest.isEqual(mac(derived, ciphertext).toArray(), mac)) {
      throw new KeystoreException(Reason.WRONG_PASSWORD, WRONG_PASSWORD);
    }
    final Bytes plain = Bytes.wrap(aes128Ctr(derived, iv, ciphertext));
    if (plain.size() > 32) {
      throw new KeystoreException(Reason.MALFORMED, "key file holds " + plain.size() + " bytes");
    }
    try {
      // Early geth dropped leading zero bytes of the key.
      return PrivateKey.fromBytes(plain.leftPad(32));
    } catch (IllegalArgumentException e) {
      throw new KeystoreException(
          Reason.MALFORMED, "key file holds no valid key: " + e.getMessage());
    }
  }

  /**
   * The address a key file says it holds, read without the password.
   *
   * @throws KeystoreException {@link Reason#MALFORMED} if the file has no readable address
   */
  public static Address address(final String json) {
    final String address = text(parse(json), "address");
    try {
      return Address.fromHex(address);
    } catch (IllegalArgumentException e) {
      throw new KeystoreException(Reason.MALFORMED, "key file address: " + e.getMessage());
    }
  }

  private static byte[] derivedKey(final JsonNode crypto, final String password) {
    final String kdf = text(crypto, "kdf");
    final JsonNode params = crypto.path("kdfparams");
    final int length = number(params, "dklen");
    if (length < DERIVED_KEY_LENGTH) {
      throw new KeystoreException(
          Reason.UNSUPPORTED, "kdfparams.dklen " + length + ", expected at least 32");
    }
    final byte[] salt = bytes(params, "salt");
    return switch (kdf) {
      case "scrypt" -> scryptKey(params, password, salt, length);
      case "pbkdf2" -> pbkdf2Key(params, password, salt, length);
      default ->
          throw new KeystoreException(
              Reason.UNSUPPORTED, "kdf " + kdf + ", expected scrypt or pbkdf2");
    };
  }

  private static byte[] scryptKey(
      final JsonNode params, final String password, final byte[] salt, final int length) {
    final int n = number(params, "n");
    final int r = number(params, "r");
    final int p = number(params, "p");
    if (128L * r * n > MAX_SCRYPT_MEMORY) {
      throw new KeystoreException(
          Reason.UNSUPPORTED, "scrypt n=" + n + " r=" + r + " needs more than 1 GiB");
    }
    try {
      return scrypt(password, salt, n, r, p, length);
    } catch (IllegalArgumentException e) {
      throw new KeystoreException(Reason.MALFORMED, "scrypt parameters: " + e.getMessage());
    }
  }

  private static byte[] pbkdf2Key(
      final JsonNode params, final String password, final byte[] salt, final int length) {
    final String prf = text(params, "prf");
    if (!prf.equals("hmac-sha256")) {
      throw new KeystoreException(
          Reason.UNSUPPORTED, "pbkdf2 prf " + prf + ", expected hmac-sha256");
    }
    final PKCS5S2ParametersGenerator pbkdf2 = new PKCS5S2ParametersGenerator(new SHA256Digest());
    pbkdf2.init(utf8(password), salt, number(params, "c"));
    return ((KeyParameter) pbkdf2.generateDerivedParameters(length * 8)).getKey();
  }

  private static byte[] scrypt(
      final String password,
      final byte[] salt,
      final int n,
      final int r,
      final int p,
      final int length) {
    return Scrypt.derive(utf8(password), salt, n, r, p, length);
  }

  /** CTR mode: the same operation encrypts and decrypts. */
  private static byte[] aes128Ctr(final byte[] derived, final byte[] iv, final byte[] input) {
    final StreamCipher cipher = SICBlockCipher.newInstance(AESEngine.newInstance());
    cipher.init(true, new ParametersWithIV(new KeyParameter(derived, 0, 16), iv));
    final byte[] out = new byte[input.length];
    cipher.processBytes(input, 0, input.length, out, 0);
    return out;
  }

  private static Bytes mac(final byte[] derived, final byte[] ciphertext) {
    return Keccak.hash(Bytes.wrap(derived).slice(16, 32).concat(Bytes.of(ciphertext))).bytes();
  }

  private static JsonNode parse(final String json) {
    try {
      final JsonNode node = JSON.readTree(json);
      if (node == null || !node.isObject()) {
        throw new KeystoreException(Reason.MALFORMED, "a key file is a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new KeystoreException(
          Reason.MALFORMED, "a key file is JSON: " + e.getOriginalMessage());
    }
  }

  private static String text(final JsonNode node, final String field) {
    final JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new KeystoreException(Reason.MALFORMED, "key file has no text field \"" + field + "\"");
    }
    return value.asText();
  }

  private static int number(final JsonNode node, final String field) {
    final JsonNode value = node.path(field);
    if (!value.canConvertToInt() || value.asInt() < 1) {
      throw new KeystoreException(
          Reason.MALFORMED, "key file has no positive integer \"" + field + "\"");
    }
    return value.asInt();
  }

  private static byte[] bytes(final JsonNode node, final String field) {
    try {
      return Bytes.fromHex(text(node, field)).toArray();
    } catch (IllegalArgumentException e) {
      throw new KeystoreException(
          Reason.MALFORMED, "key file field \"" + field + "\": " + e.getMessage());
    }
  }

  /** Key files hold hex without the 0x prefix. */
  private static String hex(final Bytes bytes) {
    return bytes.toHex().substring(2);
  }

  private static byte[] random(final int length) {
    final byte[] out = new byte[length];
    RANDOM.nextBytes(out);
    return out;
  }

  private static byte[] utf8(final String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
