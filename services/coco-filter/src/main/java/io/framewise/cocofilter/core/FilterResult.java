package io.framewise.cocofilter.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What a run did.
 *
 * @param images entries of {@code images} in the input (duplicates included) and images written
 * @param annotations entries of {@code annotations} in the input and annotations written
 * @param rarestCategory with {@link BalanceMode#KEEP_RAREST}, the name the images were chosen by; else null
 * @param categories every input category (first entry of each id), in input order
 * @param masks the masks written, or null when none were asked for
 * @param keptImages the written images in output order; not part of {@link #toJson()}, which stays short
 */
public record FilterResult(Counts images, Counts annotations, BalanceMode balance, String rarestCategory,
                           List<CategoryStats> categories, MaskSummary masks, List<String> warnings,
                           List<KeptImage> keptImages) {

    private static final JsonFactory JSON = new JsonFactory();

    public FilterResult {
        categories = List.copyOf(categories);
        warnings = List.copyOf(warnings);
        keptImages = List.copyOf(keptImages);
    }

    /** The kept images' file names (entries without one are left out), for copying the image files. */
    public List<String> keptFileNames() {
        return keptImages.stream().map(KeptImage::fileName).filter(n -> n != null).toList();
    }

    /** The result as one line of JSON, kept images left out. */
    public String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            writeCounts(g, "images", images);
            writeCounts(g, "annotations", annotations);
            g.writeStringField("balance", balance.name());
            g.writeStringField("rarestCategory", rarestCategory);
            g.writeArrayFieldStart("categories");
            for (CategoryStats c : categories) {
                writeCategory(g, c);
            }
            g.writeEndArray();
            writeMasks(g);
            g.writeArrayFieldStart("warnings");
            for (String w : warnings) {
                g.writeString(w);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return out.toString();
    }

    private static void writeCounts(JsonGenerator g, String name, Counts c) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("before", c.before());
        g.writeNumberField("after", c.after());
        g.writeEndObject();
    }

    private static void writeCategory(JsonGenerator g, CategoryStats c) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", c.name());
        g.writeNumberField("originalId", c.originalId());
        g.writeFieldName("newId");
        if (c.newId() == null) {
            g.writeNull();
        } else {
            g.writeNumber(c.newId());
        }
        g.writeNumberField("instancesBefore", c.instancesBefore());
        g.writeNumberField("instancesAfter", c.instancesAfter());
        g.writeNumberField("imagesBefore", c.imagesBefore());
        g.writeNumberField("imagesAfter", c.imagesAfter());
        g.writeEndObject();
    }

    private void writeMasks(JsonGenerator g) throws IOException {
        g.writeFieldName("masks");
        if (masks == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("directory", masks.directory().toString());
        g.writeStringField("mode", masks.mode().name());
        g.writeNumberField("bitDepth", masks.bitDepth());
        g.writeNumberField("written", masks.written());
        g.writeEndObject();
    }
}
