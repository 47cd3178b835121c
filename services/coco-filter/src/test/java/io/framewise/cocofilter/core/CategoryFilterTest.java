package io.framewise.cocofilter.core;

import static io.framewise.cocofilter.core.CocoFiles.TINY;
import static io.framewise.cocofilter.core.CocoFiles.fieldNames;
import static io.framewise.cocofilter.core.CocoFiles.ids;
import static io.framewise.cocofilter.core.CocoFiles.longs;
import static io.framewise.cocofilter.core.CocoFiles.read;
import static io.framewise.cocofilter.core.CocoFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coco-manager semantics on a file small enough to reason about by hand. */
class CategoryFilterTest {

    @TempDir
    Path dir;

    private JsonNode filterTiny(String... names) throws Exception {
        Path out = dir.resolve("out.json");
        CocoFilter.run(write(dir, "in.json", TINY), out, FilterSpec.of(names));
        return read(out);
    }

    @Test
    void keptCategoriesAreRenumberedInInputOrderNotRequestOrder() throws Exception {
        JsonNode out = filterTiny("person", "sports ball");

        assertThat(out.get("categories").toString()).isEqualTo("""
                [{"id":1,"name":"sports ball","supercategory":"sports","extra":true},\
                {"id":2,"name":"person","supercategory":"person"}]""");
    }

    @Test
    void annotationsKeepTheirIdsAndComeGroupedByImageInOrderOfFirstMention() throws Exception {
        JsonNode annotations = filterTiny("person", "sports ball").get("annotations");

        // image 3 is first named by annotation 100 (a dog, dropped), so its group still comes first
        assertThat(ids(annotations)).containsExactly(102L, 105L, 101L, 104L);
        assertThat(longs(annotations, "category_id")).containsExactly(2L, 1L, 2L, 1L);
    }

    @Test
    void imagesComeInTheIterationOrderOfCocoManagersPythonSet() throws Exception {
        // ids 3 then 10 go into a Python set: 10 lands in slot 2, 3 in slot 3
        assertThat(ids(filterTiny("person", "sports ball").get("images"))).containsExactly(10L, 3L);
    }

    @Test
    void imagesWithoutAKeptAnnotationAreDropped() throws Exception {
        JsonNode out = filterTiny("dog");

        assertThat(ids(out.get("images"))).containsExactlyInAnyOrder(3L, 7L);
        assertThat(ids(out.get("annotations"))).containsExactly(100L, 103L);
        assertThat(longs(out.get("annotations"), "category_id")).containsOnly(1L);
    }

    @Test
    void topLevelKeysAreWrittenInCocoManagersOrder() throws Exception {
        assertThat(fieldNames(filterTiny("person"))).containsExactly("info", "licenses", "images", "annotations",
                "categories");
    }

    @Test
    void infoAndLicensesAreCopiedAsTheyAre() throws Exception {
        filterTiny("person");

        assertThat(Files.readString(dir.resolve("out.json"))).startsWith(
                "{\"info\":{\"description\":\"tiny\",\"year\":2024,\"nested\":{\"a\":[1,2.50,\"x\"]}},"
                + "\"licenses\":[{\"id\":1,\"name\":\"CC\",\"url\":\"http://x\"}],\"images\":[");
    }

    @Test
    void unknownFieldsPassThroughAtEveryLevel() throws Exception {
        JsonNode out = filterTiny("person", "sports ball");

        JsonNode image3 = out.get("images").get(1);
        assertThat(image3.toString()).isEqualTo(
                "{\"id\":3,\"file_name\":\"a.jpg\",\"width\":6,\"height\":6,\"extra\":{\"k\":[1,{\"z\":null}]}}");
        assertThat(out.get("annotations").get(2).toString()).isEqualTo(
                "{\"id\":101,\"image_id\":10,\"category_id\":2,\"bbox\":[0,0,1,1],\"attributes\":{\"occluded\":false}}");
        assertThat(out.get("categories").get(0).get("extra").asBoolean()).isTrue();
    }

