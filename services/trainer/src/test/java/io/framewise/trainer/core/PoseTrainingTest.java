package io.framewise.trainer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.keypoints.KeypointSpec;
import io.framewise.common.model.keypoints.StackedHourglass;
import io.framewise.trainer.bench.PoseScenes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoseTrainingTest {

    @TempDir
    Path dir;

    private PoseDataset data;
    private ImageSource images;

    @BeforeEach
    void scenes() throws Exception {
        Path coco = PoseScenes.write(dir.resolve("scenes"), 12, 96, 3);
        try (InputStream in = Files.newInputStream(coco)) {
            data = PoseDataset.read(in, "scenes", null);
        }
        images = ImageSource.folder(coco.getParent());
    }

    private StackedHourglass model() throws Exception {
        return new StackedHourglass(PoseTraining.specOf(data, Map.of("imageSize", "64", "depth", "2", "features", "16",
                "stacks", "1", "sigmas", PoseScenes.SIGMAS)));
    }

    /** Only geometry: every augmented crop must still show each part's colour under its keypoint. */
    private static PoseAugmentation geometryOnly(String flip) {
        return PoseAugmentation.parse(Map.of("flipFrequency", flip, "rotationFrequency", "1", "rotationMaxDegrees", "45",
                "randomPadFrequency", "1", "randomPadMax", "1.5", "boxShift", "0.1", "colorFrequency", "0",
                "blurFrequency", "0", "noiseFrequency", "0", "jpegFrequency", "0"));
    }

    @Test
    void augmentedCropsKeepEveryDotUnderItsKeypoint() throws Exception {
        StackedHourglass model = model();
        SplittableRandom random = new SplittableRandom(5);
        for (PoseDataset.Instance instance : data.instances()) {
            BufferedImage image = images.read(instance.fileName());
            for (int v = 0; v < 6; v++) {
                PoseTraining.Rendered r = PoseTraining.render(model, instance, image, geometryOnly("0.5"), random);
                assertThat(colourAt(r.crop(), r.keypoints()[0])).as("nose").isEqualTo("red");
                assertThat(colourAt(r.crop(), r.keypoints()[1])).as("left ear").isEqualTo("yellow");
                assertThat(colourAt(r.crop(), r.keypoints()[2])).as("right ear").isEqualTo("yellow");
                assertThat(colourAt(r.crop(), r.keypoints()[3])).as("tail").isEqualTo("blue");
            }
        }
    }

    @Test
    void aFlipSwapsTheEarsSoTheLeftEarStaysOnTheAnimalsLeft() throws Exception {
        StackedHourglass model = model();
        SplittableRandom random = new SplittableRandom(9);
        for (String flip : List.of("0", "1")) {
            for (PoseDataset.Instance instance : data.instances()) {
                PoseTraining.Rendered r = PoseTraining.render(model, instance, images.read(instance.fileName()),
                        geometryOnly(flip), random);
                assertThat(leftness(r.keypoints())).as("flip " + flip).isPositive();
            }
        }
    }

    /** The left ear's offset from the head-tail axis, along the animal's left (image y points down). */
    private static double leftness(float[][] k) {
        double hx = k[0][0] - k[3][0];
        double hy = k[0][1] - k[3][1];
        double ex = k[1][0] - k[2][0];
        double ey = k[1][1] - k[2][1];
        return ex * hy - ey * hx;
    }

    private static String colourAt(BufferedImage image, float[] k) {
        int x = Math.min(image.getWidth() - 1, Math.max(0, (int) Math.floor(k[0])));
        int y = Math.min(image.getHeight() - 1, Math.max(0, (int) Math.floor(k[1])));
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (r > 150 && g < 110 && b < 110) {
            return "red";
        }
        if (r > 150 && g > 140 && b < 110) {
            return "yellow";
        }
        if (b > 150 && r < 110) {
            return "blue";
        }
        return "other (" + r + ", " + g + ", " + b + ")";
    }

    @Test
    void theSpecTakesPartsAndSkeletonFromTheDataAndPairsFromTheNames() throws Exception {
        ModelSpec spec = PoseTraining.specOf(data, Map.of("sigmas", PoseScenes.SIGMAS, "stacks", "1"));
        KeypointSpec k = KeypointSpec.fromSettings(spec.settings());
        assertThat(spec.family()).isEqualTo(StackedHourglass.FAMILY);
        assertThat(spec.categories()).containsExactly("animal");
        assertThat(k.parts()).containsExactly("nose", "left_ear", "right_ear", "tail");
        assertThat(k.flipPairs()).containsExactly(new KeypointSpec.Pair(1, 2));
        assertThat(k.skeleton()).hasSize(4).contains(new KeypointSpec.Pair(0, 1), new KeypointSpec.Pair(2, 3));
        assertThat(spec.settings()).containsEntry("stacks", "1");
    }

    @Test
    void sigmasAreRequiredForPartsOtherThanCocoPersons() {
        assertThatThrownBy(() -> PoseTraining.specOf(data, Map.of()))
                .hasMessageContaining("'sigmas' is required").hasMessageContaining("keypoints sigmas");
        assertThatThrownBy(() -> PoseTraining.specOf(data, Map.of("sigmas", "0.1,0.1")))
                .hasMessageContaining("2 OKS sigmas for 4 parts");
    }

    @Test
    void augmentationSettingsAreCheckedWithTheirNames() {
        assertThatThrownBy(() -> PoseAugmentation.parse(Map.of("flipFrequency", "1.5")))
                .hasMessageContaining("'flipFrequency' must be within [0.0, 1.0]");
        assertThatThrownBy(() -> PoseAugmentation.parse(Map.of("randomPadMin", "1.4", "randomPadMax", "1.2")))
                .hasMessageContaining("'randomPadMin' (1.4) must not exceed 'randomPadMax' (1.2)");
        assertThatThrownBy(() -> PoseAugmentation.parse(Map.of("jpegQualityMin", "12.5")))
                .hasMessageContaining("'jpegQualityMin' must be a whole number");
        assertThatThrownBy(() -> Hyperparameters.parse(Map.of("rotationDegrees", "10"), PoseTraining.FAMILY))
                .hasMessageContaining("unknown hyperparameter 'rotationDegrees'").hasMessageContaining("rotationMaxDegrees");
        assertThat(Hyperparameters.parse(Map.of(), PoseTraining.FAMILY).learningRate()).isEqualTo(0.00025);
        assertThat(Hyperparameters.parse(Map.of("learningRate", "0.01"), PoseTraining.FAMILY).learningRate())
                .isEqualTo(0.01);
    }

    @Test
    void marsRecordsBecomeCocoKeypointsInPixels() throws Exception {
        String mars = """
                [{"filename": "a.jpg", "width": 200, "height": 100,
                  "object": {"bbox": {"xmin": [0.1], "xmax": [0.6], "ymin": [0.2], "ymax": [0.8]},
                             "parts": {"x": [0.2, 0.5, 0.0], "y": [0.3, 0.7, 0.0], "v": [2, 1, 0]},
                             "area": [0.25]}}]""";
        PoseDataset d = PoseDataset.read(new ByteArrayInputStream(mars.getBytes(StandardCharsets.UTF_8)), "mars.json",
                List.of("nose", "neck", "tail"));
        assertThat(d.parts()).containsExactly("nose", "neck", "tail");
        PoseDataset.Instance i = d.instances().get(0);
        assertThat(i.box()).containsExactly(20f, 20f, 100f, 60f);
        assertThat(i.area()).isEqualTo(0.25 * 200 * 100);
        assertThat(i.keypoints()[0]).containsExactly(40f, 30f, 2f);
        assertThat(i.keypoints()[1]).containsExactly(100f, 70f, 1f);
        assertThat(i.keypoints()[2]).containsExactly(0f, 0f, 0f);
        assertThatThrownBy(() -> PoseDataset.read(new ByteArrayInputStream(mars.getBytes(StandardCharsets.UTF_8)),
                "mars.json", List.of("nose", "tail"))).hasMessageContaining("3 parts per instance but 2 part names");
    }

    @Test
    void badKeypointFilesAreNamedWithTheirProblem() {
        String wrongCount = """
                {"images": [{"id": 1, "file_name": "a.png", "width": 10, "height": 10}],
                 "categories": [{"id": 1, "name": "m", "keypoints": ["a", "b"]}],
                 "annotations": [{"id": 7, "image_id": 1, "category_id": 1, "keypoints": [1, 1, 2], "bbox": [0, 0, 5, 5]}]}""";
        assertThatThrownBy(() -> PoseDataset.read(new ByteArrayInputStream(wrongCount.getBytes(StandardCharsets.UTF_8)),
                "k.json", null)).hasMessageContaining("annotation 7 has 3 keypoint values").hasMessageContaining("6");
        String noKeypoints = """
                {"images": [], "categories": [{"id": 1, "name": "m"}], "annotations": []}""";
        assertThatThrownBy(() -> PoseDataset.read(new ByteArrayInputStream(noKeypoints.getBytes(StandardCharsets.UTF_8)),
                "k.json", null)).hasMessageContaining("no category with 'keypoints'");
    }

    @Test
    void sigmasFromRepeatedClicksRecoverTheClickSpread() throws Exception {
        double[] truth = {0.02, 0.05, 0.1};
        SplittableRandom random = new SplittableRandom(1);
        java.util.Random gaussian = new java.util.Random(2);
        StringBuilder annotations = new StringBuilder();
        int id = 0;
        for (int image = 1; image <= 300; image++) {
            double side = 40 + random.nextDouble() * 100;
            for (int annotator = 0; annotator < 5; annotator++) {
                StringBuilder kp = new StringBuilder();
                for (int p = 0; p < 3; p++) {
                    kp.append(kp.length() > 0 ? "," : "")
                            .append(50 + p * 10 + gaussian.nextGaussian() * truth[p] * side).append(',')
                            .append(60 + gaussian.nextGaussian() * truth[p] * side).append(",2");
                }
                annotations.append(annotations.length() > 0 ? "," : "").append("{\"id\":").append(++id)
                        .append(",\"image_id\":").append(image).append(",\"category_id\":1,\"area\":")
                        .append(side * side).append(",\"keypoints\":[").append(kp).append("]}");
            }
        }
        String json = "{\"categories\":[{\"id\":1,\"name\":\"m\",\"keypoints\":[\"a\",\"b\",\"c\"]}],\"annotations\":["
                + annotations + "]}";
        PoseSigmas.Result r = PoseSigmas.compute(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "r");
        for (int p = 0; p < 3; p++) {
            assertThat(r.sigmas()[p]).as(r.parts().get(p)).isCloseTo(truth[p], org.assertj.core.data.Percentage
                    .withPercentage(6));
            assertThat(r.objects()[p]).isEqualTo(300);
            assertThat(r.clicks()[p]).isEqualTo(1500);
        }
        String single = json.replaceAll("\"image_id\":\\d+", "\"image_id\":1").replace("\"category_id\":1",
                "\"category_id\":1,\"instance_id\":0");
        // One object annotated 1500 times is still an answer; one annotation per object is not.
        assertThat(PoseSigmas.compute(new ByteArrayInputStream(single.getBytes(StandardCharsets.UTF_8)), "s").objects())
                .containsExactly(1, 1, 1);
        String once = "{\"categories\":[{\"id\":1,\"name\":\"m\",\"keypoints\":[\"a\"]}],\"annotations\":["
                + "{\"id\":1,\"image_id\":1,\"category_id\":1,\"area\":100,\"keypoints\":[1,1,2]}]}";
        assertThatThrownBy(() -> PoseSigmas.compute(new ByteArrayInputStream(once.getBytes(StandardCharsets.UTF_8)), "o"))
                .hasMessageContaining("annotated at least twice");
    }

    @Test
    void theInputCheckDrawsAPlainTileAndAugmentedOnes() throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("imageSize", "64", "depth", "2", "sigmas", PoseScenes.SIGMAS,
                "flipFrequency", "1"));
        List<PoseInputCheck.Strip> strips = PoseInputCheck.render(data, images, settings, 3, 2, 1);
        assertThat(strips).hasSize(3);
        assertThat(strips.get(0).image().getWidth()).isEqualTo(3 * 192);
        assertThat(strips.get(0).name()).isEqualTo("images_frame-00000.png-1");
        // The plain tile and a flipped one differ.
        BufferedImage s = strips.get(0).image();
        assertThat(s.getRGB(0, 0, 192, 192, null, 0, 192)).isNotEqualTo(s.getRGB(192, 0, 192, 192, null, 0, 192));
        settings.put("blurKernel", "3");
        assertThatThrownBy(() -> PoseInputCheck.render(data, images, settings, 1, 1, 1))
                .hasMessageContaining("unknown setting 'blurKernel'");
    }
}
