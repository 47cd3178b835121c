package io.framewise.datasetsynthesizer.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionSynthesisTest {

    // saturated colours: Lanczos overshoot of a squashed template's alpha is clamped, and only saturated
    // channels come through that clamp exactly, which keeps the colour checks below exact
    private static final int SKATER = 0xffff0000;
    private static final int BALL = 0xff0000ff;

    @TempDir
    Path temp;

    @Test
    void categoriesComeFromTemplateFolders() {
        assertThat(TemplateCategory.of("skater/front.png")).isEqualTo("skater");
        assertThat(TemplateCategory.of("figures/skater/side.png")).isEqualTo("skater");
        assertThat(TemplateCategory.of("ball.png")).isEqualTo("ball");
        assertThat(TemplateCategory.all(inputs())).containsExactly("ball", "skater");
    }

    @Test
    void anOpaqueSquareTemplatesBoxIsExactlyWhereItsColourIs() {
        SynthesisInputs square = new SynthesisInputs(Fixtures.inputs().backgrounds(),
                List.of(new NamedImage("tile/red.png", Fixtures.uniform(16, 16, SKATER), false)));
        List<DetectionSample> samples = new ArrayList<>();
        DetectionSynthesis.run(square, options(20), 1, 2, samples::add, 0);
        assertThat(samples).hasSize(20).allSatisfy(sample -> {
            DetectionInstance instance = sample.instances().get(0);
            Box box = instance.box();
            assertThat(instance.area()).isEqualTo(box.area());
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 64; x++) {
                    boolean inside = x >= box.x0() && x < box.x1() && y >= box.y0() && y < box.y1();
                    if (inside) {
                        assertThat(sample.image().argb(x, y)).isEqualTo(SKATER);
                    }
                }
            }
        });
    }

    @Test
    void eachEdgeOfABoxTouchesAPixelThatIsMostlyTemplate() {
        // One disc per image on an unresized background: a pixel counted as opaque (alpha >= 128) is at
        // least half template, so each channel lies within half the background-template distance of it.
        List<DetectionSample> samples = new ArrayList<>();
        DetectionSynthesis.run(inputs(), options(30), 1, 2, samples::add, 0);
        for (DetectionSample sample : samples) {
            RgbaImage background = background(sample.background());
            DetectionInstance instance = sample.instances().get(0);
            int colour = instance.category().equals("skater") ? SKATER : BALL;
            Box box = instance.box();
            assertThat(instance.area()).isPositive().isLessThanOrEqualTo(box.area());
            assertThat(edgeHits(sample.image(), background, box, colour)).as("edges of %s", box)
                    .containsExactly(true, true, true, true);
        }
    }

    private static boolean[] edgeHits(RgbaImage image, RgbaImage background, Box box, int colour) {
        boolean[] hits = new boolean[4];
        for (int y = box.y0(); y < box.y1(); y++) {
            for (int x = box.x0(); x < box.x1(); x++) {
                if (mostlyTemplate(image.argb(x, y), background.argb(x, y), colour)) {
                    hits[0] |= y == box.y0();
                    hits[1] |= y == box.y1() - 1;
                    hits[2] |= x == box.x0();
                    hits[3] |= x == box.x1() - 1;
                }
            }
        }
        return hits;
    }

    private static boolean mostlyTemplate(int pixel, int background, int template) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int p = pixel >> shift & 0xff;
            int b = background >> shift & 0xff;
            int t = template >> shift & 0xff;
            if (Math.abs(p - t) > Math.abs(b - t) / 2 + 1) {
                return false;
            }
        }
        return true;
    }

    private static RgbaImage background(String name) {
        return Fixtures.inputs().backgrounds().stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow().image();
    }

    @Test
    void cocoFileListsImagesAnnotationsAndCategoriesAndIsDeterministic() throws IOException {
        JsonNode first = writeCoco(temp.resolve("a"), 1);
        JsonNode second = writeCoco(temp.resolve("b"), 2);
        assertThat(second).isEqualTo(first);
        assertThat(first.get("images")).hasSize(12);
        assertThat(first.get("categories").get(0).get("name").asText()).isEqualTo("ball");
        assertThat(first.get("annotations")).isNotEmpty().allSatisfy(a -> {
            assertThat(a.get("iscrowd").asInt()).isZero();
            assertThat(a.get("bbox")).hasSize(4);
            assertThat(a.get("area").asLong()).isLessThanOrEqualTo(
                    a.get("bbox").get(2).asLong() * a.get("bbox").get(3).asLong());
            assertThat(a.get("category_id").asInt()).isIn(1, 2);
        });
        assertThat(Files.list(temp.resolve("a")).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("images", CocoDirectorySink.INSTANCES);
    }

    private JsonNode writeCoco(Path root, int threads) throws IOException {
        try (CocoDirectorySink sink = new CocoDirectorySink(root, TemplateCategory.all(inputs()))) {
            DetectionSynthesis.run(inputs(), options(12), 3, threads, sink, 0);
        }
        return new ObjectMapper().readTree(root.resolve(CocoDirectorySink.INSTANCES).toFile());
    }

    private static SynthesisInputs inputs() {
        SynthesisInputs base = Fixtures.inputs();
        return new SynthesisInputs(base.backgrounds(), List.of(
                new NamedImage("skater/front.png", Fixtures.disc(16, 16, SKATER), false),
                new NamedImage("ball/ball.png", Fixtures.disc(16, 16, BALL), false)));
    }

    private static SynthesisOptions options(int samples) {
        return SynthesisOptions.assessor(samples, new Size(64, 48), false, 9).withImageSize(new Size(64, 48));
    }

    private static boolean rowHas(RgbaImage image, int y, Box box, int colour) {
        for (int x = box.x0(); x < box.x1(); x++) {
            if (image.argb(x, y) == colour) {
                return true;
            }
        }
        return false;
    }

    private static boolean colHas(RgbaImage image, int x, Box box, int colour) {
        for (int y = box.y0(); y < box.y1(); y++) {
            if (image.argb(x, y) == colour) {
                return true;
            }
        }
        return false;
    }
}
