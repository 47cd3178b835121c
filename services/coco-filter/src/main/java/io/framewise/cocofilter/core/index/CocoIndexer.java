package io.framewise.cocofilter.core.index;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.framewise.cocofilter.core.CocoFormatException;
import io.framewise.cocofilter.core.Warnings;
import io.framewise.cocofilter.core.json.CocoJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The first pass: streams through a COCO file once and builds its {@link CocoIndex}. Every category is
 * read; of images and annotations only the ids, references, image sizes and byte ranges are kept. The whole
 * file is checked for JSON errors here, so the second pass never meets a surprise half-way through writing.
 */
public final class CocoIndexer {

    private final Path file;
    private final Warnings warnings;
    private final JsonParser p;
    private ByteRange info;
    private ByteRange licenses;
    private final List<CategoryEntry> categories = new ArrayList<>();
    private final Map<Long, Integer> categoryIndexById = new HashMap<>();
    private final ImageTable images = new ImageTable();
    private final AnnotationTable annotations = new AnnotationTable();
    private final Set<String> topLevelKeys = new HashSet<>();
    private long imageEntries;

    private CocoIndexer(Path file, Warnings warnings, JsonParser parser) {
        this.file = file;
        this.warnings = warnings;
        this.p = parser;
    }

    public static CocoIndex index(Path file, Warnings warnings) throws IOException {
        try (InputStream in = Files.newInputStream(file); JsonParser parser = CocoJson.FACTORY.createParser(in)) {
            return new CocoIndexer(file, warnings, parser).scan();
        } catch (JsonProcessingException e) {
            throw CocoFormatException.of(file, e);
        }
    }

