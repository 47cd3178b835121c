package io.framewise.datasetsynthesizer.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Natural box sizes from the source's base-bboxes JSON: a list of items, each with {@code bounding_boxes}
 * given as (top, left, bottom, right). Distinct sizes in first-seen order (the source uses a set, whose
 * order is not stable; first-seen order keeps runs deterministic); non-positive sizes are dropped.
 */
public final class BaseBoxes {

    private BaseBoxes() {
    }

    public static List<Size> read(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("base boxes JSON must be a list of items with bounding_boxes");
        }
        Set<List<Integer>> sizes = new LinkedHashSet<>();
        for (JsonNode item : root) {
            for (JsonNode box : item.path("bounding_boxes")) {
                int width = box.get(3).asInt() - box.get(1).asInt();
                int height = box.get(2).asInt() - box.get(0).asInt();
                if (width > 0 && height > 0) {
                    sizes.add(List.of(width, height));
                }
            }
        }
        List<Size> result = new ArrayList<>();
        sizes.forEach(s -> result.add(new Size(s.get(0), s.get(1))));
        return result;
    }
}
