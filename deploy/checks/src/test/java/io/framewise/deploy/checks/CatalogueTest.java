package io.framewise.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The topic and bucket set-up scripts (compose and Kubernetes share them) match the code's catalogues. */
class CatalogueTest {

    @Test
    void theTopicScriptCreatesTheCataloguesTopicsWithTheirPartitions() {
        Map<String, String> catalogue = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\\w+\\(\"([a-z.\\-]+)\", (\\d+), [^)]*?(true)?\\)").matcher(
                Repo.read("shared-schemas/src/main/java/io/framewise/schemas/Topic.java"));
        while (m.find()) {
            if (m.group(1).equals("bucket-events.bridge-state")) {
                continue; // the bridge's own state; with MinIO there is no bridge
            }
            catalogue.put(m.group(1), m.group(2));
        }
        assertThat(catalogue).containsKeys("bucket-events", "training.requests", "detections", "dead-letters");
        Map<String, String> script = new LinkedHashMap<>();
        Matcher s = Pattern.compile("(?m)^([a-z][a-z.\\-]+) (\\d+|\\$TRAINING)$").matcher(Repo.read("k8s/base/scripts/create-topics.sh"));
        while (s.find()) {
            script.put(s.group(1), s.group(2).equals("$TRAINING") ? "8" : s.group(2));
        }
        assertThat(script).isEqualTo(catalogue);
        assertThat(Repo.read("k8s/base/scripts/create-topics.sh")).contains("TRAINING=\"${TRAINING_REQUEST_PARTITIONS:-8}\"");
    }

    @Test
    void theStoreScriptCreatesEveryBucketAndWatchesTheWatchedOnes() {
        String buckets = Repo.read("services/common/src/main/java/io/framewise/common/store/Buckets.java");
        String script = Repo.read("k8s/base/scripts/setup-minio.sh");
        Matcher constant = Pattern.compile("public static final String \\w+ = \"([a-z\\-]+)\";").matcher(buckets);
        int n = 0;
        while (constant.find()) {
            n++;
            assertThat(script).contains(" " + constant.group(1));
        }
        assertThat(n).isEqualTo(6);
        assertThat(buckets).contains("WATCHED = List.of(VIDEOS, REQUESTS)");
        assertThat(script).contains("for bucket in videos requests; do").contains("--event put,delete")
                .contains("for bucket in videos inputs requests datasets runs annotated; do");
    }
}
