package io.framewise.evaluator.core.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framewise.evaluator.core.CocoEvaluation;
import io.framewise.evaluator.core.EvaluationReport;
import io.framewise.evaluator.core.SharedFiles;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CocoConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void reproducesAllTwelvePycocotoolsNumbersOnTheConformanceVector() throws Exception {
        Path vector = SharedFiles.cocoEvalVector();
        JsonNode expected = JSON.readTree(vector.resolve("expected-stats.json").toFile()).get("stats");

        long start = System.nanoTime();
        EvaluationReport report = CocoEvaluation.evaluateFiles(
                vector.resolve("gt.json"), vector.resolve("detections.json"), 0.5);
        long millis = (System.nanoTime() - start) / 1_000_000;

        Map<String, Double> actual = report.coco().asMap();
        StringBuilder table = new StringBuilder("conformance (" + millis + " ms, first run in this JVM):\n");
        for (String key : CocoSummary.KEYS) {
            table.append(String.format("  %-5s got %.17f expected %.17f diff %.1e%n", key, actual.get(key),
                    expected.get(key).asDouble(), Math.abs(actual.get(key) - expected.get(key).asDouble())));
        }
        System.out.println(table);
        for (String key : CocoSummary.KEYS) {
            assertThat(actual.get(key)).as(key).isCloseTo(expected.get(key).asDouble(), within(1e-4));
        }
    }

    @Test
    void reportsTheVectorsCountsWithoutWarnings() throws Exception {
        Path vector = SharedFiles.cocoEvalVector();
        EvaluationReport report = CocoEvaluation.evaluateFiles(
                vector.resolve("gt.json"), vector.resolve("detections.json"), 0.5);

        assertThat(report.counts().images()).isEqualTo(400);
        assertThat(report.counts().detections()).isEqualTo(3099);
        assertThat(report.counts().categories()).isEqualTo(80);
        assertThat(report.counts().detectionsOnUnknownImages()).isZero();
        JsonNode json = JSON.readTree(report.toJson());
        for (String key : CocoSummary.KEYS) {
            assertThat(json.get(key).isNumber()).as(key).isTrue();
        }
        assertThat(json.get("vocAP").asDouble()).isBetween(0.0, 1.0);
        assertThat(json.get("perCategory")).hasSize(80);
    }
}
