package io.amchain.actors.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.event.Logging;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.remote.artery.tcp.SSLEngineProvider;
import org.apache.pekko.remote.artery.tcp.ssl.RotatingKeysSSLEngineProvider;
import scala.Option;

/**
 * Artery's TLS between members ({@code pekko.remote.artery.ssl.ssl-engine-provider}): Pekko's
 * {@link RotatingKeysSSLEngineProvider}, which reads the node's PEM files ({@code
 * pekko.remote.artery.ssl.rotating-keys-engine}) and reads them again once its cached context is
 * older than {@code ssl-context-cache-ttl}, so that a rotated certificate is used without a
 * restart; it requires mutual authentication, trusts only the configured CA, and accepts a peer
 * only when the two certificates share a subject name. On top of that, when {@code
 * amchain.tls.allowed-peers-file} is set, a peer is accepted only when its certificate's CN (its
 * node id) is listed there.
 *
 * <p>The list is read at every handshake, not cached: handshakes happen once per connection, and a
 * name removed from the file is refused from the next connection on, with no restart. A connection
 * already open stays open (TLS checks a peer when it connects); removing a member for good also
 * takes downing it (docs/security.md). A list that cannot be read refuses every peer: a broken file
 * must not open the door.
 */
public final class MemberCertificates implements SSLEngineProvider {
  private final RotatingKeysSSLEngineProvider certificates;
  private final Optional<Path> allowedPeers;
  private final LoggingAdapter log;

  public MemberCertificates(final ActorSystem system) {
    this.certificates = new RotatingKeysSSLEngineProvider(system);
    final String file =
        system.settings().config().getString("amchain.tls.allowed-peers-file").strip();
    this.allowedPeers = file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file));
    this.log = Logging.getLogger(system, MemberCertificates.class);
  }

  @Override
  public SSLEngine createServerSSLEngine(final String hostname, final int port) {
    return certificates.createServerSSLEngine(hostname, port);
  }

  @Override
  public SSLEngine createClientSSLEngine(final String hostname, final int port) {
    return certificates.createClientSSLEngine(hostname, port);
  }

  @Override
  public Option<Throwable> verifyClientSession(final String hostname, final SSLSession session) {
    final Option<Throwable> refused = certificates.verifyClientSession(hostname, session);
    return refused.isDefined() ? logged(hostname, refused) : listed(hostname, session);
  }

  @Override
  public Option<Throwable> verifyServerSession(final String hostname, final SSLSession session) {
    final Option<Throwable> refused = certificates.verifyServerSession(hostname, session);
    return refused.isDefined() ? logged(hostname, refused) : listed(hostname, session);
  }

  private Option<Throwable> logged(final String hostname, final Option<Throwable> refused) {
    log.warning("refused the TLS peer at {}: {}", hostname, refused.get().getMessage());
    return refused;
  }

  private Option<Throwable> listed(final String hostname, final SSLSession session) {
    if (allowedPeers.isEmpty()) {
      return Option.empty();
    }
    final Path file = allowedPeers.get();
    final String peer;
    try {
      peer = commonName(session.getPeerCertificates());
    } catch (SSLPeerUnverifiedException | InvalidNameException e) {
      return refuse(hostname, "its certificate names no node: " + e.getMessage());
    }
    final Set<String> names;
    try {
      names = readAllowedPeers(file);
    } catch (IOException e) {
      return refuse(
          hostname, "the allowed peers file " + file + " cannot be read (" + e.getMessage() + ")");
    }
    if (!names.contains(peer)) {
      return refuse(hostname, "its certificate's CN " + peer + " is not listed in " + file);
    }
    return Option.empty();
  }

  private Option<Throwable> refuse(final String hostname, final String why) {
    log.warning("refused the TLS peer at {}: {}", hostname, why);
    return Option.apply(new SSLPeerUnverifiedException("peer refused: " + why));
  }

  private static String commonName(final Certificate[] chain)
      throws InvalidNameException, SSLPeerUnverifiedException {
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
      throw new SSLPeerUnverifiedException("no X.509 certificate");
    }
    for (final Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
      if (rdn.getType().equalsIgnoreCase("CN")) {
        return rdn.getValue().toString();
      }
    }
    throw new SSLPeerUnverifiedException("no CN in " + certificate.getSubjectX500Principal());
  }

  /**
   * The node ids of an allowed peers file: one a line, blanks and {@code #} comments skipped. The
   * node command reads the file with this too, so that a file it accepts at start is the file
   * handshakes read.
   */
  public static Set<String> readAllowedPeers(final Path file) throws IOException {
    final Set<String> names = new LinkedHashSet<>();
    for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      final int comment = line.indexOf('#');
      final String name = (comment < 0 ? line : line.substring(0, comment)).strip();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }
}
