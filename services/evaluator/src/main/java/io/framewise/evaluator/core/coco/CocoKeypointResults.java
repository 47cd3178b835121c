package io.framewise.evaluator.core.coco;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.framewise.evaluator.core.keypoints.KeypointCategory;
import io.framewise.evaluator.core.keypoints.PredictedPose;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A COCO keypoint results file, read against its ground truth: a JSON array of
 * {@code {image_id, category_id, keypoints: [x, y, score, ...], score}}. Each image's poses keep their file
 * order, which breaks score ties as pycocotools does.
 *
 * <p>A result's area (its size class when it matches nothing) is what pycocotools' {@code loadRes} gives it:
 * when the first result carries a non-empty {@code bbox}, every result's box area; otherwise the area of its
 * keypoints' extent. As pycocotools, a result on an image the ground truth does not list is an error; results
 * of categories without keypoints in the ground truth are left out and counted.
 */
public final class CocoKeypointResults {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Map<Long, List<PredictedPose>> byImage;
    private final int count;
    private final int ofUnknownCategories;
    private final boolean areasFromBoxes;

    private CocoKeypointResults(Map<Long, List<PredictedPose>> byImage, int count, int ofUnknownCategories,
                                boolean areasFromBoxes) {
        Map<Long, List<PredictedPose>> copy = new LinkedHashMap<>();
        byImage.forEach((image, poses) -> copy.put(image, List.copyOf(poses)));
        this.byImage = Collections.unmodifiableMap(copy);
        this.count = count;
        this.ofUnknownCategories = ofUnknownCategories;
        this.areasFromBoxes = areasFromBoxes;
    }

    /**
     * Results a model produced in this process, per image; every pose's category must be a keypoint category of
     * the ground truth they are evaluated against, and its area is what the caller gives (pycocotools: the extent).
     */
    public static CocoKeypointResults of(Map<Long, List<PredictedPose>> byImage) {
        int count = byImage.values().stream().mapToInt(List::size).sum();
        return new CocoKeypointResults(byImage, count, 0, false);
    }

    public static CocoKeypointResults read(Path file, CocoKeypointGroundTruth groundTruth) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), groundTruth);
        }
    }

    /** Reads a results JSON array; {@code source} names it in error messages. */
    public static CocoKeypointResults read(InputStream in, String source, CocoKeypointGroundTruth groundTruth)
            throws IOException {
        try (JsonParser parser = JSON.createParser(in)) {
            CocoJsonTokens tokens = new CocoJsonTokens(parser, source);
            parser.nextToken();
            tokens.expect(JsonToken.START_ARRAY, "a JSON array of keypoint results");
            Map<Long, List<PredictedPose>> byImage = new LinkedHashMap<>();
            int index = 0;
            int unknownCategories = 0;
            Boolean fromBoxes = null;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                tokens.expect(JsonToken.START_OBJECT, "a result object");
                long imageId = 0;
                long categoryId = 0;
                double score = 0;
                double[] keypoints = null;
                double[] box = null;
                boolean segmentation = false;
                int seen = 0;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    switch (field) {
                        case "image_id" -> {
                            imageId = tokens.readId("image_id");
                            seen |= 1;
                        }
                        case "category_id" -> {
                            categoryId = tokens.readId("category_id");
                            seen |= 2;
                        }
                        case "keypoints" -> {
                            keypoints = tokens.readNumbers("keypoints");
                            if (keypoints == null) {
                                throw tokens.error("result " + index
                                        + ": 'keypoints' must be an array [x1, y1, s1, x2, y2, s2, ...]");
                            }
                            seen |= 4;
                        }
                        case "score" -> {
                            score = tokens.readNumber("score");
                            seen |= 8;
                        }
                        case "bbox" -> {
                            box = tokens.readNumbers("bbox");
                            if (box == null || (box.length != 0 && box.length != 4)) {
                                throw tokens.error("result " + index + ": 'bbox' must be [x, y, width, height]");
                            }
                        }
                        case "segmentation" -> {
                            segmentation = true;
                            parser.skipChildren();
                        }
                        default -> parser.skipChildren();
                    }
                }
                String where = "result " + index + " (0-based, in file order)";
                if (seen != 15) {
                    throw tokens.error(where + ": a keypoint result needs 'image_id', 'category_id', 'keypoints'"
                            + " and 'score'");
                }
                if (fromBoxes == null) {
                    // loadRes looks at the first result only: a non-empty bbox wins over segmentation and keypoints
                    fromBoxes = box != null && box.length == 4;
                    if (!fromBoxes && segmentation) {
                        throw tokens.error(where + ": results with 'segmentation' but no 'bbox' take their area from"
                                + " the mask in pycocotools, which is not supported here; drop 'segmentation'");
                    }
                }
                if (fromBoxes && (box == null || box.length != 4)) {
                    throw tokens.error(where + ": no 'bbox', but the first result has one, and pycocotools then"
                            + " takes every result's area from its box");
                }
                if (keypoints.length == 0 || keypoints.length % 3 != 0) {
                    throw tokens.error(where + ": 'keypoints' has " + keypoints.length
                            + " numbers, not a whole number of x, y, score triplets");
                }
                if (!groundTruth.hasImage(imageId)) {
                    throw tokens.error(where + ": image_id " + imageId + " is not among the ground truth's images"
                            + " (pycocotools refuses such a file)");
                }
                KeypointCategory category = groundTruth.category(Math.toIntExact(categoryId));
                if (category == null) {
                    unknownCategories++;
                    index++;
                    continue;
                }
                int parts = keypoints.length / 3;
                if (parts != category.parts().size()) {
                    throw tokens.error(where + ": " + parts + " keypoints, but category "
                            + CocoKeypointGroundTruth.describe(category) + " has " + category.parts().size());
                }
                double[] exact = new double[2 * parts];
                float[] xy = new float[2 * parts];
                for (int i = 0; i < parts; i++) {
                    exact[2 * i] = keypoints[3 * i];
                    exact[2 * i + 1] = keypoints[3 * i + 1];
                    xy[2 * i] = (float) exact[2 * i];
                    xy[2 * i + 1] = (float) exact[2 * i + 1];
                }
                double area = fromBoxes ? box[2] * box[3] : PredictedPose.extentArea(exact);
                PredictedPose pose = new PredictedPose(category.id(), xy, score, area);
                byImage.computeIfAbsent(imageId, unused -> new ArrayList<>()).add(pose);
                index++;
            }
            return new CocoKeypointResults(byImage, index, unknownCategories, Boolean.TRUE.equals(fromBoxes));
        }
    }

    /** Image ids that have evaluated poses, in order of first appearance. */
    public Iterable<Long> imageIds() {
        return byImage.keySet();
    }

    /** The evaluated poses of one image, in file order. */
    public List<PredictedPose> poses(long imageId) {
        return byImage.getOrDefault(imageId, List.of());
    }

    /** Results in the file. */
    public int count() {
        return count;
    }

    /** Results of categories the ground truth has no keypoints for, left out. */
    public int ofUnknownCategories() {
        return ofUnknownCategories;
    }

    /** Whether the areas come from the results' boxes (the first result has a {@code bbox}). */
    public boolean areasFromBoxes() {
        return areasFromBoxes;
    }
}
