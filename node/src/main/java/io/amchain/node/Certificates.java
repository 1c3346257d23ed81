package io.amchain.node;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The consortium's certificates for mutual TLS between members (Artery over {@code tls-tcp}): a CA
 * that each organisation trusts, and one certificate per node that the CA signs. Files are PEM,
 * laid out as a Kubernetes TLS Secret (and cert-manager) lays them: a node's directory holds {@code
 * tls.crt}, {@code tls.key} and {@code ca.crt}; a CA's directory {@code ca.crt} and {@code ca.key}.
 *
 * <p>What Pekko's {@code RotatingKeysSSLEngineProvider}, which reads these files, can take decides
 * the form: RSA keys (its PEM loader knows no other), in unencrypted PKCS#8, node certificates
 * signed by the root CA directly (no intermediate). Its post-handshake check accepts a peer only
 * when the two certificates share a subject name: every node certificate therefore carries, beside
 * its node id (the CN, which the allowed-peers list names, and a DNS SAN), the DNS SAN {@value
 * #CLUSTER_NAME}, so that a certificate the same CA signed for another purpose is still refused.
 */
final class Certificates {
  private Certificates() {}

  /** The subject name every member's certificate shares: the actor system's (cluster's) name. */
  static final String CLUSTER_NAME = "amchain";

  static final String CA_CERT = "ca.crt";
  static final String CA_KEY = "ca.key";
  static final String NODE_CERT = "tls.crt";
  static final String NODE_KEY = "tls.key";

  private static final int RSA_BITS = 2048;
  private static final String SIGNATURE = "SHA256withRSA";

  /**
   * Backdated a little: a peer whose clock runs behind must not find the certificate not yet valid.
   */
  private static final Duration CLOCK_SKEW = Duration.ofHours(1);

  /** A DNS label or dotted name: the node id is a SAN dNSName, so it must be one. */
  private static final Pattern NODE_ID =
      Pattern.compile(
          "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A CA: its self-signed certificate and its key. */
  record Authority(X509Certificate certificate, PrivateKey key) {}

  /** A node's certificate and key, as written to its directory. */
  record Issued(X509Certificate certificate, PrivateKey key) {}

  /** Checks a node id against what a certificate can carry; a CliException says what is wrong. */
  static String checkNodeId(final String nodeId) {
    if (nodeId.length() > 253 || !NODE_ID.matcher(nodeId).matches()) {
      throw new CliException(
          "node id \""
              + nodeId
              + "\" cannot name a certificate: letters, digits and '-' (dot-separated labels of"
              + " at most 63, not starting or ending with '-')");
    }
    return nodeId;
  }

  static Authority createAuthority(final String name, final Duration validity) {
    if (name.isBlank()) {
      throw new CliException("the CA's name must not be empty");
    }
    final KeyPair keys = rsaKeys();
    final X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
    final Instant now = Instant.now();
    try {
      final JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      final X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  serial(),
                  Date.from(now.minus(CLOCK_SKEW)),
                  Date.from(now.plus(validity)),
                  subject,
                  keys.getPublic())
              // pathLen 0: the provider accepts node certificates the root signed, nothing deeper.
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(keys.getPublic()));
      return new Authority(sign(builder, keys.getPrivate()), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create a CA certificate: " + e.getMessage(), e);
    }
  }

  static Issued issueNode(final Authority ca, final String nodeId, final Duration validity) {
    checkNodeId(nodeId);
    final KeyPair keys = rsaKeys();
    final X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, nodeId).build();
    final Instant now = Instant.now();
    final Instant notAfter = now.plus(validity);
    if (notAfter.isAfter(ca.certificate().getNotAfter().toInstant())) {
      throw new CliException(
          "the certificate would outlive its CA (which expires "
              + ca.certificate().getNotAfter().toInstant()
              + "): give fewer --days");
    }
    try {
      final JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      final List<GeneralName> names = new ArrayList<>();
      names.add(new GeneralName(GeneralName.dNSName, nodeId));
      if (!nodeId.equals(CLUSTER_NAME)) {
        names.add(new GeneralName(GeneralName.dNSName, CLUSTER_NAME));
      }
      final X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  ca.certificate(),
                  serial(),
                  Date.from(now.minus(CLOCK_SKEW)),
                  Date.from(notAfter),
                  subject,
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
              // Each member is the TLS server of the connections it accepts and the client of
              // those it opens.
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(
                      new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                      }))
              .addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(names.toArray(GeneralName[]::new)))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(keys.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(ca.certificate()));
      return new Issued(sign(builder, ca.key()), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue a certificate: " + e.getMessage(), e);
    }
  }

  /** Writes a CA's files; existing ones are replaced only when {@code force}. */
  static void writeAuthority(final Path dir, final Authority ca, final boolean force) {
    refuseExisting(dir, List.of(CA_CERT, CA_KEY), force);
    writeKey(dir.resolve(CA_KEY), ca.key());
    writePem(dir.resolve(CA_CERT), ca.certificate(), false);
  }

  /**
   * Writes a node's directory: its key, its certificate and the CA's certificate. Each file is
   * replaced by a rename, so that a node reading them while they rotate finds a whole file.
   */
  static void writeNode(
      final Path dir, final Issued node, final X509Certificate ca, final boolean force) {
    refuseExisting(dir, List.of(NODE_CERT, NODE_KEY, CA_CERT), force);
    writeKey(dir.resolve(NODE_KEY), node.key());
    writePem(dir.resolve(NODE_CERT), node.certificate(), false);
    writePem(dir.resolve(CA_CERT), ca, false);
  }

  /** Reads the CA of {@code amchain certs ca}; a missing or inconsistent CA is the user's error. */
  static Authority readAuthority(final Path dir) {
    final Path certFile = dir.resolve(CA_CERT);
    final Path keyFile = dir.resolve(CA_KEY);
    if (!Files.isRegularFile(certFile) || !Files.isRegularFile(keyFile)) {
      throw new CliException(
          "no CA in "
              + dir
              + ": it needs "
              + CA_CERT
              + " and "
              + CA_KEY
              + " (create them with amchain certs ca --out "
              + dir
              + ")");
    }
    final X509Certificate certificate = readCertificate(certFile);
    if (certificate.getBasicConstraints() < 0) {
      throw new CliException(certFile + " is not a CA certificate (its basic constraints say so)");
    }
    final PrivateKey key = readKey(keyFile);
    if (!matches(key, certificate.getPublicKey())) {
      throw new CliException(keyFile + " is not the key of " + certFile);
    }
    return new Authority(certificate, key);
  }

  /**
   * Checks a node's TLS directory before the node starts, so that a wrong file is a clear error at
   * start instead of refused handshakes later: the three files exist and parse, the key is RSA and
   * belongs to the certificate, the CA signed the certificate, it is valid now and carries the
   * subject name the members share. Returns the certificate.
   */
  static X509Certificate checkNodeDirectory(final Path dir, final Instant now) {
    for (final String file : List.of(NODE_CERT, NODE_KEY, CA_CERT)) {
      if (!Files.isRegularFile(dir.resolve(file))) {
        throw new CliException(
            "amchain.tls.dir "
                + dir
                + " has no "
                + file
                + ": it needs tls.crt, tls.key and ca.crt (amchain certs node writes them)");
      }
    }
    final X509Certificate ca = readCertificate(dir.resolve(CA_CERT));
    final X509Certificate certificate = readCertificate(dir.resolve(NODE_CERT));
    final PrivateKey key = readKey(dir.resolve(NODE_KEY));
    if (!matches(key, certificate.getPublicKey())) {
      throw new CliException(
          dir.resolve(NODE_KEY) + " is not the key of " + dir.resolve(NODE_CERT));
    }
    try {
      certificate.verify(ca.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new CliException(
          dir.resolve(NODE_CERT)
              + " is not signed by the CA of "
              + dir.resolve(CA_CERT)
              + " ("
              + ca.getSubjectX500Principal().getName()
              + "); the node's peers would refuse it");
    }
    try {
      certificate.checkValidity(Date.from(now));
    } catch (CertificateExpiredException e) {
      throw new CliException(
          dir.resolve(NODE_CERT) + " expired " + certificate.getNotAfter().toInstant());
    } catch (CertificateNotYetValidException e) {
      throw new CliException(
          dir.resolve(NODE_CERT)
              + " is not valid before "
              + certificate.getNotBefore().toInstant());
    }
    if (!subjectNames(certificate).contains(CLUSTER_NAME)) {
      throw new CliException(
          dir.resolve(NODE_CERT)
              + " has no subject name \""
              + CLUSTER_NAME
              + "\", which every member's certificate carries (amchain certs node adds it)");
    }
    return certificate;
  }

  /** The certificate's CN, the name the allowed-peers list gives. */
  static String commonName(final X509Certificate certificate) {
    try {
      for (final Rdn rdn :
          new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
    } catch (InvalidNameException e) {
      throw new CliException("unreadable certificate subject: " + e.getMessage());
    }
    return "";
  }

  /** The CN and the DNS names of the certificate, as Pekko's peer check compares them. */
  static List<String> subjectNames(final X509Certificate certificate) {
    final java.util.Set<String> names = new java.util.LinkedHashSet<>();
    final String cn = commonName(certificate);
    if (!cn.isEmpty()) {
      names.add(cn);
    }
    try {
      final Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (final List<?> alternative : alternatives) {
          if (alternative.size() == 2
              && Integer.valueOf(GeneralName.dNSName).equals(alternative.get(0))) {
            names.add(alternative.get(1).toString());
          }
        }
      }
    } catch (CertificateException e) {
      throw new CliException("unreadable subject alternative names: " + e.getMessage());
    }
    return List.copyOf(names);
  }

  static X509Certificate readCertificate(final Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      final Object object = parser.readObject();
      if (object instanceof org.bouncycastle.cert.X509CertificateHolder holder) {
        return new JcaX509CertificateConverter().getCertificate(holder);
      }
      throw new CliException(file + " holds no PEM certificate");
    } catch (IOException | CertificateException e) {
      throw new CliException("cannot read the certificate " + file + ": " + e.getMessage());
    }
  }

  /** Error messages never quote the file: it holds a secret. */
  static PrivateKey readKey(final Path file) {
    final PrivateKey key;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      final Object object = parser.readObject();
      final JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PrivateKeyInfo info) {
        key = converter.getPrivateKey(info);
      } else if (object instanceof PEMKeyPair pair) {
        key = converter.getKeyPair(pair).getPrivate();
      } else {
        throw new CliException(file + " holds no unencrypted PEM private key");
      }
    } catch (IOException e) {
      throw new CliException("cannot read the key " + file + ": " + e.getMessage());
    }
    if (!key.getAlgorithm().equals("RSA")) {
      throw new CliException(
          file
              + " holds a "
              + key.getAlgorithm()
              + " key: Pekko's TLS provider reads RSA keys only (amchain certs writes RSA)");
    }
    return key;
  }

  /** Whether the private key signs what the public key verifies. */
  private static boolean matches(final PrivateKey key, final PublicKey publicKey) {
    if (key instanceof RSAPrivateCrtKey rsa && publicKey instanceof RSAPublicKey rsaPublic) {
      return rsa.getModulus().equals(rsaPublic.getModulus());
    }
    try {
      final byte[] challenge = new byte[32];
      RANDOM.nextBytes(challenge);
      final Signature signer = Signature.getInstance(SIGNATURE);
      signer.initSign(key);
      signer.update(challenge);
      final byte[] signature = signer.sign();
      final Signature verifier = Signature.getInstance(SIGNATURE);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static void refuseExisting(
      final Path dir, final List<String> files, final boolean force) {
    if (force) {
      return;
    }
    for (final String file : files) {
      if (Files.exists(dir.resolve(file))) {
        throw new CliException(
            dir.resolve(file) + " exists: not overwritten (--force replaces it)");
      }
    }
  }

  private static void writeKey(final Path file, final PrivateKey key) {
    writePem(file, key, true);
  }

  private static void writePem(final Path file, final Object object, final boolean secret) {
    final StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      // A JDK RSA key writes as PKCS#8 ("PRIVATE KEY"), which Pekko's loader reads.
      writer.writeObject(
          secret
              ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator((PrivateKey) object, null)
              : object);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + file, e);
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      final Path temporary =
          Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
      try {
        // Created owner-only; a certificate is public.
        setPermissions(temporary, secret ? "rw-------" : "rw-r--r--");
        Files.writeString(temporary, text.toString(), StandardCharsets.US_ASCII);
        try {
          Files.move(
              temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static void setPermissions(final Path file, final String permissions) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    }
  }

  private static KeyPair rsaKeys() {
    try {
      final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(RSA_BITS, RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no RSA key generator: " + e.getMessage(), e);
    }
  }

  /** Random and positive, 159 bits: unique without a registry of issued serials. */
  private static BigInteger serial() {
    return new BigInteger(159, RANDOM).setBit(158);
  }

  private static X509Certificate sign(final X509v3CertificateBuilder builder, final PrivateKey key)
      throws CertificateException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign with " + SIGNATURE + ": " + e.getMessage(), e);
    }
  }

  /** Days as a validity; fewer than one is the user's error. */
  static Duration days(final int days, final String option) {
    if (days < 1) {
      throw new CliException(option + " must be at least 1, not " + days);
    }
    return Duration.ofDays(days);
  }

  /** For messages: the certificate's serial in hex, as openssl prints it. */
  static String serialHex(final X509Certificate certificate) {
    return certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
  }
}
