package io.framewise.trainer.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-part OKS sigmas from repeated annotations: how far annotators' clicks on the same part of the same object
 * spread, relative to the object's scale. This is what COCO's {@code kpt_oks_sigmas} are, and what a pose model's
 * {@code sigmas} setting wants.
 *
 * <p>Input: a COCO keypoints file in which each object is annotated several times. Annotations of the same image and
 * category are the same object, unless they carry an {@code instance_id} (or {@code track_id}), which then tells the
 * objects apart. For every object and part with at least two labelled clicks ({@code v > 0}), the clicks' mean is the
 * best guess of the true position, and the part's sigma is the per-axis standard deviation of the clicks about it
 * divided by the object's scale {@code s = sqrt(area)} (the mean area of the object's annotations):
 * {@code σ² = Σ |click - mean|² / s² / (2 Σ (clicks - 1))} (two axes, unbiased).
 */
public final class PoseSigmas {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The sigmas and how much evidence each rests on. */
    public record Result(List<String> parts, double[] sigmas, int[] objects, int[] clicks) {
    }

    private PoseSigmas() {
    }

    public static Result compute(InputStream in, String name) throws IOException {
        JsonNode root = JSON.readTree(in);
        if (root == null || !root.isObject()) {
            throw new InvalidDatasetException(name + " is not a COCO keypoints file (no JSON object)");
        }
        JsonNode category = null;
        for (JsonNode c : root.path("categories")) {
            if (c.path("keypoints").isArray() && !c.path("keypoints").isEmpty()) {
                if (category != null) {
                    throw new InvalidDatasetException(name + " has several categories with keypoints; sigmas are per"
                            + " category: filter the file to one");
                }
                category = c;
            }
        }
        if (category == null) {
            throw new InvalidDatasetException(name + " has no category with 'keypoints' (part names)");
        }
        List<String> parts = new ArrayList<>();
        category.path("keypoints").forEach(p -> parts.add(p.asText()));
        int k = parts.size();
        Map<String, List<JsonNode>> objects = new LinkedHashMap<>();
        for (JsonNode a : root.path("annotations")) {
            if (a.path("category_id").asLong() != category.path("id").asLong() || a.path("iscrowd").asInt(0) != 0) {
                continue;
            }
            if (a.path("keypoints").size() != 3 * k) {
                throw new InvalidDatasetException(name + ": annotation " + a.path("id").asText() + " has "
                        + a.path("keypoints").size() + " keypoint values, expected " + 3 * k);
            }
            String instance = a.hasNonNull("instance_id") ? a.get("instance_id").asText()
                    : a.hasNonNull("track_id") ? a.get("track_id").asText() : "";
            objects.computeIfAbsent(a.path("image_id").asText() + "/" + instance, key -> new ArrayList<>()).add(a);
        }
        double[] sum = new double[k];
        double[] degrees = new double[k];
        int[] objectCount = new int[k];
        int[] clickCount = new int[k];
        for (List<JsonNode> annotations : objects.values()) {
            if (annotations.size() < 2) {
                continue;
            }
            double area = 0;
            for (JsonNode a : annotations) {
                JsonNode box = a.path("bbox");
                area += a.path("area").asDouble(0) > 0 ? a.path("area").asDouble()
                        : box.path(2).asDouble(0) * box.path(3).asDouble(0);
            }
            area /= annotations.size();
            if (!(area > 0)) {
                continue;
            }
            for (int p = 0; p < k; p++) {
                double mx = 0;
                double my = 0;
                int m = 0;
                for (JsonNode a : annotations) {
                    JsonNode kp = a.path("keypoints");
                    if (kp.get(3 * p + 2).asDouble() > 0) {
                        mx += kp.get(3 * p).asDouble();
                        my += kp.get(3 * p + 1).asDouble();
                        m++;
                    }
                }
                if (m < 2) {
                    continue;
                }
                mx /= m;
                my /= m;
                for (JsonNode a : annotations) {
                    JsonNode kp = a.path("keypoints");
                    if (kp.get(3 * p + 2).asDouble() > 0) {
                        double dx = kp.get(3 * p).asDouble() - mx;
                        double dy = kp.get(3 * p + 1).asDouble() - my;
                        sum[p] += (dx * dx + dy * dy) / area;
                    }
                }
                degrees[p] += 2.0 * (m - 1);
                objectCount[p]++;
                clickCount[p] += m;
            }
        }
        double[] sigmas = new double[k];
        List<String> missing = new ArrayList<>();
        for (int p = 0; p < k; p++) {
            if (degrees[p] == 0) {
                missing.add(parts.get(p));
            } else {
                sigmas[p] = Math.sqrt(sum[p] / degrees[p]);
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidDatasetException(name + ": no object has two or more labelled clicks of " + missing
                    + "; sigmas need each object annotated at least twice (same image and category, or the same"
                    + " instance_id)");
        }
        return new Result(List.copyOf(parts), sigmas, objectCount, clickCount);
    }
}
