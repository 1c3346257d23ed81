package io.amchain.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev overlay's signer pods run as processes, since CI has no cluster: each is {@code
 * deploy/docker/entrypoint.sh}, the image's entrypoint, with the environment the rendered manifests
 * give the pod (the amchain-env ConfigMap and the StatefulSet's variables), its "volume" a
 * directory and its Secret the overlay's keystore files, laid out as the projected volume lays
 * them. Only what a cluster provides differs: discovery is {@code config} (the three management
 * endpoints) instead of {@code kubernetes-api}, and every address is 127.0.0.1. The three form a
 * cluster through Cluster Bootstrap, seal; one is killed as {@code kill -9} and started again on
 * its volume, and it rejoins with its chain: the head it had, then the others' head.
 */
class PodsAsProcessesTest {
  private static final int PORT_OFFSET = 910;
  private static final int PODS = 3;
  private static final Duration LIMIT = Duration.ofMinutes(2);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DEV = Path.of("..", "deploy", "k8s", "overlays", "dev");

  @TempDir Path cluster;
  private final Map<Integer, Process> pods = new HashMap<>();

  @AfterEach
  void stopPods() {
    pods.values().forEach(Process::destroy);
    for (final Process pod : pods.values()) {
      try {
        if (!pod.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          pod.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        pod.destroyForcibly();
      }
    }
  }

  @Test
  void threeSignerPodsFormAClusterSealAndAKilledPodRejoinsWithItsChain() throws IOException {
    final Map<String, String> manifestEnv = manifestEnvironment();
    for (int i = 0; i < PODS; i++) {
      start(i, manifestEnv);
    }
    awaitTrue("3 members Up on every pod", () -> allPods(i -> membersUp(i) == PODS));
    awaitTrue("block 3 on every pod", () -> allPods(i -> head(i).number >= 3));

    final Head before = head(2);
    final Process killed = pods.remove(2);
    killed.destroyForcibly();
    killed.onExit().join();
    // The two signers left are a majority of three: Clique goes on sealing without pod 2.
    awaitTrue("two signers seal on", () -> head(0).number >= before.number + 3);

    start(2, manifestEnv);
    awaitTrue("pod 2 answers again", () -> head(2).number >= before.number);
    // Replayed from its own journal: the block it had as head is the same block.
    assertEquals(before.hash, blockHash(2, before.number));
    awaitTrue("3 members Up again", () -> allPods(i -> membersUp(i) == PODS));
    awaitTrue(
        "pod 2 has the others' chain",
        () -> {
          final Head other = head(0);
          final Head rejoined = head(2);
          return rejoined.number > before.number
              && rejoined.number >= other.number - 1
              && blockHash(0, rejoined.number).equals(rejoined.hash);
        });
    assertEquals(blockHash(0, before.number), before.hash);
  }

  /** The environment the rendered dev overlay gives a signer pod, before the pod's own fields. */
  private static Map<String, String> manifestEnvironment() {
    final List<Object> objects =
        KubernetesManifestsTest.validate(KubernetesManifestsTest.render(DEV));
    final Map<String, String> env = new HashMap<>();
    objects.stream()
        .filter(ConfigMap.class::isInstance)
        .map(ConfigMap.class::cast)
        .filter(map -> map.getMetadata().getName().startsWith("amchain-env"))
        .findFirst()
        .orElseThrow()
        .getData()
        .forEach(env::put);
    final StatefulSet signers =
        objects.stream()
            .filter(StatefulSet.class::isInstance)
            .map(StatefulSet.class::cast)
            .findFirst()
            .orElseThrow();
    for (final EnvVar variable :
        signers.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (variable.getValue() != null) {
        env.put(variable.getName(), variable.getValue());
      }
    }
    assertEquals("kubernetes-api", env.get("AMCHAIN_DISCOVERY"));
    assertEquals("split-brain-resolver", env.get("AMCHAIN_CLUSTER_DOWNING"));
    return env;
  }

  /** Starts pod i: the entrypoint, with the manifests' environment and what the pod adds. */
  private void start(final int pod, final Map<String, String> manifestEnv) {
    final Path home = cluster.resolve("amchain-signer-" + pod);
    try {
      Files.createDirectories(home);
      final Map<String, String> env = new HashMap<>(manifestEnv);
      // What the kubelet and the cluster would provide.
      env.put("AMCHAIN_POD_NAME", "amchain-signer-" + pod);
      env.put("AMCHAIN_P2P_HOST", "127.0.0.1");
      env.put("AMCHAIN_MANAGEMENT_HOST", "127.0.0.1");
      // One host instead of pod IPs: loopback only, and a port per pod.
      env.put("AMCHAIN_P2P_BIND_HOST", "127.0.0.1");
      env.put("AMCHAIN_MANAGEMENT_BIND_HOST", "127.0.0.1");
      env.put("AMCHAIN_RPC_HOST", "127.0.0.1");
      env.put("AMCHAIN_P2P_PORT", Integer.toString(25520 + PORT_OFFSET + pod));
      env.put("AMCHAIN_MANAGEMENT_PORT", Integer.toString(managementPort(pod)));
      env.put("AMCHAIN_RPC_PORT", Integer.toString(rpcPort(pod)));
      // Discovery through configuration instead of the Kubernetes API.
      env.put("AMCHAIN_DISCOVERY", "config");
      final List<String> endpoints = new ArrayList<>();
      for (int i = 0; i < PODS; i++) {
        endpoints.add("127.0.0.1:" + managementPort(i));
      }
      env.put("AMCHAIN_DISCOVERY_ENDPOINTS", String.join(",", endpoints));
      // The volumes: the pod's data, the genesis ConfigMap, the signer Secrets.
      env.put("AMCHAIN_DATADIR", home.resolve("data").toString());
      env.put("AMCHAIN_GENESIS", DEV.resolve("genesis.json").toAbsolutePath().toString());
      env.put("AMCHAIN_SIGNERS_DIR", DEV.resolve("signers").toAbsolutePath().toString());
      // The image's java and jar are this JVM and its class path; three nodes share 2 cores.
      env.put("AMCHAIN_JAVA", ProcessHandle.current().info().command().orElse("java"));
      env.put("AMCHAIN_CLASSPATH", System.getProperty("java.class.path"));
      env.put("AMCHAIN_JAVA_OPTS", "-Xmx512m -Xss4m -XX:TieredStopAtLevel=1");
      final ProcessBuilder builder =
          new ProcessBuilder("sh", Path.of("..", "deploy", "docker", "entrypoint.sh").toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("pod.log").toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().keySet().removeIf(name -> name.startsWith("AMCHAIN_"));
      builder.environment().putAll(env);
      pods.put(pod, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int managementPort(final int pod) {
    return 8558 + PORT_OFFSET + pod;
  }

  private static int rpcPort(final int pod) {
    return 8545 + PORT_OFFSET + pod;
  }

  private record Head(long number, String hash) {}

  private static Head head(final int pod) {
    final JsonNode block = rpc(pod, "eth_getBlockByNumber", "[\"latest\", false]");
    return new Head(Long.decode(block.path("number").asText()), block.path("hash").asText());
  }

  private static String blockHash(final int pod, final long number) {
    return rpc(pod, "eth_getBlockByNumber", "[\"0x" + Long.toHexString(number) + "\", false]")
        .path("hash")
        .asText();
  }

  private static JsonNode rpc(final int pod, final String method, final String params) {
    final String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
    final JsonNode reply =
        send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rpcPort(pod)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    if (!reply.has("result")) {
      throw new IllegalStateException(method + " on pod " + pod + ": " + reply);
    }
    return reply.get("result");
  }

  private static int membersUp(final int pod) {
    final JsonNode members =
        send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort(pod) + "/cluster/members")))
            .path("members");
    int up = 0;
    for (final JsonNode member : members) {
      if (member.path("status").asText().equals("Up")) {
        up++;
      }
    }
    return up;
  }

  private static JsonNode send(final HttpRequest.Builder request) {
    try {
      final HttpResponse<String> response =
          HTTP.send(
              request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private interface PodCheck {
    boolean holds(int pod);
  }

  private static boolean allPods(final PodCheck check) {
    for (int i = 0; i < PODS; i++) {
      if (!check.holds(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Polls until the condition holds; a pod that does not answer yet counts as not holding. Fails
   * with the pods' log tails after {@link #LIMIT}.
   */
  private void awaitTrue(final String what, final Supplier<Boolean> condition) {
    final AtomicReference<RuntimeException> last = new AtomicReference<>();
    try {
      await(what)
          .atMost(LIMIT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                pods.values()
                    .forEach(pod -> assertTrue(pod.isAlive(), what + ": a pod exited\n" + logs()));
                try {
                  return condition.get();
                } catch (UncheckedIOException | IllegalStateException e) {
                  last.set(e);
                  return false;
                }
              });
    } catch (ConditionTimeoutException e) {
      final RuntimeException seen = last.get();
      throw new AssertionError(
          what + " did not happen in " + LIMIT + (seen == null ? "" : " (" + seen + ")") + logs(),
          e);
    }
  }

  private String logs() {
    final StringBuilder text = new StringBuilder();
    for (int i = 0; i < PODS; i++) {
      final Path log = cluster.resolve("amchain-signer-" + i).resolve("pod.log");
      try {
        final List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        text.append("\namchain-signer-").append(i).append(" (last 25 lines):\n");
        lines
            .subList(Math.max(0, lines.size() - 25), lines.size())
            .forEach(line -> text.append(line).append('\n'));
      } catch (IOException e) {
        text.append("\nunreadable log ").append(log);
      }
    }
    return text.toString();
  }
}
