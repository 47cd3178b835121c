package io.framewise.evaluator.core.coco;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.framewise.evaluator.core.box.BoundingBox;
import io.framewise.evaluator.core.box.Category;
import io.framewise.evaluator.core.box.GroundTruthBox;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A COCO instances file as the evaluation needs it: the image ids, the declared categories and each image's
 * boxes. Annotations on images the file does not list are dropped (pycocotools never sees them either) and
 * counted in a warning; an annotation without {@code area} gets its box area.
 */
public final class CocoGroundTruth {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final List<Category> categories;
    private final ImageItems<GroundTruthBox> images;

    /**
     * @param imageIds the evaluation images, each once
     * @param boxesByImage boxes per image id; ids not in {@code imageIds} are dropped with a warning
     */
    public CocoGroundTruth(long[] imageIds, List<Category> categories, Map<Long, List<GroundTruthBox>> boxesByImage) {
        this(imageIds, categories, boxesByImage, List.of());
    }

    private CocoGroundTruth(long[] imageIds, List<Category> categories, Map<Long, List<GroundTruthBox>> boxesByImage,
                            List<String> readWarnings) {
        this.images = new ImageItems<>(imageIds, boxesByImage, readWarnings);
        this.categories = List.copyOf(categories);
    }

    public static CocoGroundTruth read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads a COCO instances JSON; {@code source} names it in error messages. */
    public static CocoGroundTruth read(InputStream in, String source) throws IOException {
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

    /** The declared categories in file order. */
    public List<Category> categories() {
        return categories;
    }

    /** The boxes of one image, empty when it has none. */
    public List<GroundTruthBox> boxes(long imageId) {
        return images.of(imageId);
    }

    public boolean hasImage(long imageId) {
        return images.hasImage(imageId);
    }

    public List<String> warnings() {
        return images.warnings();
    }

    private static final class Reader {

        private final JsonParser parser;
        private final CocoJsonTokens tokens;
        private final List<Long> images = new ArrayList<>();
        private final List<Category> categories = new ArrayList<>();
        private final Map<Long, List<GroundTruthBox>> boxes = new LinkedHashMap<>();
        private final double[] box = new double[4];
        private int withoutArea;

        Reader(JsonParser parser, String source) {
            this.parser = parser;
            this.tokens = new CocoJsonTokens(parser, source);
        }

        CocoGroundTruth read() throws IOException {
            parser.nextToken();
            tokens.expect(JsonToken.START_OBJECT, "a COCO instances object");
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
                throw tokens.error("no 'images' array: not a COCO instances file");
            }
            List<String> warnings = new ArrayList<>();
            if (!sawAnnotations) {
                warnings.add("the ground truth has no 'annotations' array");
            }
            if (withoutArea > 0) {
                warnings.add(withoutArea + " ground-truth annotations have no 'area'; their box area was used");
            }
            long[] ids = images.stream().mapToLong(Long::longValue).toArray();
            return new CocoGroundTruth(ids, categories, boxes, warnings);
        }

        private void readCategory() throws IOException {
            Long id = null;
            String name = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "id" -> id = tokens.readId("id");
                    case "name" -> name = tokens.readText("name");
                    default -> parser.skipChildren();
                }
            }
            if (id == null) {
                throw tokens.error("a category without 'id'");
            }
            categories.add(new Category(Math.toIntExact(id), name));
        }

        private void readAnnotation() throws IOException {
            long id = 0;
            long imageId = 0;
            long categoryId = 0;
            double area = Double.NaN;
            boolean crowd = false;
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
                    case "area" -> area = tokens.readNumber("area");
                    case "iscrowd" -> crowd = tokens.readFlag("iscrowd");
                    default -> parser.skipChildren();
                }
            }
            if (seen != 15) {
                throw tokens.error("an annotation needs 'id', 'image_id', 'category_id' and 'bbox'");
            }
            BoundingBox bounds = new BoundingBox(box[0], box[1], box[2], box[3]);
            if (Double.isNaN(area)) {
                withoutArea++;
                area = bounds.area();
            }
            GroundTruthBox annotation =
                    new GroundTruthBox(id, Math.toIntExact(categoryId), bounds, area, crowd);
            boxes.computeIfAbsent(imageId, unused -> new ArrayList<>()).add(annotation);
        }
    }
}
