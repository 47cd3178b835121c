package io.framewise.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every overlay in k8s/overlays renders with {@code kubectl kustomize}, and every rendered object validates
 * against the Kubernetes API schemas, KEDA's and prometheus-operator's (deploy/checks/validate, npm ci).
 */
class KubernetesTest {

    static Stream<String> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(Repo.root().resolve("k8s/overlays"))) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    static String render(String overlay) {
        Repo.Result result = Repo.run("kubectl", "kustomize", "k8s/overlays/" + overlay);
        assertThat(result.exit()).as("kubectl kustomize k8s/overlays/" + overlay + ":\n" + result.out()).isZero();
        // kubectl prints deprecation warnings (bases, commonLabels) on stderr, mixed in here: keep the YAML.
        return String.join("\n", result.out().lines().filter(l -> !l.startsWith("# Warning:")).toList()) + "\n";
    }

    static List<JsonNode> objects(String overlay) {
        return Repo.yamlDocuments(render(overlay));
    }

    static JsonNode find(List<JsonNode> objects, String kind, String name) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind) && o.at("/metadata/name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    @Test
    void theOverlaysExist() throws IOException {
        assertThat(overlays().toList()).contains("cpu", "gpu", "gpu-hpa");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyRenderedObjectValidatesAgainstItsSchema(String overlay, @TempDir Path tmp) throws Exception {
        Path validator = Repo.root().resolve("deploy/checks/validate");
        assertThat(validator.resolve("node_modules/kubernetes-models")).as("the validator's npm packages are not installed; run "
                + Repo.INSTALL + " (it runs npm ci in deploy/checks/validate)").isDirectory();
        Path rendered = Files.writeString(tmp.resolve(overlay + ".yaml"), render(overlay));
        Repo.Result result = Repo.run(List.of("node", validator.resolve("validate.js").toString(), rendered.toString()), null);
        assertThat(result.exit()).as("validation of k8s/overlays/" + overlay + ":\n" + result.out()).isZero();
        assertThat(result.out()).contains(" 0 invalid");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceIsDeployedProbedLimitedAndScraped(String overlay) {
        List<JsonNode> objects = objects(overlay);
        assertThat(objects.stream().filter(o -> o.path("kind").asText().equals("Namespace"))).hasSize(1);
        JsonNode monitor = find(objects, "ServiceMonitor", "framewise");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
        Repo.SERVICES.forEach((name, port) -> {
            JsonNode deployment = find(objects, "Deployment", name);
            JsonNode pod = deployment.at("/spec/template");
            JsonNode container = pod.at("/spec/containers/0");
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).as(name).isEqualTo("/q/health/live");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).as(name).isEqualTo("/q/health/ready");
            assertThat(container.at("/resources/requests/memory").isMissingNode()).as(name + " memory request").isFalse();
            assertThat(container.at("/resources/limits/memory").isMissingNode()).as(name + " memory limit").isFalse();
            assertThat(container.at("/ports/0/containerPort").asInt()).as(name).isEqualTo(port);
            assertThat(pod.at("/metadata/annotations/prometheus.io~1path").asText()).as(name).isEqualTo("/q/metrics");
            assertThat(pod.at("/metadata/annotations/prometheus.io~1port").asText()).as(name).isEqualTo(String.valueOf(port));
            assertThat(pod.at("/spec/securityContext/runAsNonRoot").asBoolean()).as(name).isTrue();
            assertThat(monitor.at("/spec/selector/matchExpressions/0/values").toString()).as(name).contains("\"" + name + "\"");
            JsonNode service = find(objects, "Service", name);
            assertThat(service.at("/spec/ports/0/name").asText()).isEqualTo("http");
            find(objects, "PodDisruptionBudget", name);
        });
        JsonNode trainer = find(objects, "Deployment", "trainer").at("/spec/template/spec");
        assertThat(trainer.get("terminationGracePeriodSeconds").asInt()).as("time to checkpoint").isGreaterThanOrEqualTo(240);
        assertThat(objects.stream().filter(o -> o.path("kind").asText().equals("NetworkPolicy"))).isNotEmpty();
        JsonNode topics = find(objects, "Job", "kafka-topics");
        int partitions = topics.at("/spec/template/spec/containers/0/env").findParents("name").stream()
                .filter(e -> e.get("name").asText().equals("TRAINING_REQUEST_PARTITIONS")).findFirst().orElseThrow().get("value").asInt();
        // Autoscaling never asks for more trainers than training.requests has partitions.
        List<Integer> maxima = new ArrayList<>();
        objects.stream().filter(o -> o.path("kind").asText().equals("ScaledObject") && o.at("/metadata/name").asText().equals("trainer"))
                .forEach(o -> maxima.add(o.at("/spec/maxReplicaCount").asInt()));
        objects.stream().filter(o -> o.path("kind").asText().equals("HorizontalPodAutoscaler") && o.at("/metadata/name").asText().equals("trainer"))
                .forEach(o -> maxima.add(o.at("/spec/maxReplicas").asInt()));
        assertThat(maxima).as(overlay + ": one trainer autoscaler").hasSize(1);
        assertThat(maxima.get(0)).isLessThanOrEqualTo(partitions);
        // Secrets are created by hand (k8s/base/secrets.example.yaml): applying an overlay never overwrites them.
        assertThat(objects.stream().filter(o -> o.path("kind").asText().equals("Secret"))).as(overlay + " renders no Secret").isEmpty();
    }

    @Test
    void theSecretTemplatesValidateAndHoldOnlyPlaceholders() {
        Path template = Repo.root().resolve("k8s/base/secrets.example.yaml");
        Repo.Result result = Repo.run(List.of("node", Repo.root().resolve("deploy/checks/validate/validate.js").toString(), template.toString()), null);
        assertThat(result.exit()).as(result.out()).isZero();
        List<String> names = new ArrayList<>();
        for (JsonNode secret : Repo.yamlDocuments(Repo.read("k8s/base/secrets.example.yaml"))) {
            names.add(secret.at("/metadata/name").asText());
            secret.path("stringData").fields().forEachRemaining(e ->
                    assertThat(e.getValue().asText()).as(secret.at("/metadata/name").asText() + " " + e.getKey()).isEqualTo("REPLACE_ME"));
        }
        // Exactly the secrets the manifests refer to.
        String deployments = Repo.read("k8s/base/deployments.yaml") + Repo.read("k8s/base/jobs.yaml");
        assertThat(names).containsExactlyInAnyOrder("framewise-store", "framewise-minio-admin");
        names.forEach(n -> assertThat(deployments).contains("name: " + n));
    }

    @Test
    void theGpuOverlaysPutTrainersOnGpuNodes() {
        for (String overlay : List.of("gpu", "gpu-hpa")) {
            List<JsonNode> objects = objects(overlay);
            JsonNode pod = find(objects, "Deployment", "trainer").at("/spec/template/spec");
            JsonNode container = pod.at("/containers/0");
            assertThat(container.at("/resources/limits/nvidia.com~1gpu").asInt()).as(overlay).isEqualTo(1);
            assertThat(container.get("image").asText()).as(overlay).contains("trainer-gpu");
            assertThat(pod.get("nodeSelector")).as(overlay).isNotNull();
            assertThat(pod.get("tolerations").toString()).as(overlay).contains("nvidia.com/gpu");
        }
        JsonNode cpuTrainer = find(objects("cpu"), "Deployment", "trainer").at("/spec/template/spec/containers/0");
        assertThat(cpuTrainer.at("/resources/limits/nvidia.com~1gpu").isMissingNode()).isTrue();
    }

    @Test
    void kedaScalesOnTheRealConsumerGroupsAndTopics() {
        List<JsonNode> objects = objects("gpu");
        JsonNode trainer = find(objects, "ScaledObject", "trainer").at("/spec/triggers/0/metadata");
        // framewise.trainer.group (TrainerConfig, default "trainer") on training.requests.
        assertThat(trainer.get("consumerGroup").asText()).isEqualTo("trainer");
        assertThat(trainer.get("topic").asText()).isEqualTo("training.requests");
        assertThat(Repo.read("services/trainer/src/main/java/io/framewise/trainer/TrainerConfig.java")).contains("@WithDefault(\"trainer\")");
        String annotatorProperties = Repo.read("services/video-annotator/src/main/resources/application.properties");
        find(objects, "ScaledObject", "video-annotator").at("/spec/triggers").forEach(t -> {
            String group = t.at("/metadata/consumerGroup").asText();
            String topic = t.at("/metadata/topic").asText();
            assertThat(annotatorProperties).contains("group.id=" + group).contains("topic=" + topic);
        });
    }
}
