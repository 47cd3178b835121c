package io.framewise.trainer.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A COCO instances file as training needs it: categories in id order (the model's class order) and, per
 * image, its file name, size and boxes. Crowd annotations and boxes without area are left out. Images with no
 * box stay in: they teach the detector what background looks like.
 */
public record CocoDataset(List<String> categories, List<Image> images) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One image: {@code boxes} holds {@code x, y, w, h} per box in image pixels, {@code classes} the class index per box. */
    public record Image(long id, String fileName, int width, int height, float[] boxes, int[] classes) {
    }

    public int size() {
        return images.size();
    }

    public static CocoDataset read(InputStream in, String name) throws IOException {
        JsonNode root;
        try (JsonParser parser = JSON.getFactory().createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidDatasetException(name + " is not a COCO instances file (no JSON object)");
            }
            root = JSON.readTree(parser);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidDatasetException(name + " is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode cats = root.path("categories");
        JsonNode imgs = root.path("images");
        if (!cats.isArray() || cats.isEmpty()) {
            throw new InvalidDatasetException(name + " has no categories");
        }
        if (!imgs.isArray() || imgs.isEmpty()) {
            throw new InvalidDatasetException(name + " has no images");
        }
        TreeMap<Long, String> byId = new TreeMap<>();
        for (JsonNode c : cats) {
            byId.put(c.path("id").asLong(), c.path("name").asText());
        }
        Map<Long, Integer> classOf = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        byId.forEach((id, n) -> {
            classOf.put(id, names.size());
            names.add(n);
        });
        Map<Long, List<float[]>> boxesOf = new LinkedHashMap<>();
        for (JsonNode a : root.path("annotations")) {
            if (a.path("iscrowd").asInt(0) != 0) {
                continue;
            }
            Integer cls = classOf.get(a.path("category_id").asLong());
            JsonNode b = a.path("bbox");
            if (cls == null) {
                throw new InvalidDatasetException(name + ": annotation " + a.path("id").asText()
                        + " names category " + a.path("category_id").asText() + ", which is not in 'categories'");
            }
            if (!b.isArray() || b.size() != 4 || b.get(2).asDouble() <= 0 || b.get(3).asDouble() <= 0) {
                continue;
            }
            boxesOf.computeIfAbsent(a.path("image_id").asLong(), k -> new ArrayList<>()).add(new float[] {
                (float) b.get(0).asDouble(), (float) b.get(1).asDouble(), (float) b.get(2).asDouble(),
                (float) b.get(3).asDouble(), cls});
        }
        List<Image> images = new ArrayList<>();
        for (JsonNode i : imgs) {
            long id = i.path("id").asLong();
            String file = i.path("file_name").asText(null);
            if (file == null || file.isBlank()) {
                throw new InvalidDatasetException(name + ": image " + id + " has no file_name");
            }
            List<float[]> list = boxesOf.getOrDefault(id, List.of());
            float[] boxes = new float[4 * list.size()];
            int[] classes = new int[list.size()];
            for (int k = 0; k < list.size(); k++) {
                System.arraycopy(list.get(k), 0, boxes, 4 * k, 4);
                classes[k] = (int) list.get(k)[4];
            }
            images.add(new Image(id, file, i.path("width").asInt(0), i.path("height").asInt(0), boxes, classes));
        }
        return new CocoDataset(List.copyOf(names), List.copyOf(images));
    }
}
