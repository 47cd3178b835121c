package io.framewise.deploy.checks;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The repository, the six services, and the external tools the checks run (installed by deploy/install-test-tools.sh). */
final class Repo {

    static final String INSTALL = "deploy/install-test-tools.sh";

    /** Service name → HTTP port, read from each service's application.properties (quarkus.http.port's default). */
    static final Map<String, Integer> SERVICES = servicePorts();

    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final ObjectMapper YAML = new YAMLMapper();

    private Repo() {
    }

    /** The repository root: the nearest folder above the working directory holding docker-compose.yml. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docker-compose.yml")) && Files.isDirectory(p.resolve("k8s"))) {
                return p;
            }
        }
        throw new IllegalStateException("no docker-compose.yml above " + dir);
    }

    private static Map<String, Integer> servicePorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        java.util.regex.Pattern port = java.util.regex.Pattern.compile("(?m)^quarkus\\.http\\.port=\\$\\{FRAMEWISE_HTTP_PORT:(\\d+)}");
        for (String name : List.of("frame-extractor", "dataset-synthesizer", "coco-filter", "trainer", "evaluator",
                "video-annotator")) {
            java.util.regex.Matcher m = port.matcher(read("services/" + name + "/src/main/resources/application.properties"));
            if (!m.find()) {
                throw new IllegalStateException(name + "'s application.properties sets no quarkus.http.port=${FRAMEWISE_HTTP_PORT:N}");
            }
            ports.put(name, Integer.parseInt(m.group(1)));
        }
        return ports;
    }

    static String read(String relative) {
        try {
            return Files.readString(root().resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> yamlDocuments(String text) {
        try {
            List<JsonNode> docs = new ArrayList<>();
            var parser = new YAMLFactory().createParser(text);
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails, naming the install script, when {@code tool} is not on the PATH. */
    static void requireTool(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        fail(tool + " is not installed (not on the PATH); run " + INSTALL + " (as root; .ci/run does) and try again");
    }

    record Result(int exit, String out) {
    }

    /** Runs a command in the repository root, stdout and stderr together. */
    static Result run(List<String> command, Path input) {
        requireTool(command.get(0));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile()).redirectErrorStream(true);
            if (input != null) {
                builder.redirectInput(input.toFile());
            }
            Path out = Files.createTempFile("check-", ".out");
            builder.redirectOutput(out.toFile());
            Process process = builder.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in 180 s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            return new Result(process.exitValue(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Result run(String... command) {
        return run(List.of(command), null);
    }
}
