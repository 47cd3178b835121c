package io.framewise.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Prometheus (Debian's {@code prometheus}, run by hand on 127.0.0.1 with a free port and a temporary
 * storage folder) scraping the six services' {@code /q/metrics} on their fixed ports, one job per service as in
 * deploy/prometheus/prometheus.yml. Every 250 ms rather than every second: the demo stops the services moments
 * after the annotator's last counters move, and a 1 s scrape misses them about half the time. As a JUnit extension it runs around each test; then
 * {@link #checkDashboards()} checks the Grafana dashboards against what it scraped.
 */
final class Prometheus implements BeforeEachCallback, AfterEachCallback {

    /**
     * Metric names the dashboards use that no Framewise service exports in the demo, each with why; every other
     * name must be among the scraped series.
     */
    static final Map<String, String> NOT_FROM_THE_DEMO = Map.of(
            "DCGM_FI_DEV_GPU_UTIL", "NVIDIA dcgm-exporter's, on GPU nodes only; no GPU here",
            "DCGM_FI_DEV_FB_USED", "NVIDIA dcgm-exporter's, on GPU nodes only; no GPU here",
            "framewise_synthesizer_samples", "a gauge that exists only while a synthesis runs; the demo's take well under "
                    + "a second (DatasetSynthesizerServiceTest checks this name on /q/metrics)",
            "framewise_synthesizer_expected_samples", "a gauge that exists only while a synthesis runs; the demo's take well "
                    + "under a second");

    private static final String INSTALL = "deploy/install-test-tools.sh";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private Path dir;
    private Process process;
    private int port;
    private Instant started;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        String binary = Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "prometheus")).filter(Files::isExecutable).findFirst().map(Path::toString)
                .orElseGet(() -> fail("prometheus is not installed (Debian package prometheus); run " + INSTALL + " (as root; .ci/run does)"));
        dir = Files.createTempDirectory("framewise-prometheus-");
        StringBuilder config = new StringBuilder("global:\n  scrape_interval: 250ms\n  scrape_timeout: 250ms\nscrape_configs:\n");
        ServiceProcesses.PORTS.forEach((name, servicePort) -> config.append("  - job_name: ").append(name)
                .append("\n    metrics_path: /q/metrics\n    static_configs:\n      - targets: ['127.0.0.1:").append(servicePort).append("']\n"));
        Path configFile = Files.writeString(dir.resolve("prometheus.yml"), config);
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        process = new ProcessBuilder(binary, "--config.file=" + configFile, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!ready()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                fail("Prometheus did not start: " + Files.readString(dir.resolve("prometheus.log")));
            }
            Thread.sleep(200);
        }
        started = Instant.now();
    }

    private boolean ready() throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base() + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("status").asText()).as(pathAndQuery + ": " + response.body()).isEqualTo("success");
        return body.get("data");
    }

    /** Every metric name Prometheus has series of. */
    Set<String> names() throws IOException, InterruptedException {
        Set<String> names = new TreeSet<>();
        get("/api/v1/label/__name__/values").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** How many series with at least one sample the query returns over [start, end]. */
    int seriesWithData(String expr, Instant start, Instant end) throws IOException, InterruptedException {
        JsonNode data = get("/api/v1/query_range?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8) + "&start="
                + start.getEpochSecond() + "&end=" + (end.getEpochSecond() + 1) + "&step=1");
        int n = 0;
        for (JsonNode series : data.path("result")) {
            if (!series.path("values").isEmpty()) {
                n++;
            }
        }
        return n;
    }

    /**
     * (i) every metric name any dashboard uses, but the listed exceptions, is among the scraped series;
     * (ii) every panel of the Training dashboard returns data over the test's time window (panels using only
     * listed exceptions apart).
     */
    void checkDashboards() throws Exception {
        Instant end = Instant.now();
        Path home = Path.of(System.getProperty("framewise.home"));
        List<Dashboards.Panel> panels = Dashboards.panels(Dashboards.folder(home));
        Set<String> scraped = names();
        List<String> missing = new ArrayList<>();
        for (Dashboards.Panel panel : panels) {
            for (String expr : panel.exprs()) {
                for (String name : Dashboards.metricNames(expr)) {
                    if (!scraped.contains(name) && !NOT_FROM_THE_DEMO.containsKey(name)) {
                        missing.add(name + " (" + panel.dashboard() + " / " + panel.title() + ")");
                    }
                }
            }
        }
        assertThat(missing).as("metrics used by the dashboards but not exported by the services; scraped: " + scraped).isEmpty();

        List<String> empty = new ArrayList<>();
        for (Dashboards.Panel panel : panels) {
            if (!panel.dashboard().equals("Framewise / Training") || panel.title().startsWith("(")) {
                continue;
            }
            boolean onlyElsewhere = panel.exprs().stream().flatMap(e -> Dashboards.metricNames(e).stream())
                    .allMatch(NOT_FROM_THE_DEMO::containsKey);
            if (onlyElsewhere) {
                continue;
            }
            int series = 0;
            for (String expr : panel.exprs()) {
                series += seriesWithData(Dashboards.substitute(expr), started, end);
            }
            if (series == 0) {
                empty.add(panel.title() + " " + panel.exprs());
            }
        }
        assertThat(empty).as("Training dashboard panels without data between " + started + " and " + end).isEmpty();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
