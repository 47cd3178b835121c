package io.framewise.trainer.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A keypoint dataset as pose training needs it: the object category, its part names and skeleton, and every
 * annotated instance (image, box, keypoints). Read from either format:
 *
 * <ul>
 *   <li><b>COCO keypoints</b> (a JSON object): one category with {@code keypoints} (part names) and optionally
 *       {@code skeleton} (1-based part index pairs); annotations with {@code keypoints} as {@code x, y, v} triplets,
 *       {@code num_keypoints}, {@code bbox}, {@code area}. Crowd annotations and those without a labelled part are
 *       left out.</li>
 *   <li><b>MARS records</b> (a JSON array), one per image: {@code filename}, {@code width}, {@code height} and
 *       {@code object}: {@code bbox} with {@code xmin}, {@code xmax}, {@code ymin}, {@code ymax} lists (normalized,
 *       one value per instance), {@code parts} with {@code x}, {@code y}, {@code v} lists (normalized, the parts of
 *       each instance one after the other; v 0 outside the image, 1 occluded, 2 visible) and optionally
 *       {@code area} (normalized) per instance. Part names come from the caller. {@link #marsToCoco} converts.</li>
 * </ul>
 */
public record PoseDataset(String category, List<String> parts, List<int[]> skeleton, List<Instance> instances) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One annotated object: its image, box {@code x, y, w, h} and area in image pixels, keypoints {@code [part][x, y, v]}. */
    public record Instance(long id, long imageId, String fileName, int imageWidth, int imageHeight, float[] box,
            double area, float[][] keypoints) {
    }

    public int size() {
        return instances.size();
    }

    /** Reads either format; {@code partNames} names the parts of MARS records (null: {@code part0, part1, ...}). */
    public static PoseDataset read(InputStream in, String name, List<String> partNames) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidDatasetException(name + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root != null && root.isArray()) {
            root = marsToCoco(root, name, partNames, "object");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidDatasetException(name + " is neither a COCO keypoints file (a JSON object) nor MARS records"
                    + " (a JSON array)");
        }
        return fromCoco(root, name);
    }

    private static PoseDataset fromCoco(JsonNode root, String name) throws InvalidDatasetException {
        JsonNode category = null;
        for (JsonNode c : root.path("categories")) {
            if (c.path("keypoints").isArray() && !c.path("keypoints").isEmpty()) {
                if (category != null) {
                    throw new InvalidDatasetException(name + " has several categories with keypoints ('"
                            + category.path("name").asText() + "', '" + c.path("name").asText()
                            + "'); a pose model learns the parts of one category: filter the file to one");
                }
                category = c;
            }
        }
        if (category == null) {
            throw new InvalidDatasetException(name + " has no category with 'keypoints' (part names): is it a COCO"
                    + " keypoints file?");
        }
        List<String> parts = new ArrayList<>();
        category.path("keypoints").forEach(p -> parts.add(p.asText()));
        int k = parts.size();
        List<int[]> skeleton = new ArrayList<>();
        for (JsonNode bone : category.path("skeleton")) {
            int a = bone.path(0).asInt(0) - 1;
            int b = bone.path(1).asInt(0) - 1;
            if (a < 0 || b < 0 || a >= k || b >= k) {
                throw new InvalidDatasetException(name + ": skeleton bone " + bone + " names a part outside 1.." + k);
            }
            skeleton.add(new int[] {a, b});
        }
        long categoryId = category.path("id").asLong();
        Map<Long, JsonNode> images = new HashMap<>();
        for (JsonNode i : root.path("images")) {
            images.put(i.path("id").asLong(), i);
        }
        List<Instance> instances = new ArrayList<>();
        for (JsonNode a : root.path("annotations")) {
            if (a.path("category_id").asLong() != categoryId || a.path("iscrowd").asInt(0) != 0) {
                continue;
            }
            String where = name + ": annotation " + a.path("id").asText();
            JsonNode kp = a.path("keypoints");
            if (!kp.isArray() || kp.size() != 3 * k) {
                throw new InvalidDatasetException(where + " has " + (kp.isArray() ? kp.size() : 0)
                        + " keypoint values; its category has " + k + " parts, so " + 3 * k + " (x, y, v each)");
            }
            float[][] keypoints = new float[k][3];
            int labelled = 0;
            for (int p = 0; p < k; p++) {
                keypoints[p][0] = (float) kp.get(3 * p).asDouble();
                keypoints[p][1] = (float) kp.get(3 * p + 1).asDouble();
                keypoints[p][2] = (float) kp.get(3 * p + 2).asDouble();
                if (keypoints[p][2] > 0) {
                    labelled++;
                }
            }
            if (labelled == 0) {
                continue;
            }
            JsonNode image = images.get(a.path("image_id").asLong());
            if (image == null) {
                throw new InvalidDatasetException(where + " names image " + a.path("image_id").asText()
                        + ", which is not in 'images'");
            }
            String file = image.path("file_name").asText("");
            if (file.isBlank()) {
                throw new InvalidDatasetException(name + ": image " + image.path("id").asText() + " has no file_name");
            }
            float[] box = boxOf(a.path("bbox"), keypoints);
            double area = a.path("area").asDouble(0) > 0 ? a.path("area").asDouble() : box[2] * box[3];
            instances.add(new Instance(a.path("id").asLong(), image.path("id").asLong(), file,
                    image.path("width").asInt(0), image.path("height").asInt(0), box, area, keypoints));
        }
        if (instances.isEmpty()) {
            throw new InvalidDatasetException(name + " has no annotation of '" + category.path("name").asText()
                    + "' with a labelled keypoint");
        }
        return new PoseDataset(category.path("name").asText("object"), List.copyOf(parts), List.copyOf(skeleton),
                List.copyOf(instances));
    }

    /** The annotation's box, or the extent of its labelled keypoints when it has none. */
    private static float[] boxOf(JsonNode bbox, float[][] keypoints) {
        if (bbox.isArray() && bbox.size() == 4 && bbox.get(2).asDouble() > 0 && bbox.get(3).asDouble() > 0) {
            return new float[] {(float) bbox.get(0).asDouble(), (float) bbox.get(1).asDouble(),
                (float) bbox.get(2).asDouble(), (float) bbox.get(3).asDouble()};
        }
        float x0 = Float.MAX_VALUE, y0 = Float.MAX_VALUE, x1 = -Float.MAX_VALUE, y1 = -Float.MAX_VALUE;
        for (float[] p : keypoints) {
            if (p[2] > 0) {
                x0 = Math.min(x0, p[0]);
                y0 = Math.min(y0, p[1]);
                x1 = Math.max(x1, p[0]);
                y1 = Math.max(y1, p[1]);
            }
        }
        return new float[] {x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0)};
    }

    /**
     * MARS records as a COCO keypoints document: pixel coordinates (normalized values times the image size), v kept
     * (0 outside the image, 1 occluded, 2 visible; a part with v 0 gets x = y = 0 as COCO writes it), the box from
     * {@code xmin..ymax}, the area from {@code area} (normalized, times width x height) or the box.
     */
    public static ObjectNode marsToCoco(JsonNode records, String name, List<String> partNames, String category)
            throws InvalidDatasetException {
        if (!records.isArray() || records.isEmpty()) {
            throw new InvalidDatasetException(name + " has no MARS records (an array of per-image records)");
        }
        int k = -1;
        ObjectNode coco = JSON.createObjectNode();
        ArrayNode images = coco.putArray("images");
        ArrayNode annotations = coco.putArray("annotations");
        long annotationId = 1;
        long imageId = 0;
        for (JsonNode r : records) {
            imageId++;
            String where = name + ": record " + (imageId - 1);
            String file = r.path("filename").asText(r.path("image").asText(""));
            int w = r.path("width").asInt(0);
            int h = r.path("height").asInt(0);
            if (file.isBlank() || w <= 0 || h <= 0) {
                throw new InvalidDatasetException(where + " needs 'filename', 'width' and 'height'");
            }
            ObjectNode image = images.addObject();
            image.put("id", r.path("id").canConvertToLong() ? r.path("id").asLong() : imageId);
            image.put("file_name", file);
            image.put("width", w);
            image.put("height", h);
            JsonNode object = r.path("object");
            JsonNode bbox = object.path("bbox");
            JsonNode parts = object.path("parts");
            int n = bbox.path("xmin").size();
            for (String side : List.of("xmax", "ymin", "ymax")) {
                if (bbox.path(side).size() != n) {
                    throw new InvalidDatasetException(where + ": bbox lists 'xmin' and '" + side + "' differ in length");
                }
            }
            int values = parts.path("x").size();
            if (parts.path("y").size() != values || parts.path("v").size() != values) {
                throw new InvalidDatasetException(where + ": parts lists 'x', 'y' and 'v' differ in length");
            }
            if (n == 0) {
                continue;
            }
            if (values % n != 0) {
                throw new InvalidDatasetException(where + ": " + values + " part values for " + n + " boxes");
            }
            if (k < 0) {
                k = values / n;
                if (partNames != null && !partNames.isEmpty() && partNames.size() != k) {
                    throw new InvalidDatasetException(name + " has " + k + " parts per instance but " + partNames.size()
                            + " part names were given: " + partNames);
                }
            } else if (values / n != k) {
                throw new InvalidDatasetException(where + " has " + values / n + " parts per instance, earlier records "
                        + k);
            }
            for (int i = 0; i < n; i++) {
                double x0 = bbox.path("xmin").get(i).asDouble() * w;
                double x1 = bbox.path("xmax").get(i).asDouble() * w;
                double y0 = bbox.path("ymin").get(i).asDouble() * h;
                double y1 = bbox.path("ymax").get(i).asDouble() * h;
                ObjectNode a = annotations.addObject();
                a.put("id", annotationId++);
                a.put("image_id", image.path("id").asLong());
                a.put("category_id", 1);
                a.put("iscrowd", 0);
                ArrayNode box = a.putArray("bbox");
                box.add(x0).add(y0).add(Math.max(0, x1 - x0)).add(Math.max(0, y1 - y0));
                JsonNode area = object.path("area").path(i);
                a.put("area", area.isNumber() ? area.asDouble() * w * h : Math.max(0, x1 - x0) * Math.max(0, y1 - y0));
                ArrayNode kp = a.putArray("keypoints");
                int labelled = 0;
                for (int p = 0; p < k; p++) {
                    int v = parts.path("v").get(i * k + p).asInt();
                    if (v < 0 || v > 2) {
                        throw new InvalidDatasetException(where + ": part " + p + " of instance " + i + " has v = " + v
                                + "; v is 0 (outside), 1 (occluded) or 2 (visible)");
                    }
                    kp.add(v == 0 ? 0 : parts.path("x").get(i * k + p).asDouble() * w);
                    kp.add(v == 0 ? 0 : parts.path("y").get(i * k + p).asDouble() * h);
                    kp.add(v);
                    labelled += v > 0 ? 1 : 0;
                }
                a.put("num_keypoints", labelled);
            }
        }
        if (k < 0) {
            throw new InvalidDatasetException(name + ": no MARS record has an instance");
        }
        ObjectNode c = coco.putArray("categories").addObject();
        c.put("id", 1);
        c.put("name", category);
        ArrayNode names = c.putArray("keypoints");
        for (int p = 0; p < k; p++) {
            names.add(partNames != null && !partNames.isEmpty() ? partNames.get(p) : "part" + p);
        }
        c.putArray("skeleton");
        return coco;
    }
}
