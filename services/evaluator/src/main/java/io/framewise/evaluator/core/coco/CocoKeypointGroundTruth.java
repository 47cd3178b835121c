package io.framewise.evaluator.core.coco;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.framewise.common.model.keypoints.KeypointSpec;
import io.framewise.evaluator.core.box.BoundingBox;
import io.framewise.evaluator.core.keypoints.GroundTruthPose;
import io.framewise.evaluator.core.keypoints.KeypointCategory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A COCO keypoints file (such as {@code person_keypoints_val2017.json}) as the evaluation needs it: the image
 * ids, the keypoint categories (those declaring {@code keypoints} names) and each image's poses.
 *
 * <p>An annotation of a keypoint category needs {@code id}, {@code image_id}, {@code category_id},
 * {@code bbox} and {@code keypoints} with one {@code x, y, v} triplet per part of its category. Without
 * {@code num_keypoints} it gets its number of parts with {@code v > 0}; without {@code area}, its box area
 * (with a warning). Annotations of other categories, and on images the file does not list, are left out and
 * counted in a warning, as pycocotools never sees them.
 */
public final class CocoKeypointGroundTruth {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final List<KeypointCategory> categories;
    private final Map<Integer, KeypointCategory> categoryById;
    private final ImageItems<GroundTruthPose> images;

    /**
     * @param imageIds the evaluation images, each once
     * @param categories the keypoint categories
     * @param posesByImage poses per image id; ids not in {@code imageIds} are dropped with a warning
     */
    public CocoKeypointGroundTruth(long[] imageIds, List<KeypointCategory> categories,
                                   Map<Long, List<GroundTruthPose>> posesByImage) {
        this(imageIds, categories, posesByImage, List.of());
    }

    private CocoKeypointGroundTruth(long[] imageIds, List<KeypointCategory> categories,
                                    Map<Long, List<GroundTruthPose>> posesByImage, List<String> readWarnings) {
        this.images = new ImageItems<>(imageIds, posesByImage, readWarnings);
        this.categories = List.copyOf(categories);
        Map<Integer, KeypointCategory> byId = new HashMap<>();
        for (KeypointCategory category : categories) {
            byId.putIfAbsent(category.id(), category);
        }
        this.categoryById = Collections.unmodifiableMap(byId);
    }

    public static CocoKeypointGroundTruth read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads a COCO keypoints JSON; {@code source} names it in error messages. */
    public static CocoKeypointGroundTruth read(InputStream in, String source) throws IOException {
        try (JsonParser parser = JSON.createParser(in)) {
            return new Reader(parser, source).read();
        }
    }

    /** The evaluation images in file order, each once. */
    public long[] imageIds() {
        return images.imageIds();
    }

    public int imageCount() {
        return images.imageCount();
    }

    public boolean hasImage(long imageId) {
        return images.hasImage(imageId);
    }

    /** The keypoint categories in file order. */
    public List<KeypointCategory> categories() {
        return categories;
    }

    /** The keypoint category with this id, or null. */
    public KeypointCategory category(int id) {
        return categoryById.get(id);
    }

    /** The poses of one image, empty when it has none. */
    public List<GroundTruthPose> poses(long imageId) {
        return images.of(imageId);
    }

    public List<String> warnings() {
        return images.warnings();
    }

    /** An annotation as read, checked against its category once all categories are known. */
    private record RawAnnotation(int line, int index, long id, long imageId, int categoryId, double[] keypoints,
                                 Integer numKeypoints, double area, BoundingBox box, boolean crowd) {
    }

    private static final class Reader {

        private final JsonParser parser;
        private final String source;
        private final CocoJsonTokens tokens;
        private final List<Long> images = new ArrayList<>();
        private final List<KeypointCategory> categories = new ArrayList<>();
        private final List<String> plainCategories = new ArrayList<>();
        private final List<RawAnnotation> annotations = new ArrayList<>();
        private final double[] box = new double[4];