    @Test
    void crowdRleAndPolygonValuesPassThroughByteForByte() throws Exception {
        String polygon = "[[10.25,20.5,30.125,20.5,30.125,40.0,1e-05,4E+2,0.30000000000000004,-0.0]]";
        String rle = "{\"counts\":[0,12,3,98765432101234567890],\"size\":[480,640]}";
        String compressed = "{\"size\":[427,640],\"counts\":\"Xb`31o?01O0000001N2O1O1O\\\\0\"}";
        String json = TINY.replace("\"bbox\": [0, 0, 1, 1]}", "\"bbox\": [0, 0, 1, 1], \"segmentation\": " + polygon + ", \"area\": 123.456000}")
                .replace("\"counts\": [7, 3, 26], \"size\": [6, 6]}", "\"counts\": [7, 3, 26], \"size\": [6, 6]}, \"rle\": " + rle
                        + ", \"packed\": " + compressed + ", \"iscrowd_float\": 1.0");
        Path out = dir.resolve("out.json");

        CocoFilter.run(write(dir, "in.json", json), out, FilterSpec.of("person", "sports ball"));

        String text = Files.readString(out);
        assertThat(text).contains("\"segmentation\":" + polygon + ",\"area\":123.456000")
                .contains("\"rle\":" + rle).contains("\"packed\":" + compressed).contains("\"iscrowd_float\":1.0")
                .contains("\"segmentation\":{\"counts\":[7,3,26],\"size\":[6,6]}");
    }

    @Test
    void everyCategoryWithARequestedNameIsKeptAsCocoManagerDoes() throws Exception {
        String json = TINY.replace("{\"id\": 20, \"name\": \"dog\"", "{\"id\": 20, \"name\": \"person\"");
        Path out = dir.resolve("out.json");

        FilterResult result = CocoFilter.run(write(dir, "in.json", json), out, FilterSpec.of("person"));

        assertThat(ids(read(out).get("categories"))).containsExactly(1L, 2L);
        assertThat(result.categories()).extracting(CategoryStats::originalId, CategoryStats::newId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(37L, null),
                        org.assertj.core.groups.Tuple.tuple(1L, 1), org.assertj.core.groups.Tuple.tuple(20L, 2));
    }

    @Test
    void resultCountsImagesAnnotationsAndEachCategory() throws Exception {
        FilterResult result = CocoFilter.run(write(dir, "in.json", TINY), dir.resolve("out.json"),
                FilterSpec.of("person", "sports ball"));

        assertThat(result.images()).isEqualTo(new Counts(4, 2));
        assertThat(result.annotations()).isEqualTo(new Counts(6, 4));
        assertThat(result.categories()).containsExactly(
                new CategoryStats("sports ball", 37, 1, 2, 2, 2, 2),
                new CategoryStats("person", 1, 2, 2, 2, 2, 2),
                new CategoryStats("dog", 20, null, 2, 0, 2, 0));
        assertThat(result.keptFileNames()).containsExactly("b.jpg", "a.jpg");
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void resultPrintsAsOneLineOfJson() throws Exception {
        FilterResult result = CocoFilter.run(write(dir, "in.json", TINY), dir.resolve("out.json"),
                FilterSpec.of("person"));

        String line = result.toJson();
        assertThat(line).doesNotContain("\n");
        JsonNode parsed = CocoFiles.MAPPER.readTree(line);
        assertThat(parsed.at("/images/before").asLong()).isEqualTo(4);
        assertThat(parsed.at("/annotations/after").asLong()).isEqualTo(2);
        assertThat(parsed.at("/categories/2/newId").isNull()).isTrue();
        assertThat(parsed.at("/categories/1/newId").asInt()).isEqualTo(1);
        assertThat(parsed.get("balance").asText()).isEqualTo("NONE");
        assertThat(parsed.get("masks").isNull()).isTrue();
    }

    @Test
    void keysOtherThanCocoManagersFiveAreDroppedWithAWarning() throws Exception {
        String json = TINY.replace("\"licenses\":", "\"type\": \"instances\", \"licenses\":");
        Path out = dir.resolve("out.json");

        FilterResult result = CocoFilter.run(write(dir, "in.json", json), out, FilterSpec.of("person"));

        assertThat(read(out).has("type")).isFalse();
        assertThat(result.warnings()).singleElement().asString().contains("\"type\"");
    }

    @Test
    void anExistingOutputIsReplaced() throws Exception {
        Path out = write(dir, "out.json", "old");

        CocoFilter.run(write(dir, "in.json", TINY), out, FilterSpec.of("person"));

        assertThat(read(out).get("annotations").size()).isEqualTo(2);
        assertThat(CocoFiles.listing(dir)).containsExactly("in.json", "out.json");
    }
}
