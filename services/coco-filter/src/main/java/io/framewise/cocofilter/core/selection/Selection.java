package io.framewise.cocofilter.core.selection;

import io.framewise.cocofilter.core.CategoryStats;
import java.util.List;

/**
 * What the output holds and in which order. The arrays are shared, not copied: a Selection is handed from
 * the planner to the writer and the mask renderer, nothing else.
 *
 * @param annotationOrder annotation indexes in output order
 * @param imageOrder image indexes in output order
 * @param rarestCategory the name KEEP_RAREST chose images by, else null
 * @param maxInstancesPerImage the largest number of kept annotations on one image
 */
public record Selection(CategorySelection categories, int[] annotationOrder, int[] imageOrder,
                        String rarestCategory, List<CategoryStats> stats, int maxInstancesPerImage) {
}
