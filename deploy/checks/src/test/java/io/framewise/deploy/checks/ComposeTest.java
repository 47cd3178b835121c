package io.framewise.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker-compose.yml validates with Debian's docker-compose and wires every service, credentials only from .env. */
class ComposeTest {

    private static String testEnv() {
        return Repo.root().resolve("deploy/checks/src/test/resources/compose-test.env").toString();
    }

    private static JsonNode config(String... extra) {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-f", "docker-compose.yml", "--env-file", testEnv()));
        command.addAll(List.of(extra));
        command.add("config");
        Repo.Result result = Repo.run(command, null);
        assertThat(result.exit()).as(result.out()).isZero();
        // docker-compose prints warnings before the YAML; the document starts at its first top-level key.
        String out = result.out();
        int start = out.indexOf("services:");
        int name = out.indexOf("name:");
        if (name >= 0 && name < start && (name == 0 || out.charAt(name - 1) == '\n')) {
            start = name;
        }
        return Repo.yamlDocuments(out.substring(Math.max(0, start))).get(0);
    }

    @Test
    void theComposeFileValidates() {
        Repo.Result quiet = Repo.run("docker-compose", "-f", "docker-compose.yml", "--env-file", testEnv(), "config", "-q");
        assertThat(quiet.exit()).as(quiet.out()).isZero();
        Repo.Result gpu = Repo.run("docker-compose", "-f", "docker-compose.yml", "--env-file", testEnv(), "--profile", "gpu", "config", "-q");
        assertThat(gpu.exit()).as(gpu.out()).isZero();
    }

    @Test
    void withoutCredentialsTheComposeFileRefusesToStart(@TempDir Path tmp) throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.env"), "");
        Repo.Result result = Repo.run("docker-compose", "-f", "docker-compose.yml", "--env-file", empty.toString(), "config", "-q");
        assertThat(result.exit()).as(result.out()).isNotZero();
        assertThat(result.out()).contains("in .env");
    }

    @Test
    void noCredentialIsWrittenInTheComposeFile() {
        Pattern secretKey = Pattern.compile("^\\s*([A-Z_]*(PASSWORD|SECRET|ACCESS_KEY|ROOT_USER|ADMIN_USER)[A-Z_]*)\\s*:\\s*(.*)$", Pattern.MULTILINE);
        Matcher m = secretKey.matcher(Repo.read("docker-compose.yml"));
        int found = 0;
        while (m.find()) {
            found++;
            assertThat(m.group(3).trim()).as(m.group(1) + " must come from .env").matches("\\$\\{[A-Z_]+(:\\?[^}]*)?}");
        }
        assertThat(found).isGreaterThanOrEqualTo(6);
        // .env.example documents every variable the compose file needs.
        String example = Repo.read(".env.example");
        Matcher vars = Pattern.compile("\\$\\{([A-Z_]+)").matcher(Repo.read("docker-compose.yml"));
        while (vars.find()) {
            assertThat(example).as(".env.example documents " + vars.group(1)).contains(vars.group(1) + "=");
        }
    }

    @Test
    void everyServiceIsBuiltFromItsDockerfileWithItsPort() {
        JsonNode services = config().get("services");
        Repo.SERVICES.forEach((name, port) -> {
            JsonNode s = services.get(name);
            assertThat(s).as(name).isNotNull();
            assertThat(s.at("/build/dockerfile").asText()).as(name).isEqualTo("deploy/docker/Dockerfile");
            assertThat(s.at("/build/args/SERVICE").asText()).as(name).isEqualTo(name);
            assertThat(s.at("/build/args/PORT").asText()).as(name).isEqualTo(String.valueOf(port));
            assertThat(s.at("/environment/FRAMEWISE_HTTP_PORT").asText()).as(name).isEqualTo(String.valueOf(port));
            assertThat(s.at("/environment/KAFKA_BOOTSTRAP_SERVERS").asText()).as(name).isEqualTo("kafka:9092");
            assertThat(s.at("/environment/FRAMEWISE_STORE_ENDPOINT").asText()).as(name).isEqualTo("http://minio:9000");
            assertThat(s.get("ports").toString()).as(name).contains(port + ":" + port);
        });
        // Kafka in KRaft mode, MinIO notifying bucket-events, the init steps, Prometheus and Grafana.
        assertThat(services.at("/kafka/image").asText()).startsWith("apache/kafka:");
        assertThat(services.at("/kafka/environment/KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(services.at("/minio/environment/MINIO_NOTIFY_KAFKA_ENABLE_PRIMARY").asText()).isEqualTo("on");
        assertThat(services.at("/minio/environment/MINIO_NOTIFY_KAFKA_TOPIC_PRIMARY").asText()).isEqualTo("bucket-events");
        assertThat(services.at("/minio-init/image").asText()).startsWith("minio/mc:");
        assertThat(services.at("/prometheus/volumes").toString()).contains("deploy/prometheus/prometheus.yml");
        assertThat(services.at("/grafana/volumes").toString()).contains("deploy/grafana/dashboards").contains("deploy/grafana/provisioning");
    }

    @Test
    void theGpuProfileGivesTheTrainerAnNvidiaGpu() {
        JsonNode gpu = config("--profile", "gpu").at("/services/trainer-gpu");
        assertThat(gpu.get("profiles").toString()).as("trainer-gpu only with --profile gpu").isEqualTo("[\"gpu\"]");
        assertThat(config().at("/services/trainer/profiles").isMissingNode()).as("the CPU trainer runs by default").isTrue();
        assertThat(gpu.at("/build/dockerfile").asText()).isEqualTo("deploy/docker/trainer-gpu.Dockerfile");
        JsonNode device = gpu.at("/deploy/resources/reservations/devices/0");
        assertThat(device.get("driver").asText()).isEqualTo("nvidia");
        assertThat(device.get("capabilities").toString()).contains("gpu");
    }
}
