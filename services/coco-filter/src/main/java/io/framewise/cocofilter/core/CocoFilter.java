package io.framewise.cocofilter.core;

import io.framewise.cocofilter.core.index.CocoIndex;
import io.framewise.cocofilter.core.index.CocoIndexer;
import io.framewise.cocofilter.core.json.CocoWriter;
import io.framewise.cocofilter.core.masks.MaskRenderer;
import io.framewise.cocofilter.core.selection.Selection;
import io.framewise.cocofilter.core.selection.SelectionPlanner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Filters a COCO instances file down to some categories, with coco-manager's semantics (its filter.py):
 * the annotations of the requested categories are kept, the images that have at least one of them, the
 * kept categories renumbered 1..N in input order; info and licenses are copied; everything else in images,
 * annotations and categories passes through untouched. Optionally balances the images across the requested
 * categories and renders masks.
 *
 * <p>Heap use does not grow with the file, only with the number of entries (a few tens of bytes each): a
 * first pass indexes the file, a second copies the kept entries straight from it. The output is written to a
 * temporary file and renamed into place only on success.
 */
public final class CocoFilter {

    private CocoFilter() {
    }

    /**
     * @throws UnknownCategoryException when a requested name is not a category of the input
     * @throws CocoFormatException when the input is not valid JSON or lacks a required COCO field
     * @throws IOException when reading or writing fails
     */
    public static FilterResult run(Path input, Path output, FilterSpec spec) throws IOException {
        Warnings warnings = new Warnings();
        CocoIndex index = CocoIndexer.index(input, warnings);
        Selection selection = SelectionPlanner.plan(index, spec);
        warnAboutEmptyOutput(spec, selection, warnings);
        Path json = null;
        Path masks = null;
        try {
            json = OutputStaging.fileBeside(output);
            List<KeptImage> kept = CocoWriter.write(index, selection, json);
            MaskSummary maskSummary = null;
            if (spec.masks() != null) {
                masks = OutputStaging.directoryBeside(spec.masks().directory());
                maskSummary = MaskRenderer.render(index, selection, spec.masks(), masks, warnings);
                OutputStaging.publishDirectory(masks, spec.masks().directory());
            }
            OutputStaging.publishFile(json, output);
            return result(index, spec, selection, maskSummary, warnings, kept);
        } catch (IOException | RuntimeException e) {
            OutputStaging.discard(json, e);
            OutputStaging.discard(masks, e);
            throw e;
        }
    }

    private static void warnAboutEmptyOutput(FilterSpec spec, Selection selection, Warnings warnings) {
        if (selection.annotationOrder().length > 0) {
            return;
        }
        String why = spec.balance() == BalanceMode.REQUIRE_ALL
                ? "no image has an annotation of every requested category"
                : "no annotation of the requested categories refers to an image of the file";
        warnings.add("empty output", "the output has no images: " + why);
    }

    private static FilterResult result(CocoIndex index, FilterSpec spec, Selection selection, MaskSummary masks,
                                       Warnings warnings, List<KeptImage> kept) {
        return new FilterResult(
                new Counts(index.imageEntries(), selection.imageOrder().length),
                new Counts(index.annotations().size(), selection.annotationOrder().length),
                spec.balance(), selection.rarestCategory(), selection.stats(), masks, warnings.messages(), kept);
    }
}
