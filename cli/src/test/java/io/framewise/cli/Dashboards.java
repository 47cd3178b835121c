package io.framewise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Grafana dashboards of deploy/grafana/dashboards: their panels, PromQL queries and the metric names these use. */
final class Dashboards {

    record Panel(String dashboard, String title, List<String> exprs) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan");

    private Dashboards() {
    }

    static Path folder(Path home) {
        return home.resolve("deploy/grafana/dashboards");
    }

    /** Every panel with queries, of every dashboard file (rows' nested panels included). */
    static List<Panel> panels(Path folder) throws IOException {
        List<Panel> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = JSON.readTree(file.toFile());
                List<JsonNode> all = new ArrayList<>();
                dashboard.path("panels").forEach(p -> {
                    all.add(p);
                    p.path("panels").forEach(all::add);
                });
                for (JsonNode p : all) {
                    List<String> exprs = new ArrayList<>();
                    p.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
                    if (!exprs.isEmpty()) {
                        out.add(new Panel(dashboard.path("title").asText(), p.path("title").asText(), exprs));
                    }
                }
                // Template variables query metrics too: label_values(metric{...}, label).
                List<String> variables = new ArrayList<>();
                dashboard.at("/templating/list").forEach(v -> {
                    Matcher m = Pattern.compile("label_values\\((.+),\\s*\\w+\\)").matcher(v.at("/query/query").asText(v.path("query").asText()));
                    if (m.matches()) {
                        variables.add(m.group(1));
                    }
                });
                if (!variables.isEmpty()) {
                    out.add(new Panel(dashboard.path("title").asText(), "(template variables)", variables));
                }
            }
        }
        return out;
    }

    /** A query with Grafana's variables replaced as Grafana does for "All" (they appear in regex matchers only). */
    static String substitute(String expr) {
        return expr.replace("$__rate_interval", "1m").replace("$__interval", "15s").replaceAll("\\$\\{?\\w+}?", ".*");
    }

    /** The metric names a PromQL expression selects: identifiers that are not functions, keywords, labels or durations. */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")       // string literals
                .replaceAll("\\{[^}]*}", " ")                                 // label matchers
                .replaceAll("\\[[^]]*]", " ")                                 // range selectors
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " "); // label lists
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?").matcher(s);
        while (m.find()) {
            String word = m.group().replaceAll("[\\s(]", "");
            boolean function = m.group(1) != null;
            int before = m.start() - 1;
            boolean number = before >= 0 && (Character.isDigit(s.charAt(before)) || s.charAt(before) == '.');
            if (!function && !number && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }
}
