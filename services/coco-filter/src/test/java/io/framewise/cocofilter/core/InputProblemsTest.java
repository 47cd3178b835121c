package io.framewise.cocofilter.core;

import static io.framewise.cocofilter.core.CocoFiles.TINY;
import static io.framewise.cocofilter.core.CocoFiles.ids;
import static io.framewise.cocofilter.core.CocoFiles.listing;
import static io.framewise.cocofilter.core.CocoFiles.read;
import static io.framewise.cocofilter.core.CocoFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees when the request or the input is wrong: clear errors, warnings, and no partial output. */
class InputProblemsTest {

    @TempDir
    Path dir;

    @Test
    void unknownCategoriesAreAnErrorListingTheClosestExistingNames() throws Exception {
        Path in = write(dir, "in.json", TINY);

        UnknownCategoryException e = catchThrowableOfType(UnknownCategoryException.class,
                () -> CocoFilter.run(in, dir.resolve("out.json"), FilterSpec.of("persn", "person", "sport bal")));

        assertThat(e).hasMessage("unknown categories \"persn\" (closest: \"person\", \"dog\", \"sports ball\"); "
                + "\"sport bal\" (closest: \"sports ball\", \"person\", \"dog\")");
        assertThat(e.suggestions()).containsOnlyKeys("persn", "sport bal");
        assertThat(listing(dir)).containsExactly("in.json");
    }

    @Test
    void aNameInTheWrongCaseIsUnknownButPointsAtTheRightOne() throws Exception {
        Path in = write(dir, "in.json", TINY);

        assertThatThrownBy(() -> CocoFilter.run(in, dir.resolve("out.json"), FilterSpec.of("Person")))
                .isInstanceOf(UnknownCategoryException.class)
                .hasMessageStartingWith("unknown category \"Person\" (closest: \"person\",");
    }

    @Test
    void duplicateImageAndCategoryIdsAreWarningsAndTheFirstEntryWins() throws Exception {
        String json = TINY.replace("{\"id\": 5, \"file_name\": \"d.jpg\"", "{\"id\": 10, \"file_name\": \"again.jpg\"")
                .replace("{\"id\": 20, \"name\": \"dog\"", "{\"id\": 1, \"name\": \"dog\"");
        Path out = dir.resolve("out.json");

        FilterResult result = CocoFilter.run(write(dir, "in.json", json), out, FilterSpec.of("person"));

        assertThat(result.warnings()).containsExactly(
                "images[3] repeats image id 10; the first entry is kept, as coco-manager does",
                "categories[2] (\"dog\") repeats category id 1; the first entry (\"person\") is kept, as coco-manager does",
                "annotations[0] refers to category_id 20, which is not in categories; it is dropped",
                "annotations[3] refers to category_id 20, which is not in categories; it is dropped");
        assertThat(CocoFiles.longs(read(out).get("images"), "id")).containsExactly(10L, 3L);
        assertThat(read(out).get("images").get(0).get("file_name").asText()).isEqualTo("b.jpg");
        assertThat(result.images()).isEqualTo(new Counts(4, 2));
    }

    @Test
    void annotationsOfMissingImagesAreDroppedWithAWarningInsteadOfCocoManagersCrash() throws Exception {
        String json = TINY.replace("{\"id\": 104, \"image_id\": 10,", "{\"id\": 104, \"image_id\": 99,");
        Path out = dir.resolve("out.json");

        FilterResult result = CocoFilter.run(write(dir, "in.json", json), out, FilterSpec.of("sports ball"));

        assertThat(ids(read(out).get("annotations"))).containsExactly(105L);
        assertThat(result.warnings()).containsExactly(
                "annotations[4] refers to image_id 99, which is not in images; it is dropped");
    }

    @Test
    void aProblemRepeatedManyTimesIsReportedByFiveExamplesAndACount() throws Exception {
        String dangling = ", {\"id\": 900, \"image_id\": 99, \"category_id\": 1}".repeat(7);
        String json = TINY.replace("\"size\": [6, 6]}}", "\"size\": [6, 6]}}" + dangling);

        FilterResult result = CocoFilter.run(write(dir, "in.json", json), dir.resolve("out.json"), FilterSpec.of("person"));

        assertThat(result.warnings()).hasSize(6);
        assertThat(result.warnings().get(0)).isEqualTo(
                "annotations[6] refers to image_id 99, which is not in images; it is dropped");
        assertThat(result.warnings().get(5)).isEqualTo("... and 2 more unknown image_id warnings");
        assertThat(result.annotations()).isEqualTo(new Counts(13, 2));
    }