    private CocoIndex scan() throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw error(p.currentLocation(), "the file is empty");
        }
        if (p.currentTokenLocation().getByteOffset() < 0) {
            throw error(p.currentTokenLocation(), "the file is not UTF-8 JSON");
        }
        if (first != JsonToken.START_OBJECT) {
            throw error(p.currentTokenLocation(), "a COCO file is a JSON object, found " + describe(first));
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            readTopLevel(p.currentName());
        }
        if (p.nextToken() != null) {
            throw error(p.currentTokenLocation(), "unexpected content after the top-level object");
        }
        requireArrays();
        annotations.resolve(images, categoryIndexById, warnings);
        return new CocoIndex(file, info, licenses, categories, images, annotations, imageEntries);
    }

    private void readTopLevel(String name) throws IOException {
        if (!topLevelKeys.add(name)) {
            throw error(p.currentTokenLocation(), "the top-level key \"" + name + "\" appears twice");
        }
        JsonToken value = p.nextToken();
        switch (name) {
            case "info" -> info = valueRange();
            case "licenses" -> licenses = valueRange();
            case "images" -> readArray(name, value, this::readImage);
            case "annotations" -> readArray(name, value, this::readAnnotation);
            case "categories" -> readArray(name, value, this::readCategory);
            default -> {
                // coco-manager writes only its five keys; we match its output rather than guess.
                warnings.add("dropped top-level key", "the top-level key \"" + name
                        + "\" is not written (the output has info, licenses, images, annotations, categories)");
                p.skipChildren();
            }
        }
    }

    private void requireArrays() throws CocoFormatException {
        for (String required : List.of("images", "annotations", "categories")) {
            if (!topLevelKeys.contains(required)) {
                throw error(null, "no \"" + required + "\" array: not a COCO instances file");
            }
        }
        for (String optional : List.of("info", "licenses")) {
            if (!topLevelKeys.contains(optional)) {
                warnings.add("missing " + optional, "the input has no \"" + optional + "\"; the output has none either");
            }
        }
    }

    private interface ElementReader {
        void read(int index) throws IOException;
    }

    private void readArray(String name, JsonToken value, ElementReader reader) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw error(p.currentTokenLocation(), "\"" + name + "\" must be an array, found " + describe(value));
        }
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), n++) {
            if (t != JsonToken.START_OBJECT) {
                throw error(p.currentTokenLocation(), name + "[" + n + "] must be an object, found " + describe(t));
            }
            reader.read(n);
        }
    }

    private void readImage(int n) throws IOException {
        JsonLocation start = p.currentTokenLocation();
        Long id = null;
        int width = -1;
        int height = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> id = integer(value, "images[" + n + "].id");
                case "width" -> width = dimension(value);
                case "height" -> height = dimension(value);
                default -> p.skipChildren();
            }
        }
        ByteRange range = rangeFrom(start);
        imageEntries++;
        if (id == null) {
            throw error(start, "images[" + n + "] has no \"id\"");
        }
        if (images.add(id, range, width, height) < 0) {
            warnings.add("duplicate image id", "images[" + n + "] repeats image id " + id
                    + "; the first entry is kept, as coco-manager does");
        }
    }

    private void readAnnotation(int n) throws IOException {
        JsonLocation start = p.currentTokenLocation();
        Long imageId = null;
        Long categoryId = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "image_id" -> imageId = integer(value, "annotations[" + n + "].image_id");
                case "category_id" -> categoryId = integer(value, "annotations[" + n + "].category_id");
                default -> p.skipChildren();
            }
        }
        ByteRange range = rangeFrom(start);
        if (imageId == null || categoryId == null) {
            throw error(start, "annotations[" + n + "] has no \"" + (imageId == null ? "image_id" : "category_id") + "\"");
        }
        annotations.add(imageId, categoryId, range);
    }

    private void readCategory(int n) throws IOException {
        JsonLocation start = p.currentTokenLocation();
        Long id = null;
        String name = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("id")) {
                id = integer(value, "categories[" + n + "].id");
            } else if (field.equals("name") && value == JsonToken.VALUE_STRING) {
                name = p.getText();
            } else {
                p.skipChildren();
            }
        }
        ByteRange range = rangeFrom(start);
        if (id == null) {
            throw error(start, "categories[" + n + "] has no \"id\"");
        }
        addCategory(n, new CategoryEntry(id, name, range));
    }

    private void addCategory(int n, CategoryEntry category) {
        Integer first = categoryIndexById.putIfAbsent(category.id(), categories.size());
        if (first != null) {
            warnings.add("duplicate category id", "categories[" + n + "] (\"" + category.name()
                    + "\") repeats category id " + category.id() + "; the first entry (\""
                    + categories.get(first).name() + "\") is kept, as coco-manager does");
            return;
        }
        categories.add(category);
        if (category.name() == null) {
            warnings.add("category without name", "categories[" + n + "] (id " + category.id()
                    + ") has no string \"name\"; it cannot be selected");
        }
    }

    private long integer(JsonToken value, String what) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw error(p.currentTokenLocation(), what + " must be an integer, found " + describe(value));
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw error(p.currentTokenLocation(), what + " does not fit in 64 bits: " + p.getText());
        }
        return p.getLongValue();
    }

    /** A width or height usable for a mask, else -1 (masks are then skipped for that image, with a warning). */
    private int dimension(JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            int v = p.getIntValue();
            return v > 0 ? v : -1;
        }
        p.skipChildren();
        return -1;
    }

    /** The range from {@code start} to the end of the value the parser has just finished. */
    private ByteRange rangeFrom(JsonLocation start) throws CocoFormatException {
        long length = p.currentLocation().getByteOffset() - start.getByteOffset();
        if (length > Integer.MAX_VALUE) {
            throw error(start, "a single entry larger than 2 GiB is not supported");
        }
        return new ByteRange(start.getByteOffset(), (int) length);
    }

    /** The range of the current value, whatever its type. */
    private ByteRange valueRange() throws IOException {
        JsonLocation start = p.currentTokenLocation();
        if (p.currentToken().isStructStart()) {
            p.skipChildren();
        } else {
            p.finishToken(); // strings are read lazily; the range must include the closing quote
        }
        return rangeFrom(start);
    }

    private String describe(JsonToken t) throws IOException {
        if (t == null) {
            return "the end of the file";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "the string \"" + abbreviated(p.getText()) + "\"";
            default -> p.getText();
        };
    }

    private static String abbreviated(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private CocoFormatException error(JsonLocation at, String problem) {
        return new CocoFormatException(file, at, problem);
    }
}
