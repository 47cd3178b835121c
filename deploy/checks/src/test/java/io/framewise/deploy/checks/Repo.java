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

    /** Service name → HTTP port, as in each service's application.properties. */
    static final Map<String, Integer> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put("frame-extractor", 8081);
        SERVICES.put("dataset-synthesizer", 8082);
        SERVICES.put("coco-filter", 8083);
        SERVICES.put("trainer", 8084);
        SERVICES.put("evaluator", 8085);
        SERVICES.put("video-annotator", 8086);
    }

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