    @Test
    void aTruncatedFileIsAnErrorNamingThePositionAndLeavesNoOutput() throws Exception {
        // cut inside annotation 104, on line 15
        String cut = TINY.substring(0, TINY.indexOf(", \"category_id\": 37"));
        Path in = write(dir, "in.json", cut);
        Path out = dir.resolve("out.json");

        CocoFormatException e = catchThrowableOfType(CocoFormatException.class,
                () -> CocoFilter.run(in, out, FilterSpec.of("person")));

        int column = cut.length() - cut.lastIndexOf('\n');
        assertThat(e).hasMessage(in + " at line 15, column " + column + " (byte " + cut.length() + "): malformed JSON: "
                + "Unexpected end-of-input: expected close marker for Object (start marker at [line: 15, column: 5])");
        assertThat(e.line()).isEqualTo(15);
        assertThat(listing(dir)).containsExactly("in.json");
    }

    @Test
    void aFileCutBetweenEntriesIsAnErrorToo() throws Exception {
        Path in = write(dir, "in.json", TINY.substring(0, TINY.indexOf("{\"id\": 104")));

        assertThatThrownBy(() -> CocoFilter.run(in, dir.resolve("out.json"), FilterSpec.of("person")))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining(" at line 15, column 5 (byte ")
                .hasMessageEndingWith("malformed JSON: Unexpected end-of-input within/between Array entries");
        assertThat(listing(dir)).containsExactly("in.json");
    }

    @Test
    void aBadTokenIsAnErrorNamingItsLineAndColumn() throws Exception {
        String json = TINY.replace("\"category_id\": 20, \"bbox\"", "\"category_id\": 20,, \"bbox\"");
        Path in = write(dir, "in.json", json);

        CocoFormatException e = catchThrowableOfType(CocoFormatException.class,
                () -> CocoFilter.run(in, dir.resolve("out.json"), FilterSpec.of("person")));

        // the first annotation is on line 11; columns count from 1, so the second comma is at index + 2
        int column = json.lines().toList().get(10).indexOf(",,") + 2;
        assertThat(e.line()).isEqualTo(11);
        assertThat(e.column()).isEqualTo(column);
        assertThat(e.byteOffset()).isEqualTo(json.indexOf(",,") + 1);
        assertThat(e.getMessage()).contains("at line 11, column " + column).contains("Unexpected character (',' ");
    }

    @Test
    void aFailedRunLeavesAnEarlierOutputUntouched() throws Exception {
        Path in = write(dir, "in.json", TINY.substring(0, 200));
        Path out = write(dir, "out.json", "earlier result");

        assertThatThrownBy(() -> CocoFilter.run(in, out, FilterSpec.of("person")))
                .isInstanceOf(CocoFormatException.class);

        assertThat(Files.readString(out)).isEqualTo("earlier result");
        assertThat(listing(dir)).containsExactly("in.json", "out.json");
    }

    @Test
    void anIdThatIsNotAnIntegerIsAnErrorNamingTheEntry() throws Exception {
        String json = TINY.replace("{\"id\": 7,", "{\"id\": \"seven\",");
        Path in = write(dir, "in.json", json);

        assertThatThrownBy(() -> CocoFilter.run(in, dir.resolve("out.json"), FilterSpec.of("person")))
                .isInstanceOf(CocoFormatException.class)
                .hasMessage(in + " at line 7, column 12 (byte " + json.indexOf("\"seven\"")
                        + "): images[2].id must be an integer, found the string \"seven\"");
    }

    @Test
    void aFileWithoutCategoriesIsNotACocoFile() throws Exception {
        Path in = write(dir, "in.json", "{\"images\": [], \"annotations\": []}");

        assertThatThrownBy(() -> CocoFilter.run(in, dir.resolve("out.json"), FilterSpec.of("person")))
                .isInstanceOf(CocoFormatException.class)
                .hasMessage(in + ": no \"categories\" array: not a COCO instances file");
    }

    @Test
    void contentAfterTheTopLevelObjectIsAnError() throws Exception {
        Path in = write(dir, "in.json", TINY + "{}");

        assertThatThrownBy(() -> CocoFilter.run(in, dir.resolve("out.json"), FilterSpec.of("person")))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageContaining("unexpected content after the top-level object");
        assertThat(listing(dir)).isEqualTo(List.of("in.json"));
    }
}
