package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/k8s rendered by kustomize itself ({@code kubectl kustomize}, which the machine image
 * carries: the same renderer an operator uses, not a stand-in) and checked against the Kubernetes
 * API types of fabric8's kubernetes-model, strictly: every field of every object must be one the
 * API defines. fabric8 keeps unknown fields in each object's {@code additionalProperties} instead
 * of failing, so {@code FAIL_ON_UNKNOWN_PROPERTIES} alone would accept a typo; {@link
 * #unknownFields} walks the whole object tree and reports every one.
 */
class KubernetesManifestsTest {
  private static final Path K8S = Path.of("..", "deploy", "k8s").toAbsolutePath().normalize();
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

  /** The API types the manifests may use, by apiVersion and kind; any other kind fails. */
  private static final Map<String, Class<?>> TYPES =
      Map.ofEntries(
          Map.entry("v1/Namespace", Namespace.class),
          Map.entry("v1/ServiceAccount", ServiceAccount.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Secret", Secret.class),
          Map.entry("apps/v1/StatefulSet", StatefulSet.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
          Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class));

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void everyOverlayRendersAndEveryObjectIsAValidKubernetesObject(final String overlay) {
    final List<Object> objects = validate(render(K8S.resolve("overlays").resolve(overlay)));
    final List<String> kinds =
        objects.stream().map(o -> o.getClass().getSimpleName()).sorted().toList();
    for (final String kind :
        List.of(
            "StatefulSet",
            "Deployment",
            "PodDisruptionBudget",
            "Role",
            "RoleBinding",
            "ServiceAccount",
            "NetworkPolicy")) {
      assertTrue(kinds.contains(kind), overlay + " renders no " + kind + ": " + kinds);
    }
    assertEquals(2, kinds.stream().filter("Service"::equals).count(), kinds.toString());
  }

  @Test
  void devRunsThreeSignersInParallelWithTheirOwnSecretsAndProbes() {
    final List<Object> objects = validate(render(K8S.resolve("overlays/dev")));
    final StatefulSet signers = only(objects, StatefulSet.class);
    assertEquals(3, signers.getSpec().getReplicas());
    assertEquals("Parallel", signers.getSpec().getPodManagementPolicy());
    final Container node = signers.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("/ready", node.getReadinessProbe().getHttpGet().getPath());
    assertEquals("/alive", node.getLivenessProbe().getHttpGet().getPath());
    assertEquals("/alive", node.getStartupProbe().getHttpGet().getPath());
    assertTrue(node.getSecurityContext().getReadOnlyRootFilesystem());
    assertEquals(dockerfileImage(), node.getImage());
    // Each signer Secret the overlay generates is the one the projected volume names.
    final List<String> generated =
        objects.stream()
            .filter(Secret.class::isInstance)
            .map(o -> ((Secret) o).getMetadata().getName())
            .sorted()
            .toList();
    assertEquals(3, generated.size(), generated.toString());
    final List<String> projected =
        signers.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getProjected() != null)
            .flatMap(v -> v.getProjected().getSources().stream())
            .map(s -> s.getSecret().getName())
            .toList();
    assertTrue(projected.containsAll(generated), projected + " lacks one of " + generated);
    final PodDisruptionBudget budget = only(objects, PodDisruptionBudget.class);
    assertEquals("51%", budget.getSpec().getMinAvailable().getStrVal());
  }

  @Test
  void prodSetsResourceLimitsAndTheCassandraJournal() {
    final List<Object> objects = validate(render(K8S.resolve("overlays/prod")));
    final StatefulSet signers = only(objects, StatefulSet.class);
    final int count = signers.getSpec().getReplicas();
    assertTrue(count >= 3 && count <= 7, "signers: " + count);
    final Container node = signers.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertTrue(
        node.getResources().getLimits().containsKey("memory"), node.getResources().toString());
    final String journal =
        objects.stream()
            .filter(ConfigMap.class::isInstance)
            .map(o -> ((ConfigMap) o).getData())
            .filter(data -> data.containsKey("cassandra.conf"))
            .findFirst()
            .orElseThrow()
            .get("cassandra.conf");
    assertTrue(journal.contains("pekko.persistence.cassandra.journal"), journal);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void jsonRpcServesTheHostNamesOfTheServiceInFrontOfIt(final String overlay) {
    // A node answers 403 to a Host that is not loopback unless told otherwise; in a cluster the
    // requests carry the Service's name.
    final Map<String, String> env =
        validate(render(K8S.resolve("overlays").resolve(overlay))).stream()
            .filter(ConfigMap.class::isInstance)
            .map(o -> ((ConfigMap) o).getData())
            .filter(data -> data.containsKey("AMCHAIN_RPC_HOST"))
            .findFirst()
            .orElseThrow();
    assertEquals("*", env.get("AMCHAIN_RPC_VHOSTS"), env.toString());
  }

  @Test
  void aManifestWithAnUnknownFieldIsRejected() throws IOException {
    // kustomize takes only relative paths to other kustomizations: the overlay lives in target/.
    final Path overlay = Files.createDirectories(Path.of("target", "k8s-typo-overlay"));
    // A typo in a patch, as an operator might write it: "readinesProbe", and a misspelt spec key.
    Files.writeString(
        overlay.resolve("kustomization.yaml"),
        String.join(
            "\n",
            "resources:",
            "  - " + overlay.toAbsolutePath().relativize(K8S.resolve("overlays/dev")),
            "patches:",
            "  - target: {kind: StatefulSet, name: amchain-signer}",
            "    patch: |-",
            "      - op: add",
            "        path: /spec/podManagmentPolicy",
            "        value: Parallel",
            "      - op: move",
            "        from: /spec/template/spec/containers/0/readinessProbe",
            "        path: /spec/template/spec/containers/0/readinesProbe",
            ""));
    final String rendered = render(overlay);
    final AssertionError error = assertThrows(AssertionError.class, () -> validate(rendered));
    assertTrue(error.getMessage().contains("podManagmentPolicy"), error.getMessage());
    assertTrue(error.getMessage().contains("readinesProbe"), error.getMessage());
  }

  @Test
  void aValueOfTheWrongTypeIsRejected() {
    final String rendered = render(K8S.resolve("overlays/dev"));
    final String broken = rendered.replaceFirst("replicas: 3", "replicas: three");
    final AssertionError error = assertThrows(AssertionError.class, () -> validate(broken));
    assertTrue(error.getMessage().contains("StatefulSet"), error.getMessage());
  }

  @Test
  void anUnknownKindIsRejected() {
    final String manifest = "apiVersion: apps/v1\nkind: StatefullSet\nmetadata: {name: x}\n";
    final AssertionError error = assertThrows(AssertionError.class, () -> validate(manifest));
    assertTrue(error.getMessage().contains("apps/v1/StatefullSet"), error.getMessage());
  }

  /** {@code kubectl kustomize DIR}: renders offline, fails the test with kustomize's message. */
  static String render(final Path kustomization) {
    // kustomize comes with kubectl; a machine without it reports these tests as skipped, not
    // passed.
    Assumptions.assumeTrue(
        Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl"))),
        "kubectl (with its built-in kustomize) is not on the PATH");
    return JsTool.run(
        kustomization,
        Duration.ofMinutes(2),
        "kubectl",
        "kustomize",
        kustomization.toAbsolutePath().toString());
  }

  /** Parses every document and returns the typed objects; fails listing every problem found. */
  static List<Object> validate(final String manifests) {
    final List<Object> objects = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    try {
      for (final JsonNode document :
          YAML.readValues(YAML.createParser(manifests), JsonNode.class).readAll()) {
        if (document == null || document.isNull() || document.isEmpty()) {
          continue;
        }
        final String type =
            document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        final String name = type + " " + document.path("metadata").path("name").asText();
        final Class<?> kind = TYPES.get(type);
        if (kind == null) {
          problems.add(name + ": not a kind these manifests may use (" + TYPES.keySet() + ")");
          continue;
        }
        try {
          final Object object = YAML.treeToValue((ObjectNode) document, kind);
          final List<String> unknown = new ArrayList<>();
          unknownFields(object, "", unknown);
          unknown.forEach(field -> problems.add(name + ": unknown field " + field));
          objects.add(object);
        } catch (IOException e) {
          problems.add(name + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(String.join("\n", problems));
    }
    return objects;
  }

  /** Adds to {@code found} the path of every field fabric8 did not recognise under {@code node}. */
  private static void unknownFields(
      final Object node, final String path, final List<String> found) {
    for (final Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || getter.getDeclaringClass() == Object.class
          || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
        continue;
      }
      final Object value;
      try {
        value = getter.invoke(node);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException(getter.toString(), e);
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          found.addAll(
              extra.keySet().stream()
                  .map(key -> path + "/" + key)
                  .collect(Collectors.toCollection(ArrayList::new)));
        }
        continue;
      }
      final String child = path + "/" + property(getter.getName());
      descend(value, child, found);
    }
  }

  private static void descend(final Object value, final String path, final List<String> found) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (final Object item : items) {
        descend(item, path + "/" + i++, found);
      }
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> descend(item, path + "/" + key, found));
    } else if (value.getClass().getName().startsWith("io.fabric8.")) {
      unknownFields(value, path, found);
    }
  }

  private static String property(final String getter) {
    final String bare = getter.substring(getter.startsWith("is") ? 2 : 3);
    return Character.toLowerCase(bare.charAt(0)) + bare.substring(1);
  }

  private static <T> T only(final List<Object> objects, final Class<T> kind) {
    final List<T> matching = objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    assertEquals(1, matching.size(), kind.getSimpleName() + ": " + matching.size());
    return matching.get(0);
  }

  /** The image the Dockerfile says it builds (its first comment line names it). */
  private static String dockerfileImage() {
    try {
      final String dockerfile =
          Files.readString(K8S.getParent().resolve("docker").resolve("Dockerfile"));
      final var matcher = java.util.regex.Pattern.compile("-t (\\S+) \\.").matcher(dockerfile);
      assertTrue(matcher.find(), "the Dockerfile names no image tag");
      return matcher.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
