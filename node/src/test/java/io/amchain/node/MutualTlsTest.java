package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.pekko.actor.ActorIdentity;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.pattern.Patterns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS between members on a two-signer devnet, which runs it by default (its own CA, a
 * certificate per node, the node ids as allowed peers). Against it: raw TLS connections to a node's
 * Artery port, and whole Pekko cluster members (actor systems in this JVM on 127.0.0.1) that try to
 * join and to reach the cluster daemon by actor selection, the one way in that a member offers to
 * any peer. A member with the devnet CA's certificate and a listed name joins and gets an answer;
 * one with another CA's certificate, one speaking plain TCP, and one whose name was taken off the
 * list (revoked) get neither. A node's certificate replaced on disk is what it presents within the
 * reload interval, without a restart, while the chain goes on sealing.
 */
class MutualTlsTest {
  private static final int PORT_OFFSET = 760;
  private static final int SIGNERS = 2;
  private static final Duration LIMIT = Duration.ofMinutes(2);

  /** How long a refused member is given to get an answer: its TLS fails in milliseconds. */
  private static final Duration REFUSED_WAIT = Duration.ofSeconds(15);

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  static DevnetProcess devnet;
  static Certificates.Authority devnetCa;

  private final List<ActorSystem> systems = new ArrayList<>();

  /** The next port for a member of this test: the offsets 770-779 of this class's range. */
  private static int nextPort = 25520 + PORT_OFFSET + 10;

  @BeforeAll
  static void startDevnet() {
    devnet = DevnetProcess.start(work.resolve("devnet"), SIGNERS, PORT_OFFSET, "--no-platform");
    devnetCa = Certificates.readAuthority(devnet.datadir.resolve("tls-ca"));
  }

