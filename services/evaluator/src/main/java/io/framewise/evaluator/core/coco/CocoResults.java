package io.framewise.evaluator.core.coco;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.framewise.evaluator.core.box.BoundingBox;
import io.framewise.evaluator.core.box.Detection;
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
 * A COCO results file: a JSON array of {@code {image_id, category_id, bbox, score}}. Each image's
 * detections keep their file order, which breaks score ties exactly as pycocotools does.
 */
public final class CocoResults {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Map<Long, List<Detection>> byImage;
    private final int count;

    /** @param byImage detections per image id, each list in file order */
    public CocoResults(Map<Long, List<Detection>> byImage) {
        Map<Long, List<Detection>> copy = new LinkedHashMap<>();
        int total = 0;
        for (Map.Entry<Long, List<Detection>> entry : byImage.entrySet()) {
            copy.put(entry.getKey(), List.copyOf(entry.getValue()));
            total += entry.getValue().size();
        }
        this.byImage = Collections.unmodifiableMap(copy);
        this.count = total;
    }

    public static CocoResults read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads a results JSON array; {@code source} names it in error messages. */
    public static CocoResults read(InputStream in, String source) throws IOException {
        try (JsonParser parser = JSON.createParser(in)) {
            CocoJsonTokens tokens = new CocoJsonTokens(parser, source);
            parser.nextToken();
            tokens.expect(JsonToken.START_ARRAY, "a JSON array of results");
            Map<Long, List<Detection>> byImage = new LinkedHashMap<>();
            double[] box = new double[4];
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                tokens.expect(JsonToken.START_OBJECT, "a result object");
                long imageId = 0;
                long categoryId = 0;
                double score = 0;
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
                        case "bbox" -> {
                            tokens.readBox(box);
                            seen |= 4;
                        }
                        case "score" -> {
                            score = tokens.readNumber("score");
                            seen |= 8;
                        }
                        default -> parser.skipChildren();
                    }
                }
                if (seen != 15) {
                    throw tokens.error("a box result needs 'image_id', 'category_id', 'bbox' and 'score'");
                }
                Detection detection = new Detection(Math.toIntExact(categoryId),
                        new BoundingBox(box[0], box[1], box[2], box[3]), score);
                byImage.computeIfAbsent(imageId, unused -> new ArrayList<>()).add(detection);
            }
            return new CocoResults(byImage);
        }
    }

    /** Image ids that have detections, in order of first appearance. */
    public Iterable<Long> imageIds() {
        return byImage.keySet();
    }

    public List<Detection> detections(long imageId) {
        return byImage.getOrDefault(imageId, List.of());
    }

    public int count() {
        return count;
    }
}
