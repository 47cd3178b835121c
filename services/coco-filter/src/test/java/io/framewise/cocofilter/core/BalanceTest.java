package io.framewise.cocofilter.core;

import static io.framewise.cocofilter.core.CocoFiles.ids;
import static io.framewise.cocofilter.core.CocoFiles.read;
import static io.framewise.cocofilter.core.CocoFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example: five images, person (6 instances) and sports ball (2 instances) requested.
 * <pre>
 *   image 1: 3 persons (ids 11, 12, 13), 1 ball (14)
 *   image 2: 2 persons (21, 22)
 *   image 3: 1 ball (31)
 *   image 4: 1 person (41), 1 dog (42)
 *   image 5: 2 dogs (51, 52)
 * </pre>
 */
class BalanceTest {

    static final String FIVE_IMAGES = """
            {"info": {}, "licenses": [],
             "images": [{"id": 1}, {"id": 2}, {"id": 3}, {"id": 4}, {"id": 5}],
             "annotations": [
               {"id": 11, "image_id": 1, "category_id": 1}, {"id": 12, "image_id": 1, "category_id": 1},
               {"id": 13, "image_id": 1, "category_id": 1}, {"id": 14, "image_id": 1, "category_id": 37},
               {"id": 21, "image_id": 2, "category_id": 1}, {"id": 22, "image_id": 2, "category_id": 1},
               {"id": 31, "image_id": 3, "category_id": 37},
               {"id": 41, "image_id": 4, "category_id": 1}, {"id": 42, "image_id": 4, "category_id": 18},
               {"id": 51, "image_id": 5, "category_id": 18}, {"id": 52, "image_id": 5, "category_id": 18}],
             "categories": [{"id": 1, "name": "person"}, {"id": 18, "name": "dog"}, {"id": 37, "name": "sports ball"}]}
            """;

    @TempDir
    Path dir;

    private FilterResult run(BalanceMode mode, String json, String... names) throws Exception {
        return CocoFilter.run(write(dir, "in.json", json), dir.resolve("out.json"),
                FilterSpec.of(names).withBalance(mode));
    }

    private JsonNode output() throws Exception {
        return read(dir.resolve("out.json"));
    }

    @Test
    void withoutBalanceEveryImageWithARequestedCategoryIsKept() throws Exception {
        FilterResult result = run(BalanceMode.NONE, FIVE_IMAGES, "person", "sports ball");

        assertThat(ids(output().get("images"))).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
        assertThat(ids(output().get("annotations"))).containsExactly(11L, 12L, 13L, 14L, 21L, 22L, 31L, 41L);
        assertThat(result.rarestCategory()).isNull();
    }

    @Test
    void requireAllKeepsOnlyImagesWithEveryRequestedCategory() throws Exception {
        FilterResult result = run(BalanceMode.REQUIRE_ALL, FIVE_IMAGES, "person", "sports ball");

        assertThat(ids(output().get("images"))).containsExactly(1L);
        assertThat(ids(output().get("annotations"))).containsExactly(11L, 12L, 13L, 14L);
        assertThat(result.annotations()).isEqualTo(new Counts(11, 4));
    }

    @Test
    void keepRarestKeepsEveryBallAndOnlyThePersonsThatShareAnImageWithOne() throws Exception {
        FilterResult result = run(BalanceMode.KEEP_RAREST, FIVE_IMAGES, "person", "sports ball");

        assertThat(result.rarestCategory()).isEqualTo("sports ball");
        assertThat(ids(output().get("images"))).containsExactlyInAnyOrder(1L, 3L);
        // image 1 is kept for its ball and keeps its three persons too
        assertThat(ids(output().get("annotations"))).containsExactly(11L, 12L, 13L, 14L, 31L);
        assertThat(result.categories()).containsExactly(
                new CategoryStats("person", 1, 1, 6, 3, 3, 1),
                new CategoryStats("dog", 18, null, 3, 0, 2, 0),
                new CategoryStats("sports ball", 37, 2, 2, 2, 2, 2));
    }

    @Test
    void keepRarestBreaksTiesByTheInputsCategoryOrder() throws Exception {
        // two persons and two dogs: person comes first in categories
        String json = FIVE_IMAGES.replace("{\"id\": 11, \"image_id\": 1, \"category_id\": 1}, ", "")
                .replace("{\"id\": 12, \"image_id\": 1, \"category_id\": 1},", "")
                .replace("{\"id\": 13, \"image_id\": 1, \"category_id\": 1}, ", "")
                .replace("{\"id\": 21, \"image_id\": 2, \"category_id\": 1}, ", "")
                .replace("{\"id\": 51, \"image_id\": 5, \"category_id\": 18}, ", "");

        FilterResult result = run(BalanceMode.KEEP_RAREST, json, "dog", "person");

        assertThat(result.rarestCategory()).isEqualTo("person");
        assertThat(ids(output().get("images"))).containsExactlyInAnyOrder(2L, 4L);
        assertThat(ids(output().get("annotations"))).containsExactly(22L, 41L, 42L);
    }

    @Test
    void keepRarestIgnoresARequestedCategoryWithoutInstances() throws Exception {
        String json = FIVE_IMAGES.replace("{\"id\": 37, \"name\": \"sports ball\"}",
                "{\"id\": 37, \"name\": \"sports ball\"}, {\"id\": 90, \"name\": \"toothbrush\"}");

        FilterResult result = run(BalanceMode.KEEP_RAREST, json, "person", "sports ball", "toothbrush");

        assertThat(result.rarestCategory()).isEqualTo("sports ball");
        assertThat(ids(output().get("images"))).containsExactlyInAnyOrder(1L, 3L);
        assertThat(ids(output().get("categories"))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void requireAllWithNoImageHavingEveryCategoryWarnsAboutTheEmptyOutput() throws Exception {
        FilterResult result = run(BalanceMode.REQUIRE_ALL, FIVE_IMAGES, "dog", "sports ball");

        assertThat(output().get("images")).isEmpty();
        assertThat(output().get("categories")).hasSize(2);
        assertThat(result.warnings()).singleElement().asString()
                .contains("no image has an annotation of every requested category");
    }
}