  @AfterAll
  static void stopDevnet() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @AfterEach
  void stopMembers() {
    for (final ActorSystem system : systems) {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  @Test
  void onlyAListedMemberWithTheConsortiumsCertificateJoinsOrReachesAnActor() throws Exception {
    final Path observer = issue(devnetCa, "observer", "observer");
    final Path foreign =
        issue(
            Certificates.createAuthority("Intruder CA", Duration.ofDays(60)), "node-1", "foreign");
    // The intruder trusts the devnet's CA (its certificate is public): only the node's check of
    // the intruder's certificate stands in the way.
    Files.copy(
        devnet.datadir.resolve("tls-ca/ca.crt"),
        foreign.resolve(Certificates.CA_CERT),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    setAllowedPeers("node-0", "node-1", "observer");

    // Raw connections to node 0's Artery port: the listed certificate is kept, the rest are cut.
    assertEquals(Probe.ACCEPTED, probe(artery(0), observer).outcome());
    assertEquals(Probe.REFUSED, probe(artery(0), foreign).outcome());
    assertEquals(Probe.REFUSED, probePlain(artery(0)));

    // The listed member joins and the cluster daemon answers it.
    final ActorSystem listed = member(tlsConfig(observer, nextPort()));
    awaitTrue(
        "the listed member is Up", () -> isUp(listed) && membersUp(0).contains(address(listed)));
    assertTrue(identifyDaemon(listed, REFUSED_WAIT), "the listed member reaches the daemon");
    leave(listed);

    // Revoked: off the list, the same certificate is refused from the next connection on.
    setAllowedPeers("node-0", "node-1");
    final ActorSystem revoked = member(tlsConfig(observer, nextPort()));
    final ActorSystem otherCa = member(tlsConfig(foreign, nextPort()));
    final ActorSystem plain = member(plainConfig(nextPort()));
    for (final ActorSystem intruder : List.of(revoked, otherCa, plain)) {
      assertFalse(identifyDaemon(intruder, REFUSED_WAIT), address(intruder) + " got an answer");
    }
    awaitTrue(
        "node 0 logged the revoked certificate's refusal",
        () -> nodeLog(0).contains("its certificate's CN observer is not listed"));
    assertEquals(Probe.REFUSED, probe(artery(0), observer).outcome());
    for (final ActorSystem intruder : List.of(revoked, otherCa, plain)) {
      assertFalse(isUp(intruder), address(intruder) + " is Up");
      for (int node = 0; node < SIGNERS; node++) {
        assertFalse(membersUp(node).contains(address(intruder)), "node " + node + " lists it");
      }
    }
    assertEquals(SIGNERS, membersUp(0).size());
  }

  @Test
  void aRotatedCertificateIsUsedWithoutARestartAndTheChainKeepsSealing() throws Exception {
    final Path client = issue(devnetCa, "rotation-probe", "rotation-probe");
    final Path observer = issue(devnetCa, "observer-2", "observer-2");
    setAllowedPeers("node-0", "node-1", "rotation-probe", "observer-2");
    final Path tls = devnet.datadir.resolve("node-1").resolve("tls");
    final X509Certificate before = Certificates.readCertificate(tls.resolve("tls.crt"));
    assertEquals(before.getSerialNumber(), presented(artery(1), client).getSerialNumber());
    final long pid = devnet.nodePid(1);

    final Certificates.Issued rotated =
        Certificates.issueNode(devnetCa, "node-1", Duration.ofDays(30));
    Certificates.writeNode(tls, rotated, devnetCa.certificate(), true);
    final long rotatedAt = devnet.blockNumber(0);

    // The devnet's reload interval is 5 s: new connections get the new certificate after that.
    awaitTrue(
        "node 1 presents its new certificate",
        () ->
            presented(artery(1), client)
                .getSerialNumber()
                .equals(rotated.certificate().getSerialNumber()));
    assertEquals(pid, devnet.nodePid(1), "node 1 was not restarted");
    // A new member connects to node 1 through the new certificate and sees it Up.
    final ActorSystem member = member(tlsConfig(observer, nextPort(), artery(1)));
    awaitTrue(
        "a new member joined through node 1",
        () -> isUp(member) && membersUp(1).contains(address(member)));
    leave(member);
    for (int node = 0; node < SIGNERS; node++) {
      devnet.awaitBlock(node, rotatedAt + 5, LIMIT);
    }
    assertEquals(SIGNERS, membersUp(1).size());
  }

  // --- certificates and the allowed peers list ---------------------------------------------------

  /** A member's TLS directory, as amchain certs node writes it. */
  private static Path issue(
      final Certificates.Authority ca, final String name, final String directory) {
    final Path dir = work.resolve("members").resolve(directory);
    Certificates.writeNode(
        dir, Certificates.issueNode(ca, name, Duration.ofDays(30)), ca.certificate(), true);
    return dir;
  }

  private static void setAllowedPeers(final String... names) throws IOException {
    Files.write(devnet.datadir.resolve("allowed-peers"), List.of(names), StandardCharsets.UTF_8);
  }

  // --- raw TLS connections
  // -------------------------------------------------------------------------

  private enum Probe {
    /** The node kept the connection open, waiting for Artery's first frame. */
    ACCEPTED,
    /** The node failed the handshake or closed the connection. */
    REFUSED
  }

  private record ProbeResult(Probe outcome, X509Certificate server) {}

  private static int artery(final int node) {
    return 25520 + PORT_OFFSET + node;
  }

  /**
   * Connects with the certificate in {@code dir} and reads: a refused peer gets an alert or the end
   * of the stream at once; an accepted one nothing, since Artery waits for the peer's first frame
   * (read times out).
   */
  private static ProbeResult probe(final int port, final Path dir) throws Exception {
    return connect(port, dir, true);
  }

  /** The certificate node i presents to a new connection now. */
  private static X509Certificate presented(final int port, final Path dir) throws Exception {
    return connect(port, dir, false).server();
  }

  private static ProbeResult connect(final int port, final Path dir, final boolean read)
      throws Exception {
    final KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        "node",
        Certificates.readKey(dir.resolve(Certificates.NODE_KEY)),
        new char[0],
        new Certificate[] {Certificates.readCertificate(dir.resolve(Certificates.NODE_CERT))});
    final KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, new char[0]);
    final KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry(
        "ca", Certificates.readCertificate(dir.resolve(Certificates.CA_CERT)));
    final TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trusted);
    final SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 5_000);
      socket.setSoTimeout(5_000);
      socket.startHandshake();
      final X509Certificate server = (X509Certificate) socket.getSession().getPeerCertificates()[0];
      if (!read) {
        return new ProbeResult(Probe.ACCEPTED, server);
      }
      try {
        return new ProbeResult(
            socket.getInputStream().read() < 0 ? Probe.REFUSED : Probe.ACCEPTED, server);
      } catch (SocketTimeoutException e) {
        return new ProbeResult(Probe.ACCEPTED, server);
      } catch (SSLException | java.net.SocketException e) {
        return new ProbeResult(Probe.REFUSED, server);
      }
    } catch (SSLException e) {
      return new ProbeResult(Probe.REFUSED, null);
    }
  }

  /** Plain TCP bytes where the node expects a TLS handshake. */
  private static Probe probePlain(final int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 5_000);
      socket.setSoTimeout(5_000);
      final OutputStream out = socket.getOutputStream();
      // Artery's TCP magic ("AKKA") and a frame's start, as a plain-TCP member opens.
      out.write(new byte[] {'A', 'K', 'K', 'A', 1, 0, 0, 0, 0, 0, 0, 0});
      out.flush();
      final InputStream in = socket.getInputStream();
      try {
        while (in.read() >= 0) {
          // A TLS server answers garbage with an alert record, then closes.
        }
        return Probe.REFUSED;
      } catch (SocketTimeoutException e) {
        return Probe.ACCEPTED;
      } catch (java.net.SocketException e) {
        return Probe.REFUSED;
      }
    }
  }

  // --- cluster members in this JVM
  // -----------------------------------------------------------------

  private static int nextPort() {
    if (nextPort > 25520 + PORT_OFFSET + 19) {
      throw new IllegalStateException("out of this test's ports");
    }
    return nextPort++;
  }

  private static Config memberConfig(
      final int port, final int seed, final Map<String, Object> more) {
    final Map<String, Object> settings = new HashMap<>(more);
    settings.put("pekko.actor.provider", "cluster");
    settings.put("pekko.remote.artery.canonical.hostname", "127.0.0.1");
    settings.put("pekko.remote.artery.canonical.port", port);
    settings.put("pekko.cluster.seed-nodes", List.of("pekko://amchain@127.0.0.1:" + seed));
    settings.put("pekko.cluster.roles", List.of("replica"));
    settings.put("pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on");
    settings.put("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
    settings.put("pekko.loglevel", "WARNING");
    return ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load());
  }

  private static Config tlsConfig(final Path dir, final int port) {
    return tlsConfig(dir, port, artery(0));
  }

  /** A member as a node with --tls-dir DIR configures its Artery (TlsConfig). */
  private static Config tlsConfig(final Path dir, final int port, final int seed) {
    final String engine = "pekko.remote.artery.ssl.rotating-keys-engine.";
    return memberConfig(
        port,
        seed,
        Map.of(
            "pekko.remote.artery.transport",
            "tls-tcp",
            "pekko.remote.artery.ssl.ssl-engine-provider",
            io.amchain.actors.cluster.MemberCertificates.class.getName(),
            engine + "key-file",
            dir.resolve(Certificates.NODE_KEY).toString(),
            engine + "cert-file",
            dir.resolve(Certificates.NODE_CERT).toString(),
            engine + "ca-cert-file",
            dir.resolve(Certificates.CA_CERT).toString()));
  }

  private static Config plainConfig(final int port) {
    return memberConfig(port, artery(0), Map.of("pekko.remote.artery.transport", "tcp"));
  }

  private ActorSystem member(final Config config) {
    final ActorSystem system = ActorSystem.create("amchain", config);
    systems.add(system);
    return system;
  }

  private static String address(final ActorSystem system) {
    return Cluster.get(system).selfAddress().toString();
  }

  private static boolean isUp(final ActorSystem system) {
    return Cluster.get(system).selfMember().status().equals(MemberStatus.up());
  }

  private static void leave(final ActorSystem system) {
    final Cluster cluster = Cluster.get(system);
    cluster.leave(cluster.selfAddress());
    final String address = cluster.selfAddress().toString();
    awaitTrue(
        "the member left",
        () -> !membersUp(0).contains(address) && !membersUp(1).contains(address));
  }

  /**
   * Asks node 0's cluster daemon who it is, by actor selection: the path untrusted mode keeps open
   * to peers, so a member that is let in gets an answer, and one that is not, none.
   */
  private static boolean identifyDaemon(final ActorSystem system, final Duration wait)
      throws InterruptedException {
    final CompletionStage<Object> reply =
        Patterns.ask(
            system.actorSelection(
                "pekko://amchain@127.0.0.1:" + artery(0) + "/system/cluster/core/daemon"),
            new Identify("tls"),
            wait);
    try {
      final Object answer =
          reply.toCompletableFuture().get(wait.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      return answer instanceof ActorIdentity identity && identity.getActorRef().isPresent();
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  // --- the devnet's view
  // ---------------------------------------------------------------------------

  /** The members node i's management endpoint lists as Up, or none when it does not answer. */
  private static List<String> membersUp(final int node) {
    final List<String> up = new ArrayList<>();
    try {
      final HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(devnet.management(node) + "/cluster/members"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      for (final JsonNode member : JSON.readTree(response.body()).path("members")) {
        if (member.path("status").asText().equals("Up")) {
          up.add(member.path("node").asText());
        }
      }
    } catch (IOException e) {
      return up;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return up;
  }

  private static String nodeLog(final int node) {
    try {
      return Files.readString(devnet.datadir.resolve("node-" + node).resolve("logs/node.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void awaitTrue(final String what, final Check condition) {
    final long deadline = System.nanoTime() + LIMIT.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(
        what + " did not happen in " + LIMIT + (last == null ? "" : ": " + last));
  }

  private interface Check {
    boolean holds() throws Exception;
  }
}
