package io.amchain.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.amchain.actors.cluster.MemberCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Whether Artery runs over TLS with mutual authentication, from {@code amchain.tls.*} (the actors
 * module's reference.conf; docs/security.md): with {@code amchain.tls.dir} set, the transport is
 * {@code tls-tcp} and {@link MemberCertificates} (Pekko's rotating PEM provider plus the
 * allowed-peers list) checks every peer. The files are checked here, before an actor system starts,
 * so that a wrong certificate is a clear error at start, not refused connections later.
 */
final class TlsConfig {
  private TlsConfig() {}

  private static final String ENGINE = "pekko.remote.artery.ssl.rotating-keys-engine.";

  static Map<String, Object> pekkoSettings(final Config merged) {
    // The defaults are the actors module's (reference.conf), beside the provider that reads them.
    final Config tls =
        merged.withFallback(ConfigFactory.defaultReference()).getConfig("amchain.tls");
    final String dirSetting = tls.getString("dir").strip();
    if (dirSetting.isEmpty()) {
      return Map.of();
    }
    final Path dir = Path.of(dirSetting).toAbsolutePath();
    Certificates.checkNodeDirectory(dir, Instant.now());
    final Duration reload;
    try {
      reload = tls.getDuration("reload-interval");
    } catch (ConfigException e) {
      throw new CliException("amchain.tls.reload-interval: " + e.getMessage());
    }
    if (reload.isNegative() || reload.isZero()) {
      throw new CliException("amchain.tls.reload-interval must be positive");
    }
    final Map<String, Object> settings = new HashMap<>();
    settings.put("amchain.tls.dir", dir.toString());
    final String allowed = tls.getString("allowed-peers-file").strip();
    if (!allowed.isEmpty()) {
      final Path file = Path.of(allowed).toAbsolutePath();
      readAllowedPeers(file);
      settings.put("amchain.tls.allowed-peers-file", file.toString());
    }
    settings.put("pekko.remote.artery.transport", "tls-tcp");
    settings.put("pekko.remote.artery.ssl.ssl-engine-provider", MemberCertificates.class.getName());
    settings.put(ENGINE + "key-file", dir.resolve(Certificates.NODE_KEY).toString());
    settings.put(ENGINE + "cert-file", dir.resolve(Certificates.NODE_CERT).toString());
    settings.put(ENGINE + "ca-cert-file", dir.resolve(Certificates.CA_CERT).toString());
    settings.put(ENGINE + "ssl-context-cache-ttl", reload.toMillis() + "ms");
    return settings;
  }

  /** One line for the node's output: how its peers reach it and whom it accepts. */
  static String summary(final Config settings) {
    final String address =
        settings.getString("pekko.remote.artery.canonical.hostname")
            + ":"
            + settings.getInt("pekko.remote.artery.canonical.port");
    final String dir = settings.getString("amchain.tls.dir").strip();
    if (dir.isEmpty()) {
      return "Artery on "
          + address
          + ": plain TCP, no TLS: any process that reaches it can join the cluster"
          + " (amchain.tls.dir turns mutual TLS on)";
    }
    final X509Certificate certificate =
        Certificates.checkNodeDirectory(Path.of(dir), Instant.now());
    final X509Certificate ca = Certificates.readCertificate(Path.of(dir, Certificates.CA_CERT));
    final String allowed = settings.getString("amchain.tls.allowed-peers-file").strip();
    return "Artery on "
        + address
        + ": mutual TLS as "
        + Certificates.commonName(certificate)
        + " (serial "
        + Certificates.serialHex(certificate)
        + ", until "
        + certificate.getNotAfter().toInstant()
        + "); peers: certificates of "
        + ca.getSubjectX500Principal().getName()
        + (allowed.isEmpty() ? "" : ", named in " + allowed);
  }

  private static Set<String> readAllowedPeers(final Path file) {
    if (!Files.isRegularFile(file)) {
      throw new CliException("no allowed peers file " + file + " (amchain.tls.allowed-peers-file)");
    }
    try {
      return MemberCertificates.readAllowedPeers(file);
    } catch (IOException e) {
      throw new CliException("cannot read the allowed peers file " + file + ": " + e.getMessage());
    }
  }
}
