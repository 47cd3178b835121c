package io.framewise.cocofilter.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small hand-written COCO files for the tests, and a way to read the output back. */
final class CocoFiles {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Four images, six annotations, three categories listed as sports ball (37), person (1), dog (20), with
     * extra fields at every level. Image 3 is named first by a dog, so its group comes first; image 7 has
     * only a dog; image 5 has no annotation.
     */
    static final String TINY = """
            {
              "info": {"description": "tiny", "year": 2024, "nested": {"a": [1, 2.50, "x"]}},
              "licenses": [{"id": 1, "name": "CC", "url": "http://x"}],
              "images": [
                {"id": 3, "file_name": "a.jpg", "width": 6, "height": 6, "extra": {"k": [1, {"z": null}]}},
                {"id": 10, "file_name": "b.jpg", "width": 6, "height": 6},
                {"id": 7, "file_name": "c.jpg", "width": 6, "height": 6},
                {"id": 5, "file_name": "d.jpg", "width": 6, "height": 6}
              ],
              "annotations": [
                {"id": 100, "image_id": 3, "category_id": 20, "bbox": [0, 0, 1, 1]},
                {"id": 101, "image_id": 10, "category_id": 1, "bbox": [0, 0, 1, 1], "attributes": {"occluded": false}},
                {"id": 102, "image_id": 3, "category_id": 1, "bbox": [0, 0, 1, 1]},
                {"id": 103, "image_id": 7, "category_id": 20, "bbox": [0, 0, 1, 1]},
                {"id": 104, "image_id": 10, "category_id": 37, "bbox": [0, 0, 1, 1]},
                {"id": 105, "image_id": 3, "category_id": 37, "iscrowd": 1, "segmentation": {"counts": [7, 3, 26], "size": [6, 6]}}
              ],
              "categories": [
                {"id": 37, "name": "sports ball", "supercategory": "sports", "extra": true},
                {"id": 1, "name": "person", "supercategory": "person"},
                {"id": 20, "name": "dog", "supercategory": "animal"}
              ]
            }
            """;

    private CocoFiles() {
    }

    static Path write(Path dir, String name, String json) throws IOException {
        return Files.writeString(dir.resolve(name), json, StandardCharsets.UTF_8);
    }

    static JsonNode read(Path file) throws IOException {
        return MAPPER.readTree(file.toFile());
    }

    static List<Long> ids(JsonNode array) {
        return longs(array, "id");
    }

    static List<Long> longs(JsonNode array, String field) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asLong()));
        return out;
    }

    static List<String> fieldNames(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Every file left in a folder, to check a failed run left nothing behind. */
    static List<String> listing(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
