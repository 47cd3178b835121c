package io.framewise.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A lint of the Dockerfiles (no hadolint here, and no Docker engine to build them): non-root user, pinned base
 * images, a health check on /q/health, and COPY sources that are exactly the fast-jar that
 * {@code mvn package} leaves in services/&lt;name&gt;/target/quarkus-app (which the tests run too).
 */
class DockerfileTest {

    private static final List<String> FAST_JAR = List.of("lib/", "quarkus-run.jar", "app/", "quarkus/");

    /** Instructions with continuation lines joined. */
    static List<String> instructions(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.lines().toList()) {
            String trimmed = line.strip();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                current.append(trimmed);
                out.add(current.toString());
                current.setLength(0);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/docker/Dockerfile", "deploy/docker/trainer-gpu.Dockerfile"})
    void dockerfileFollowsTheRules(String file) {
        List<String> lines = instructions(Repo.read(file));
        Map<String, String> args = new HashMap<>();
        Pattern arg = Pattern.compile("ARG (\\w+)=(\\S+)");
        List<String> froms = new ArrayList<>();
        String lastUser = null;
        boolean healthcheck = false;
        List<String> copies = new ArrayList<>();
        for (String line : lines) {
            Matcher a = arg.matcher(line);
            if (a.matches()) {
                args.putIfAbsent(a.group(1), a.group(2));
            }
            if (line.startsWith("FROM ")) {
                froms.add(line.substring(5).split("\\s+")[0]);
                lastUser = null;
            }
            if (line.startsWith("USER ")) {
                lastUser = line.substring(5).trim();
            }
            if (line.startsWith("HEALTHCHECK ")) {
                healthcheck = true;
                assertThat(line).as(file + " health check").contains("/q/health/");
            }
            if (line.startsWith("COPY ") && !line.contains("--from=")) {
                copies.add(line);
            }
        }
        // Base images: a tag that names a version, never latest or none (ARG defaults resolved).
        for (String from : froms) {
            String image = from;
            Matcher ref = Pattern.compile("\\$\\{?(\\w+)}?").matcher(from);
            if (ref.matches()) {
                image = args.get(ref.group(1));
            }
            assertThat(image).as(file + ": FROM " + from).isNotNull().contains(":").doesNotEndWith(":latest").matches(".*:[^:]*\\d.*");
        }
        // The final stage runs as a numeric, non-root user.
        assertThat(lastUser).as(file + ": USER of the final stage").isNotNull();
        String uid = lastUser.split(":")[0].replaceAll("\\$\\{?(\\w+)}?", "$1");
        uid = args.getOrDefault(uid, uid);
        assertThat(uid).as(file + ": user").matches("\\d+").isNotEqualTo("0");
        assertThat(healthcheck).as(file + " HEALTHCHECK").isTrue();
        assertThat(lines.stream().anyMatch(l -> l.startsWith("ENTRYPOINT") && l.contains("/deployments/quarkus-run.jar"))).as(file + " runs the fast-jar").isTrue();

        // COPY sources are the four parts of the fast-jar, for every service the file builds.
        List<String> services = file.contains("trainer-gpu") ? List.of("trainer") : List.copyOf(Repo.SERVICES.keySet());
        List<String> sources = new ArrayList<>();
        for (String copy : copies) {
            String[] parts = copy.replaceAll("--chown=\\S+", "").trim().split("\\s+");
            sources.add(parts[1]);
        }
        assertThat(sources).hasSize(FAST_JAR.size());
        for (String service : services) {
            for (int i = 0; i < sources.size(); i++) {
                String source = sources.get(i).replace("${SERVICE}", service);
                assertThat(source).as(file).isEqualTo("services/" + service + "/target/quarkus-app/" + FAST_JAR.get(i));
                Path built = Repo.root().resolve(source);
                assertThat(Files.exists(built)).as(built + " (what the image copies) exists after mvn package; build first: mvn -DskipTests install").isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/docker/trainer-gpu.Dockerfile"})
    void theGpuImageUsesDjlsCudaLibtorch(String file) {
        String text = Repo.read(file);
        assertThat(text).contains("PYTORCH_FLAVOR=cu128").contains("PYTORCH_LIBRARY_PATH=").doesNotContain("ENV PYTORCH_VERSION");
        // The JNI library of that flavour ships in the pytorch-jni jar the trainer bundles.
        assertThat(Repo.read("pom.xml")).contains("<djl.version>0.35.1</djl.version>").contains("<libtorch.version>2.7.1</libtorch.version>");
        assertThat(text).contains("LIBTORCH_VERSION=2.7.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {".dockerignore"})
    void theBuildContextIsOnlyThePackagedServices(String file) {
        assertThat(Repo.read(file).lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList())
                .containsExactly("*", "!services/*/target/quarkus-app/");
    }
}
