package io.framewise.cocofilter.core.masks;

import com.fasterxml.jackson.core.JsonParser;
import io.framewise.cocofilter.core.MaskMode;
import io.framewise.cocofilter.core.MaskOptions;
import io.framewise.cocofilter.core.MaskSummary;
import io.framewise.cocofilter.core.Warnings;
import io.framewise.cocofilter.core.index.AnnotationTable;
import io.framewise.cocofilter.core.index.CocoIndex;
import io.framewise.cocofilter.core.index.ImageTable;
import io.framewise.cocofilter.core.json.SliceReader;
import io.framewise.cocofilter.core.selection.Selection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders one grayscale PNG per kept image, named {@code <image id>.png}: 0 is background, a painted pixel
 * holds the instance's position among the image's kept annotations (1..k, output order) or its new category
 * id, per {@link MaskMode}. Instances are painted in output order, so where they overlap the later one wins.
 * Crowd regions are painted like any instance; an annotation without a usable segmentation is skipped (its
 * bbox is not drawn), with a warning.
 *
 * <p>The PNGs are 8-bit when every value the run can produce fits in 255 (the kept category count, or the
 * largest number of kept instances on one image), else 16-bit: one depth for a whole run, so every mask of a
 * data set reads the same way.
 */
public final class MaskRenderer {

    private final CocoIndex index;
    private final Selection selection;
    private final MaskOptions options;
    private final Warnings warnings;
    private final int bitDepth;

    private MaskRenderer(CocoIndex index, Selection selection, MaskOptions options, Warnings warnings) {
        this.index = index;
        this.selection = selection;
        this.options = options;
        this.warnings = warnings;
        this.bitDepth = bitDepth(options.mode() == MaskMode.INSTANCE_IDS
                ? selection.maxInstancesPerImage() : selection.categories().keptCount());
    }

    /**
     * @param target the folder the PNGs are written to (the caller moves them to options.directory())
     */
    public static MaskSummary render(CocoIndex index, Selection selection, MaskOptions options, Path target,
                                     Warnings warnings) throws IOException {
        return new MaskRenderer(index, selection, options, warnings).renderAll(target);
    }

    public static String fileName(long imageId) {
        return imageId + ".png";
    }

    static int bitDepth(long largestValue) {
        if (largestValue > 0xFFFF) {
            throw new IllegalArgumentException("a mask value of " + largestValue + " does not fit in 16 bits");
        }
        return largestValue <= 0xFF ? 8 : 16;
    }

    private MaskSummary renderAll(Path target) throws IOException {
        int[] order = selection.annotationOrder();
        AnnotationTable annotations = index.annotations();
        int written = 0;
        try (SliceReader slices = new SliceReader(index.file())) {
            int start = 0;
            while (start < order.length) {
                int image = annotations.imageIndex(order[start]);
                int end = start;
                while (end < order.length && annotations.imageIndex(order[end]) == image) {
                    end++;
                }
                written += renderImage(slices, image, start, end, target) ? 1 : 0;
                start = end;
            }
        }
        return new MaskSummary(options.directory(), options.mode(), bitDepth, written);
    }

    /** Paints the annotations at positions [start, end) of the output order, all on one image. */
    private boolean renderImage(SliceReader slices, int image, int start, int end, Path target) throws IOException {
        ImageTable images = index.images();
        long id = images.id(image);
        if (images.width(image) < 0 || images.height(image) < 0) {
            warnings.add("mask skipped", "image " + id + " has no positive integer width and height; no mask");
            return false;
        }
        MaskCanvas canvas = new MaskCanvas(images.width(image), images.height(image), bitDepth);
        for (int i = start; i < end; i++) {
            int annotation = selection.annotationOrder()[i];
            int value = options.mode() == MaskMode.INSTANCE_IDS ? i - start + 1
                    : selection.categories().newId(index.annotations().categoryIndex(annotation));
            paint(slices, canvas, image, annotation, value);
        }
        canvas.writePng(target.resolve(fileName(id)));
        return true;
    }

    private void paint(SliceReader slices, MaskCanvas canvas, int image, int annotation, int value)
            throws IOException {
        Segmentation segmentation;
        try (JsonParser p = slices.open(index.annotations().range(annotation))) {
            segmentation = Segmentation.read(p);
        }
        int height = index.images().height(image);
        int width = index.images().width(image);
        try {
            List<Rle> rles = segmentation.toRles(height, width);
            for (Rle rle : rles) {
                if (rle.height() != height || rle.width() != width) {
                    throw new IllegalArgumentException("RLE size " + rle.height() + "x" + rle.width()
                            + " is not the image's " + height + "x" + width);
                }
                canvas.paint(rle, value);
            }
        } catch (IllegalArgumentException e) {
            warnings.add("annotation not drawn", "annotation at byte " + index.annotations().range(annotation).start()
                    + " (image " + index.images().id(image) + ") is not drawn in its mask: " + e.getMessage());
        }
    }
}
