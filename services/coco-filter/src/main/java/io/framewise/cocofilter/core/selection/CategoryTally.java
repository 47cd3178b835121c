package io.framewise.cocofilter.core.selection;

import io.framewise.cocofilter.core.CategoryStats;
import io.framewise.cocofilter.core.index.AnnotationTable;
import io.framewise.cocofilter.core.index.CategoryEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;

/** Per-category instance and image counts before and after filtering. */
final class CategoryTally {

    private final long[] instances;
    private final long[] images;

    private CategoryTally(int categoryCount) {
        instances = new long[categoryCount];
        images = new long[categoryCount];
    }

    static List<CategoryStats> stats(List<CategoryEntry> categories, CategorySelection selection,
                                     AnnotationTable annotations, int[] keptAnnotations) {
        CategoryTally before = tally(categories.size(), annotations, annotations.size(), i -> i);
        CategoryTally after = tally(categories.size(), annotations, keptAnnotations.length, i -> keptAnnotations[i]);
        List<CategoryStats> stats = new ArrayList<>();
        for (int c = 0; c < categories.size(); c++) {
            int newId = selection.newId(c);
            stats.add(new CategoryStats(categories.get(c).name(), categories.get(c).id(),
                    newId == 0 ? null : newId, before.instances[c], after.instances[c], before.images[c],
                    after.images[c]));
        }
        return stats;
    }

    /**
     * Counts instances of every known category, and distinct known images per category by sorting
     * (category, image) pairs: 8 bytes per annotation, whatever the number of categories.
     */
    private static CategoryTally tally(int categoryCount, AnnotationTable annotations, int count,
                                       IntUnaryOperator annotationAt) {
        CategoryTally tally = new CategoryTally(categoryCount);
        long[] pairs = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            int a = annotationAt.applyAsInt(i);
            int category = annotations.categoryIndex(a);
            if (category < 0) {
                continue;
            }
            tally.instances[category]++;
            if (annotations.imageIndex(a) >= 0) {
                pairs[n++] = ((long) category << 32) | annotations.imageIndex(a);
            }
        }
        Arrays.sort(pairs, 0, n);
        for (int i = 0; i < n; i++) {
            if (i == 0 || pairs[i] != pairs[i - 1]) {
                tally.images[(int) (pairs[i] >>> 32)]++;
            }
        }
        return tally;
    }
}
