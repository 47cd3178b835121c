package io.framewise.cocofilter.core.selection;

import io.framewise.cocofilter.core.FilterSpec;
import io.framewise.cocofilter.core.index.AnnotationTable;
import io.framewise.cocofilter.core.index.CocoIndex;
import io.framewise.cocofilter.core.index.ImageTable;
import io.framewise.cocofilter.core.index.IntColumn;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Decides, from the index alone, what the output holds and in which order.
 *
 * <p>The order is coco-manager's. Annotations: grouped by image, the groups in the order in which each image
 * id first appears in the input's annotations (kept or not), input order within a group; their ids are not
 * changed. Images: the iteration order of the Python set coco-manager collects their ids in (see
 * {@link CPythonSetOrder}), the ids being added in the annotations' output order.
 */
public final class SelectionPlanner {

    private SelectionPlanner() {
    }

    public static Selection plan(CocoIndex index, FilterSpec spec) {
        CategorySelection categories = CategorySelection.resolve(index.categories(), spec.categories());
        AnnotationTable annotations = index.annotations();
        int[] candidates = candidates(annotations, categories);
        int[] candidateImages = new int[candidates.length];
        int[] candidateSlots = new int[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            candidateImages[i] = annotations.imageIndex(candidates[i]);
            candidateSlots[i] = categories.slot(annotations.categoryIndex(candidates[i]));
        }
        Balance.Outcome outcome = Balance.choose(spec.balance(), candidateImages, candidateSlots, categories);
        int[] annotationOrder = annotationOrder(annotations, candidates, candidateImages, outcome.images());
        int[] groupStarts = groupStarts(annotations, annotationOrder);
        int[] imageOrder = imageOrder(index.images(), annotations, annotationOrder, groupStarts);
        String rarest = outcome.rarestSlot() < 0 ? null : categories.names().get(outcome.rarestSlot());
        return new Selection(categories, annotationOrder, imageOrder, rarest,
                CategoryTally.stats(index.categories(), categories, annotations, annotationOrder),
                largestGroup(groupStarts, annotationOrder.length));
    }

    /** Annotations of a requested category on an image that exists. */
    private static int[] candidates(AnnotationTable annotations, CategorySelection categories) {
        IntColumn found = new IntColumn();
        for (int a = 0; a < annotations.size(); a++) {
            if (annotations.imageIndex(a) >= 0 && categories.slot(annotations.categoryIndex(a)) >= 0) {
                found.add(a);
            }
        }
        int[] out = new int[found.size()];
        Arrays.setAll(out, found::get);
        return out;
    }

    /** A stable sort by group rank, done as one sort of (rank, annotation index) pairs. */
    private static int[] annotationOrder(AnnotationTable annotations, int[] candidates, int[] candidateImages,
                                         BitSet keptImages) {
        long[] keys = new long[candidates.length];
        int n = 0;
        for (int i = 0; i < candidates.length; i++) {
            if (keptImages.get(candidateImages[i])) {
                keys[n++] = ((long) annotations.groupRank(candidateImages[i]) << 32) | candidates[i];
            }
        }
        Arrays.sort(keys, 0, n);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    /** Positions in the annotation order where a new image's group starts. */
    private static int[] groupStarts(AnnotationTable annotations, int[] annotationOrder) {
        IntColumn starts = new IntColumn();
        for (int i = 0; i < annotationOrder.length; i++) {
            if (i == 0 || annotations.imageIndex(annotationOrder[i]) != annotations.imageIndex(annotationOrder[i - 1])) {
                starts.add(i);
            }
        }
        int[] out = new int[starts.size()];
        Arrays.setAll(out, starts::get);
        return out;
    }

    private static int[] imageOrder(ImageTable images, AnnotationTable annotations, int[] annotationOrder,
                                    int[] groupStarts) {
        int[] added = new int[groupStarts.length];
        long[] ids = new long[groupStarts.length];
        for (int g = 0; g < groupStarts.length; g++) {
            added[g] = annotations.imageIndex(annotationOrder[groupStarts[g]]);
            ids[g] = images.id(added[g]);
        }
        int[] setOrder = CPythonSetOrder.iterationOrder(ids);
        int[] order = new int[setOrder.length];
        for (int i = 0; i < setOrder.length; i++) {
            order[i] = added[setOrder[i]];
        }
        return order;
    }

    private static int largestGroup(int[] groupStarts, int total) {
        int largest = 0;
        for (int g = 0; g < groupStarts.length; g++) {
            int end = g + 1 < groupStarts.length ? groupStarts[g + 1] : total;
            largest = Math.max(largest, end - groupStarts[g]);
        }
        return largest;
    }
}
