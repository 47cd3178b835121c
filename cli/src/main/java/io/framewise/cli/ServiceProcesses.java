package io.framewise.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The six services as child processes of {@code framewise up}, each on its own HTTP port, logging to a file. */
final class ServiceProcesses implements AutoCloseable {

    /** Service name → HTTP port; the same ports as in each service's application.properties. */
    static final Map<String, Integer> PORTS = new LinkedHashMap<>();

    static {
        PORTS.put("frame-extractor", 8081);
        PORTS.put("dataset-synthesizer", 8082);
        PORTS.put("coco-filter", 8083);
        PORTS.put("trainer", 8084);
        PORTS.put("evaluator", 8085);
        PORTS.put("video-annotator", 8086);
    }

    private record Running(String name, int port, Process process, Path log) {
    }

    private final List<Running> running = new ArrayList<>();

    static List<String> parse(String spec) {
        if (spec == null || spec.isBlank() || spec.equals("none")) {
            return List.of();
        }
        if (spec.equals("all")) {
            return List.copyOf(PORTS.keySet());
        }
        List<String> names = List.of(spec.split(","));
        for (String name : names) {
            if (!PORTS.containsKey(name.trim())) {
                throw new IllegalArgumentException("unknown service '" + name + "'; services: all, none, or any of " + PORTS.keySet());
            }
        }
        return names.stream().map(String::trim).toList();
    }

    void start(Path home, String name, Map<String, String> environment, Path logDir) throws IOException {
        Path jar = home.resolve("services").resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built (" + jar + " is missing); run: mvn -DskipTests install");
        }
        requireFreePort(name, PORTS.get(name));
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Xmx512m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Several services share these cores, two of them running libtorch. Its OpenMP threads spin while they
        // wait for work, which starves every other process of CPU: let them sleep instead.
        builder.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        builder.environment().putAll(environment);
        builder.environment().put("FRAMEWISE_HTTP_PORT", String.valueOf(PORTS.get(name)));
        running.add(new Running(name, PORTS.get(name), builder.start(), log));
    }

    /**
     * Kills a started service with SIGKILL (no shutdown hooks, no graceful stop: as a crash or an OOM kill) and
     * waits for it to be gone.
     */
    void kill(String name) throws InterruptedException {
        for (Running r : List.copyOf(running)) {
            if (r.name().equals(name)) {
                r.process().destroyForcibly();
                r.process().waitFor();
                running.remove(r);
            }
        }
    }

    /**
     * Refuses to start a service whose port is taken: its readiness check would otherwise be answered by whatever
     * holds the port (another 'framewise up' or demo), and requests would go to another stack.
     */
    private static void requireFreePort(String name, int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true); // as the services bind: connections of a stopped one in TIME_WAIT do not count
            socket.bind(new java.net.InetSocketAddress("0.0.0.0", port));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": port " + port + " is in use (another 'framewise up'"
                    + " or 'framewise demo' running? stop it first)");
        }
    }

    /** Waits until every started service reports ready, or fails naming the one that did not. */
    void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Running service : running) {
            while (!ready(http, service)) {
                if (!service.process().isAlive()) {
                    throw new IllegalStateException(service.name() + " exited with code " + service.process().exitValue()
                            + "; see " + service.log());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(service.name() + " not ready after " + timeout.toSeconds() + " s; see " + service.log());
                }
                service.process().waitFor(250, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static boolean ready(HttpClient http, Running service) throws InterruptedException {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() {
        running.forEach(r -> r.process().destroy());
        for (Running r : running) {
            try {
                if (!r.process().waitFor(30, TimeUnit.SECONDS)) {
                    r.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                r.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
