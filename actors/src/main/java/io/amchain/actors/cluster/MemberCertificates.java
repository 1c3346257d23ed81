package io.amchain.actors.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
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
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
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
 *
 * <p>The provider is built as Artery starts, before the cluster looks for its seed nodes, and it
 * runs one handshake between its own client and server engines in memory then. A cold JVM's first
 * handshake loads the PEM files, builds the TLS context and loads and compiles JSSE; on a loaded
 * machine that took several seconds, longer than the first seed node waits for an answer ({@code
 * pekko.cluster.seed-node-timeout}), so a restarted first seed formed a cluster of its own instead
 * of rejoining its peers. Paid here, that cost no longer delays the first connection.
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
    final long started = System.nanoTime();
    try {
      handshakeWithItself();
      log.info(
          "TLS ready: a first handshake with itself took {} ms",
          (System.nanoTime() - started) / 1_000_000);
    } catch (SSLException e) {
      // The node checked its files at start; a peer's handshake will say what is wrong.
      log.warning("TLS: a first handshake with itself failed: {}", e.getMessage());
    }
  }

  /** One TLS handshake between a client and a server engine of this provider, in memory. */
  private void handshakeWithItself() throws SSLException {
    final SSLEngine client = certificates.createClientSSLEngine("127.0.0.1", 0);
    final SSLEngine server = certificates.createServerSSLEngine("127.0.0.1", 0);
    final int packet =
        Math.max(
            client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
    final int application =
        Math.max(
            client.getSession().getApplicationBufferSize(),
            server.getSession().getApplicationBufferSize());
    final ByteBuffer toServer = ByteBuffer.allocate(packet);
    final ByteBuffer toClient = ByteBuffer.allocate(packet);
    final ByteBuffer received = ByteBuffer.allocate(application);
    client.beginHandshake();
    server.beginHandshake();
    // A TLS 1.3 handshake takes a handful of flights; the bound only keeps a broken engine from
    // spinning forever.
    for (int step = 0; step < 1_000; step++) {
      if (handshaking(client) == HandshakeStatus.NOT_HANDSHAKING
          && handshaking(server) == HandshakeStatus.NOT_HANDSHAKING) {
        return;
      }
      advance(client, toClient, toServer, received);
      advance(server, toServer, toClient, received);
    }
    throw new SSLException("the handshake did not finish");
  }

  private static HandshakeStatus handshaking(final SSLEngine engine) {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run();
    }
    return engine.getHandshakeStatus();
  }

  /** One step of an engine: wraps what it has to send, or unwraps what its peer sent it. */
  private static void advance(
      final SSLEngine engine,
      final ByteBuffer incoming,
      final ByteBuffer outgoing,
      final ByteBuffer received)
      throws SSLException {
    switch (handshaking(engine)) {
      case NEED_WRAP -> engine.wrap(ByteBuffer.allocate(0), outgoing);
      case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
        incoming.flip();
        received.clear();
        engine.unwrap(incoming, received);
        incoming.compact();
      }
      default -> {}
    }
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
