package io.framewise.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What it takes to rebuild a trained model: its family, the family's model settings (backbone, width, input
 * size...) and the category names in output order. Saved as {@code model.json} beside every checkpoint's
 * weights, so the evaluator and the video-annotator can load any checkpoint without the training request.
 */
public record ModelSpec(String family, Map<String, String> settings, List<String> categories) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelSpec {
        settings = Map.copyOf(settings);
        categories = List.copyOf(categories);
    }

    /**
     * Checks that this spec is of {@code expected} family and that every setting is one {@code known} to it; the
     * error names the family, or the unknown setting and the known ones.
     */
    public void check(String expected, java.util.Set<String> known) {
        if (!expected.equals(family)) {
            throw new IllegalArgumentException("not a " + expected + " model: " + family);
        }
        for (String name : settings.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown model setting '" + name + "' for " + expected + "; known: "
                        + new java.util.TreeSet<>(known));
            }
        }
    }

    public String setting(String name, String fallback) {
        return settings.getOrDefault(name, fallback);
    }

    public int intSetting(String name, int fallback) {
        String value = settings.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model setting '" + name + "' must be a whole number, was '" + value + "'");
        }
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("family", family);
        ObjectNode s = root.putObject("settings");
        new java.util.TreeMap<>(settings).forEach(s::put);
        categories.forEach(root.putArray("categories")::add);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ModelSpec fromJson(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("model.json is not JSON: " + e.getMessage());
        }
        if (root == null || !root.path("family").isTextual()) {
            throw new IllegalArgumentException("model.json has no 'family'");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("settings").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            settings.put(e.getKey(), e.getValue().asText());
        }
        List<String> categories = new ArrayList<>();
        root.path("categories").forEach(c -> categories.add(c.asText()));
        return new ModelSpec(root.get("family").asText(), settings, categories);
    }
}
