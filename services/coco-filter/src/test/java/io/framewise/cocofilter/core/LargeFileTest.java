package io.framewise.cocofilter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated COCO file of 4000 images and 29000 annotations (about 11 MB, COCO-like statistics), filtered
 * for person and sports ball and checked against independent references.
 */
class LargeFileTest {

    /** shared/ sits beside the repository (CI clones main with shared/ next to it); a property can point elsewhere. */
    static final Path GENERATOR = Stream.of(System.getProperty("framewise.makeCoco"), "../../../shared/tools/make_coco.py",
                    "/work/shared/tools/make_coco.py")
            .filter(Objects::nonNull).map(Path::of).filter(Files::exists).findFirst()
            .orElse(Path.of("shared/tools/make_coco.py"));
    static final List<String> PERSON_AND_BALL = List.of("person", "sports ball");

    @TempDir
    static Path dir;
    static Path big;

    @BeforeAll
    static void generate() throws Exception {
        assumeThat(GENERATOR).as("the COCO generator").exists();
        big = dir.resolve("big.json");
        Command generator = start(List.of("python3", GENERATOR.toString(), "-o", big.toString(), "--images", "4000",
                "--annotations", "29000", "--seed", "3"));
        assumeThat(generator).as("python3 is available").isNotNull();
        String printed = generator.output();
        assertThat(generator.exitValue()).as(printed).isZero();
    }

