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

/**
 * The Grafana dashboards are valid JSON on the provisioned Prometheus datasource with PromQL that parses, and
 * the Prometheus configuration (compose), the Kubernetes scraping and the dashboards cover every service.
 * (That every metric a dashboard uses is really exported is checked against running services by the CLI's
 * DemoEndToEndTest, with a real Prometheus.)
 */
class ObservabilityTest {

    static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(Repo.root().resolve("deploy/grafana/dashboards"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            out.add(p);
            p.path("panels").forEach(out::add);
        }
        return out;
    }

    /** Grafana's variables replaced the way Grafana would for "All" (the dashboards use them in regex matchers). */
    static String substitute(String expr) {
        return expr.replace("$__rate_interval", "1m").replace("$__interval", "15s").replaceAll("\\$\\{?\\w+}?", ".*");
    }

    @Test
    void theThreeDashboardsAreProvisionedOnThePrometheusDatasource() throws Exception {
        List<String> titles = new ArrayList<>();
        String uid = Repo.yamlDocuments(Repo.read("deploy/grafana/provisioning/datasources/prometheus.yml")).get(0)
                .at("/datasources/0/uid").asText();
        assertThat(uid).isNotBlank();
        for (Path file : dashboards()) {
            JsonNode dashboard = Repo.JSON.readTree(file.toFile());
            titles.add(dashboard.get("title").asText());
            assertThat(dashboard.get("uid").asText()).as(file.toString()).isNotBlank();
            int queries = 0;
            for (JsonNode panel : panels(dashboard)) {
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                assertThat(panel.at("/datasource/uid").asText()).as(file + ": " + panel.path("title")).isEqualTo(uid);
                assertThat(panel.path("targets")).as(file + ": " + panel.path("title")).isNotEmpty();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.at("/datasource/uid").asText()).isEqualTo(uid);
                    assertThat(target.path("expr").asText()).as(file + ": " + panel.path("title")).isNotBlank();
                    queries++;
                }
            }
            assertThat(queries).as(file.toString()).isGreaterThan(5);
            for (JsonNode variable : dashboard.at("/templating/list")) {
                assertThat(variable.at("/datasource/uid").asText()).isEqualTo(uid);
            }
        }
        assertThat(titles).containsExactlyInAnyOrder("Framewise / Training", "Framewise / Pipeline", "Framewise / Services");
    }

    @Test
    void everyDashboardQueryAndAlertIsValidPromQl(@TempDir Path tmp) throws Exception {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        int n = 0;
        for (Path file : dashboards()) {
            for (JsonNode panel : panels(Repo.JSON.readTree(file.toFile()))) {
                for (JsonNode target : panel.path("targets")) {
                    rules.append("      - record: dashboard:query").append(n++).append("\n        expr: ")
                            .append(Repo.JSON.writeValueAsString(substitute(target.get("expr").asText()))).append('\n');
                }
            }
        }
        Path file = Files.writeString(tmp.resolve("dashboard-queries.yml"), rules);
        Repo.Result queries = Repo.run("promtool", "check", "rules", file.toString());
        assertThat(queries.exit()).as(queries.out()).isZero();
        Repo.Result alerts = Repo.run("promtool", "check", "rules", "deploy/prometheus/alerts.yml");
        assertThat(alerts.exit()).as(alerts.out()).isZero();
        // The compose Prometheus configuration, with its rule file where promtool can find it.
        Path config = Files.writeString(tmp.resolve("prometheus.yml"), Repo.read("deploy/prometheus/prometheus.yml")
                .replace("/etc/prometheus/alerts.yml", Repo.root().resolve("deploy/prometheus/alerts.yml").toString()));
        Repo.Result check = Repo.run("promtool", "check", "config", config.toString());
        assertThat(check.exit()).as(check.out()).isZero();
    }

    @Test
    void prometheusScrapesEveryServiceAsItsOwnJob() {
        JsonNode config = Repo.yamlDocuments(Repo.read("deploy/prometheus/prometheus.yml")).get(0);
        Repo.SERVICES.forEach((name, port) -> {
            JsonNode job = null;
            for (JsonNode j : config.get("scrape_configs")) {
                if (j.get("job_name").asText().equals(name)) {
                    job = j;
                }
            }
            assertThat(job).as("scrape job " + name).isNotNull();
            assertThat(job.get("metrics_path").asText()).isEqualTo("/q/metrics");
            assertThat(job.at("/static_configs/0/targets").toString()).contains(name + ":" + port);
        });
        String deployments = Repo.read("k8s/base/deployments.yaml");
        String monitor = Repo.read("k8s/base/servicemonitor.yaml");
        String compose = Repo.read("docker-compose.yml");
        Repo.SERVICES.forEach((name, port) -> {
            assertThat(deployments).contains("name: " + name).contains("prometheus.io/port: \"" + port + "\"");
            assertThat(monitor).contains(name);
            assertThat(compose).contains("  " + name + ":").contains("SERVICE: " + name);
        });
    }
}
