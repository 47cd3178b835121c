package io.framewise.datasetsynthesizer.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes a detection dataset: {@code images/<index>.png} and, on close, {@code instances.json} in COCO
 * instances format (images with file_name relative to the dataset root, annotations with bbox [x, y, w, h],
 * area and iscrowd 0, categories numbered from 1 in the given order). Image and annotation entries are
 * spooled to part files as they come and streamed into the JSON at the end, so memory stays bounded.
 */
public final class CocoDirectorySink implements DetectionSink, AutoCloseable {

    public static final String INSTANCES = "instances.json";

    /** Text before the first image entry of {@link #INSTANCES}. */
    public static final String DOCUMENT_START = "{\"images\":[";
    /** Text between the image entries and the annotation entries. */
    public static final String DOCUMENT_MIDDLE = "],\n\"annotations\":[";
    /** Text between two entries of an array. */
    public static final String ENTRY_SEPARATOR = ",\n";

    private final Path root;
    private final List<String> categories;
    private final Spool images;
    private final Spool annotations;
    private long nextAnnotationId = 1;

    public CocoDirectorySink(Path root, List<String> categories) {
        this.root = root;
        this.categories = List.copyOf(categories);
        try {
            Files.createDirectories(root.resolve("images"));
            images = new Spool(root.resolve("images.part"));
            annotations = new Spool(root.resolve("annotations.part"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create dataset directory " + root, e);
        }
    }

    @Override
    public void accept(DetectionSample sample) {
        String file = "images/" + sample.index() + ".png";
        try {
            ImageIO.write(sample.image().toRgbImage(), "png", root.resolve(file).toFile());
            images.add(imageEntry(sample.index(), file, sample.image().width(), sample.image().height()));
            for (DetectionInstance instance : sample.instances()) {
                annotations.add(annotation(sample.index(), instance));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write detection image " + file, e);
        }
    }

    private String annotation(int imageId, DetectionInstance instance) {
        return annotationEntry(nextAnnotationId++, imageId, categoryId(categories, instance), instance.box(),
                instance.area());
    }

    /** The COCO category id of an instance: its category's position in {@code categories}, from 1. */
    public static int categoryId(List<String> categories, DetectionInstance instance) {
        int category = categories.indexOf(instance.category()) + 1;
        if (category == 0) {
            throw new IllegalArgumentException("template category " + instance.category() + " not in " + categories);
        }
        return category;
    }

    /** One entry of the {@code images} array. */
    public static String imageEntry(int id, String fileName, int width, int height) {
        return String.format(Locale.ROOT, "{\"id\":%d,\"file_name\":\"%s\",\"width\":%d,\"height\":%d}",
                id, fileName, width, height);
    }

    /** One entry of the {@code annotations} array. */
    public static String annotationEntry(long id, int imageId, int categoryId, Box b, long area) {
        return String.format(Locale.ROOT, "{\"id\":%d,\"image_id\":%d,\"category_id\":%d,\"bbox\":[%d,%d,%d,%d],"
                        + "\"area\":%d,\"iscrowd\":0}", id, imageId, categoryId, b.x0(), b.y0(),
                b.width(), b.height(), area);
    }

    /** Text after the last annotation entry: the categories, numbered from 1 in the given order. */
    public static String documentEnd(List<String> categories) throws JsonProcessingException {
        return "],\n\"categories\":" + categoriesJson(categories) + "}\n";
    }

    @Override
    public void close() {
        try (Writer out = Files.newBufferedWriter(root.resolve(INSTANCES), StandardCharsets.UTF_8)) {
            out.write(DOCUMENT_START);
            images.drainInto(out);
            out.write(DOCUMENT_MIDDLE);
            annotations.drainInto(out);
            out.write(documentEnd(categories));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + INSTANCES + " in " + root, e);
        }
    }

    private static String categoriesJson(List<String> categories) throws JsonProcessingException {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            entries.add(Map.of("id", i + 1, "name", categories.get(i), "supercategory", categories.get(i)));
        }
        return new ObjectMapper().writeValueAsString(entries);
    }

    /** Comma-separated JSON entries on disk, streamed out (and deleted) at the end. */
    private static final class Spool {
        private final Path file;
        private final BufferedWriter writer;
        private boolean empty = true;

        Spool(Path file) throws IOException {
            this.file = file;
            this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        }

        void add(String entry) throws IOException {
            writer.write(empty ? entry : ENTRY_SEPARATOR + entry);
            empty = false;
        }

        void drainInto(Writer out) throws IOException {
            writer.close();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                in.transferTo(out);
            }
            Files.delete(file);
        }
    }
}