    @Test
    void runsInAChildJvmWithAHeapSmallerThanTheFile() throws Exception {
        Path out = dir.resolve("child.json");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx8m",
                "-cp", System.getProperty("java.class.path"), FilterMain.class.getName(),
                big.toString(), out.toString()));
        command.addAll(PERSON_AND_BALL);

        Command child = start(command);
        String printed = child.output();

        assertThat(child.exitValue()).as(printed).isZero();
        JsonNode result = CocoFiles.MAPPER.readTree(printed);
        JsonNode written = CocoFiles.read(out);
        // a tree of the whole file would not fit: the file alone is larger than the heap
        assertThat(Files.size(big)).isGreaterThan(8L * 1024 * 1024);
        assertThat(result.at("/images/before").asLong()).isEqualTo(4000);
        assertThat(result.at("/annotations/before").asLong()).isEqualTo(29000);
        assertThat(result.at("/images/after").asLong()).isEqualTo(written.get("images").size());
        assertThat(result.at("/annotations/after").asLong()).isEqualTo(written.get("annotations").size());
        long kept = 0;
        for (JsonNode category : result.get("categories")) {
            kept += category.get("instancesAfter").asLong();
        }
        assertThat(kept).isEqualTo(written.get("annotations").size());
    }

    @Test
    void keepsWhatANaiveInMemoryFilterKeeps() throws Exception {
        Path out = dir.resolve("naive.json");
        FilterResult result = CocoFilter.run(big, out, FilterSpec.of(PERSON_AND_BALL));
        JsonNode input = CocoFiles.read(big);
        JsonNode written = CocoFiles.read(out);

        Map<Long, Integer> remap = naiveRemap(input, PERSON_AND_BALL);
        Set<Long> expectedAnnotations = new HashSet<>();
        Set<Long> expectedImages = new HashSet<>();
        Map<Long, Long> originalCategory = new HashMap<>();
        for (JsonNode a : input.get("annotations")) {
            if (remap.containsKey(a.get("category_id").asLong())) {
                expectedAnnotations.add(a.get("id").asLong());
                expectedImages.add(a.get("image_id").asLong());
                originalCategory.put(a.get("id").asLong(), a.get("category_id").asLong());
            }
        }
        assertThat(remap).containsExactly(Map.entry(1L, 1), Map.entry(37L, 2));
        assertThat(CocoFiles.ids(written.get("images"))).containsExactlyInAnyOrderElementsOf(expectedImages);
        assertThat(CocoFiles.ids(written.get("annotations"))).containsExactlyInAnyOrderElementsOf(expectedAnnotations);
        for (JsonNode a : written.get("annotations")) {
            assertThat(a.get("category_id").asInt()).isEqualTo(remap.get(originalCategory.get(a.get("id").asLong())));
        }
        assertThat(written.get("info")).isEqualTo(input.get("info"));
        assertThat(written.get("licenses")).isEqualTo(input.get("licenses"));
        assertThat(result.keptFileNames()).hasSize(expectedImages.size());
    }

    @Test
    void writesImagesAndAnnotationsInCocoManagersOrder() throws Exception {
        Path out = dir.resolve("ordered.json");
        CocoFilter.run(big, out, FilterSpec.of(PERSON_AND_BALL));
        List<String> command = new ArrayList<>(List.of("python3", reference().toString(), big.toString()));
        command.addAll(PERSON_AND_BALL);
        Command python = start(command);
        String printed = python.output();
        assertThat(python.exitValue()).as(printed).isZero();

        JsonNode expected = CocoFiles.MAPPER.readTree(printed);
        JsonNode written = CocoFiles.read(out);
        assertThat(CocoFiles.ids(written.get("images"))).containsExactlyElementsOf(longs(expected.get("images")));
        assertThat(CocoFiles.ids(written.get("annotations")))
                .containsExactlyElementsOf(longs(expected.get("annotations")));
    }

    @Test
    void keepRarestKeepsEverySportsBallAndFewerPersons() throws Exception {
        Path out = dir.resolve("rarest.json");
        FilterResult result = CocoFilter.run(big, out, FilterSpec.of(PERSON_AND_BALL).withBalance(BalanceMode.KEEP_RAREST));

        CategoryStats person = result.categories().get(0);
        CategoryStats ball = result.categories().stream().filter(c -> "sports ball".equals(c.name())).findFirst().orElseThrow();
        assertThat(result.rarestCategory()).isEqualTo("sports ball");
        assertThat(ball.instancesAfter()).isEqualTo(ball.instancesBefore()).isPositive();
        assertThat(person.instancesAfter()).isPositive().isLessThan(person.instancesBefore() / 2);
        Map<Long, Set<Integer>> categoriesPerImage = categoriesPerImage(CocoFiles.read(out));
        assertThat(categoriesPerImage.values()).allSatisfy(c -> assertThat(c).contains(2));
        assertThat(categoriesPerImage).hasSize((int) ball.imagesBefore());
    }

    @Test
    void requireAllKeepsOnlyImagesWithBothAndRendersTheirMasks() throws Exception {
        Path out = dir.resolve("both.json");
        Path masks = dir.resolve("both-masks");
        FilterResult result = CocoFilter.run(big, out, FilterSpec.of(PERSON_AND_BALL)
                .withBalance(BalanceMode.REQUIRE_ALL).withMasks(masks, MaskMode.CATEGORY_IDS));

        Map<Long, Set<Integer>> categoriesPerImage = categoriesPerImage(CocoFiles.read(out));
        assertThat(categoriesPerImage).isNotEmpty();
        assertThat(categoriesPerImage.values()).allSatisfy(c -> assertThat(c).containsExactlyInAnyOrder(1, 2));
        assertThat(result.masks().written()).isEqualTo(categoriesPerImage.size());
        assertThat(CocoFiles.listing(masks)).hasSize(categoriesPerImage.size());
        assertThat(result.warnings()).isEmpty();
    }

    /** Category ids 1..N in the input's category order, first entry of an id winning. */
    private static Map<Long, Integer> naiveRemap(JsonNode input, List<String> names) {
        Map<Long, String> firstName = new LinkedHashMap<>();
        for (JsonNode c : input.get("categories")) {
            firstName.putIfAbsent(c.get("id").asLong(), c.get("name").asText());
        }
        Map<Long, Integer> remap = new LinkedHashMap<>();
        firstName.forEach((id, name) -> {
            if (names.contains(name)) {
                remap.put(id, remap.size() + 1);
            }
        });
        return remap;
    }

    private static Map<Long, Set<Integer>> categoriesPerImage(JsonNode written) {
        Map<Long, Set<Integer>> out = new HashMap<>();
        for (JsonNode a : written.get("annotations")) {
            out.computeIfAbsent(a.get("image_id").asLong(), k -> new HashSet<>()).add(a.get("category_id").asInt());
        }
        return out;
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }

    private static Path reference() throws URISyntaxException {
        return Path.of(LargeFileTest.class.getResource("/coco_manager_reference.py").toURI());
    }

    /** A started program, its output (stdout and stderr) captured in a file. */
    private record Command(Process process, Path log) {

        /** Waits for the end and returns what it printed. */
        String output() throws Exception {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished in time").isTrue();
            return Files.readString(log, StandardCharsets.UTF_8).trim();
        }

        int exitValue() {
            return process.exitValue();
        }
    }

    /** @return the started program, or null when it is not installed */
    private static Command start(List<String> command) throws IOException {
        Path log = Files.createTempFile(dir, "process", ".log");
        try {
            return new Command(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start(), log);
        } catch (IOException notInstalled) {
            return null;
        }
    }
}