        Reader(JsonParser parser, String source) {
            this.parser = parser;
            this.source = source;
            this.tokens = new CocoJsonTokens(parser, source);
        }

        CocoKeypointGroundTruth read() throws IOException {
            parser.nextToken();
            tokens.expect(JsonToken.START_OBJECT, "a COCO keypoints object");
            boolean sawImages = false;
            boolean sawAnnotations = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "images" -> {
                        tokens.readArray("images", () -> images.add(tokens.readImageId()));
                        sawImages = true;
                    }
                    case "annotations" -> {
                        tokens.readArray("annotations", this::readAnnotation);
                        sawAnnotations = true;
                    }
                    case "categories" -> tokens.readArray("categories", this::readCategory);
                    default -> parser.skipChildren();
                }
            }
            if (!sawImages) {
                throw tokens.error("no 'images' array: not a COCO keypoints file");
            }
            if (categories.isEmpty()) {
                throw new CocoFormatException(source + ": no category declares 'keypoints' (the part names):"
                        + " not a COCO keypoints file");
            }
            return build(sawAnnotations);
        }

        private CocoKeypointGroundTruth build(boolean sawAnnotations) throws CocoFormatException {
            Map<Integer, KeypointCategory> byId = new HashMap<>();
            categories.forEach(category -> byId.putIfAbsent(category.id(), category));
            Map<Long, List<GroundTruthPose>> poses = new LinkedHashMap<>();
            int otherCategories = 0;
            int withoutArea = 0;
            for (RawAnnotation raw : annotations) {
                KeypointCategory category = byId.get(raw.categoryId());
                if (category == null) {
                    otherCategories++;
                    continue;
                }
                String where = source + " (annotation " + raw.index() + " in 'annotations', id " + raw.id()
                        + ", line " + raw.line() + "): ";
                if (raw.keypoints() == null) {
                    throw new CocoFormatException(where + "no 'keypoints', which an annotation of keypoint category "
                            + describe(category) + " needs");
                }
                int parts = category.parts().size();
                if (raw.keypoints().length != 3 * parts) {
                    throw new CocoFormatException(where + "'keypoints' has " + raw.keypoints().length / 3
                            + " x, y, v triplets, but category " + describe(category) + " has " + parts + " parts");
                }
                float[] xyv = new float[raw.keypoints().length];
                for (int i = 0; i < xyv.length; i++) {
                    xyv[i] = (float) raw.keypoints()[i];
                }
                double area = raw.area();
                if (Double.isNaN(area)) {
                    withoutArea++;
                    area = raw.box().area();
                }
                int labelled = raw.numKeypoints() != null ? raw.numKeypoints() : GroundTruthPose.labelled(xyv);
                GroundTruthPose pose;
                try {
                    pose = new GroundTruthPose(raw.id(), raw.categoryId(), xyv, area, raw.box(), raw.crowd(), labelled);
                } catch (IllegalArgumentException e) {
                    throw new CocoFormatException(where + e.getMessage());
                }
                poses.computeIfAbsent(raw.imageId(), unused -> new ArrayList<>()).add(pose);
            }
            List<String> warnings = new ArrayList<>();
            if (!sawAnnotations) {
                warnings.add("the ground truth has no 'annotations' array");
            }
            if (!plainCategories.isEmpty()) {
                warnings.add("categories without 'keypoints' are not evaluated: " + String.join(", ", plainCategories));
            }
            if (otherCategories > 0) {
                warnings.add(otherCategories + " ground-truth annotations of categories without 'keypoints' were ignored");
            }
            if (withoutArea > 0) {
                warnings.add(withoutArea + " ground-truth annotations have no 'area'; their box area was used");
            }
            long[] ids = images.stream().mapToLong(Long::longValue).toArray();
            return new CocoKeypointGroundTruth(ids, categories, poses, warnings);
        }

        private void readCategory() throws IOException {
            Long id = null;
            String name = null;
            List<String> parts = null;
            List<int[]> bones = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "id" -> id = tokens.readId("id");
                    case "name" -> name = tokens.readText("name");
                    case "keypoints" -> parts = readNames();
                    case "skeleton" -> readSkeleton(bones);
                    default -> parser.skipChildren();
                }
            }
            if (id == null) {
                throw tokens.error("a category without 'id'");
            }
            if (parts == null || parts.isEmpty()) {
                plainCategories.add(id + (name == null ? "" : " '" + name + "'"));
                return;
            }
            List<KeypointSpec.Pair> skeleton = new ArrayList<>();
            for (int[] bone : bones) {
                for (int part : bone) {
                    if (part < 1 || part > parts.size()) {
                        throw tokens.error("category " + id + ": skeleton bone [" + bone[0] + ", " + bone[1]
                                + "] refers to part " + part + ", but the parts are 1.." + parts.size());
                    }
                }
                skeleton.add(new KeypointSpec.Pair(bone[0] - 1, bone[1] - 1));
            }
            categories.add(new KeypointCategory(Math.toIntExact(id), name, parts, skeleton));
        }

        private List<String> readNames() throws IOException {
            tokens.expect(JsonToken.START_ARRAY, "'keypoints' (an array of part names)");
            List<String> names = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() != JsonToken.VALUE_STRING) {
                    throw tokens.error("the category's 'keypoints' must be part names (strings)");
                }
                names.add(parser.getText());
            }
            return names;
        }

        private void readSkeleton(List<int[]> bones) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return;
            }
            tokens.expect(JsonToken.START_ARRAY, "'skeleton' (an array of [part, part] pairs)");
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                double[] bone = tokens.readNumbers("skeleton");
                if (bone == null || bone.length != 2 || bone[0] != Math.rint(bone[0]) || bone[1] != Math.rint(bone[1])) {
                    throw tokens.error("a skeleton bone must be a pair of 1-based part numbers [a, b]");
                }
                bones.add(new int[] {(int) bone[0], (int) bone[1]});
            }
        }

        private void readAnnotation() throws IOException {
            int line = parser.currentTokenLocation().getLineNr();
            long id = 0;
            long imageId = 0;
            long categoryId = 0;
            double area = Double.NaN;
            boolean crowd = false;
            double[] keypoints = null;
            Integer numKeypoints = null;
            int seen = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "id" -> {
                        id = tokens.readId("id");
                        seen |= 1;
                    }
                    case "image_id" -> {
                        imageId = tokens.readId("image_id");
                        seen |= 2;
                    }
                    case "category_id" -> {
                        categoryId = tokens.readId("category_id");
                        seen |= 4;
                    }
                    case "bbox" -> {
                        tokens.readBox(box);
                        seen |= 8;
                    }
                    case "keypoints" -> {
                        keypoints = tokens.readNumbers("keypoints");
                        if (keypoints == null) {
                            throw tokens.error("'keypoints' must be an array [x1, y1, v1, x2, y2, v2, ...]");
                        }
                        if (keypoints.length % 3 != 0) {
                            throw tokens.error("'keypoints' has " + keypoints.length
                                    + " numbers, not a whole number of x, y, v triplets");
                        }
                    }
                    case "num_keypoints" -> numKeypoints = Math.toIntExact(tokens.readId("num_keypoints"));
                    case "area" -> area = tokens.readNumber("area");
                    case "iscrowd" -> crowd = tokens.readFlag("iscrowd");
                    default -> parser.skipChildren();
                }
            }
            if (seen != 15) {
                throw tokens.error("an annotation needs 'id', 'image_id', 'category_id' and 'bbox'");
            }
            annotations.add(new RawAnnotation(line, annotations.size(), id, imageId, Math.toIntExact(categoryId),
                    keypoints, numKeypoints, area, new BoundingBox(box[0], box[1], box[2], box[3]), crowd));
        }
    }

    static String describe(KeypointCategory category) {
        return category.id() + (category.name() == null ? "" : " '" + category.name() + "'");
    }
}
