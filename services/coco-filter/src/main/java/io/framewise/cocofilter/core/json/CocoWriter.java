package io.framewise.cocofilter.core.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.framewise.cocofilter.core.KeptImage;
import io.framewise.cocofilter.core.index.ByteRange;
import io.framewise.cocofilter.core.index.CategoryEntry;
import io.framewise.cocofilter.core.index.CocoIndex;
import io.framewise.cocofilter.core.selection.CategorySelection;
import io.framewise.cocofilter.core.selection.Selection;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The second pass: writes the filtered file, one indexed value at a time, in coco-manager's key order
 * (info, licenses, images, annotations, categories). Values are copied token by token; only an
 * annotation's {@code category_id} and a category's {@code id} are rewritten.
 */
public final class CocoWriter {

    private final CocoIndex index;
    private final Selection selection;
    private final SliceReader slices;
    private final JsonGenerator g;

    private CocoWriter(CocoIndex index, Selection selection, SliceReader slices, JsonGenerator g) {
        this.index = index;
        this.selection = selection;
        this.slices = slices;
        this.g = g;
    }

    /** @return the written images, in output order */
    public static List<KeptImage> write(CocoIndex index, Selection selection, Path target) throws IOException {
        try (SliceReader slices = new SliceReader(index.file());
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16);
             JsonGenerator g = CocoJson.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            return new CocoWriter(index, selection, slices, g).writeFile();
        } catch (JsonProcessingException e) {
            // The first pass read the whole file without error, so the file must have changed since.
            throw new IOException(index.file() + " changed while it was being filtered: " + e.getOriginalMessage(), e);
        }
    }

    private List<KeptImage> writeFile() throws IOException {
        g.writeStartObject();
        if (index.info() != null) {
            copyTopLevel("info", index.info());
        }
        if (index.licenses() != null) {
            copyTopLevel("licenses", index.licenses());
        }
        List<KeptImage> kept = writeImages();
        writeAnnotations();
        writeCategories();
        g.writeEndObject();
        return kept;
    }

    private void copyTopLevel(String name, ByteRange range) throws IOException {
        g.writeFieldName(name);
        try (JsonParser p = slices.open(range)) {
            TokenCopier.copyValue(p, g);
        }
    }

    private List<KeptImage> writeImages() throws IOException {
        List<KeptImage> kept = new ArrayList<>(selection.imageOrder().length);
        g.writeArrayFieldStart("images");
        for (int image : selection.imageOrder()) {
            try (JsonParser p = slices.open(index.images().range(image))) {
                String fileName = TokenCopier.copyObjectReplacing(p, g, null, 0, "file_name");
                kept.add(new KeptImage(index.images().id(image), fileName));
            }
        }
        g.writeEndArray();
        return kept;
    }

    private void writeAnnotations() throws IOException {
        CategorySelection categories = selection.categories();
        g.writeArrayFieldStart("annotations");
        for (int a : selection.annotationOrder()) {
            int newId = categories.newId(index.annotations().categoryIndex(a));
            try (JsonParser p = slices.open(index.annotations().range(a))) {
                TokenCopier.copyObjectReplacing(p, g, "category_id", newId, null);
            }
        }
        g.writeEndArray();
    }

    private void writeCategories() throws IOException {
        CategorySelection categories = selection.categories();
        g.writeArrayFieldStart("categories");
        for (int c = 0; c < index.categories().size(); c++) {
            if (categories.newId(c) == 0) {
                continue;
            }
            CategoryEntry category = index.categories().get(c);
            try (JsonParser p = slices.open(category.range())) {
                TokenCopier.copyObjectReplacing(p, g, "id", categories.newId(c), null);
            }
        }
        g.writeEndArray();
    }
}
