package io.framewise.cocofilter.core.selection;

import io.framewise.cocofilter.core.UnknownCategoryException;
import io.framewise.cocofilter.core.index.CategoryEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The requested category names resolved against the input's categories, and the new ids.
 *
 * <p>As in coco-manager, a category is kept when its name is requested (every category with that name, if
 * several ids share it), and the kept categories get ids 1..N in the order of the input's categories list,
 * not in the order the names were requested: the id order then does not depend on how a user typed the
 * request.
 */
public final class CategorySelection {

    private final List<String> names;
    private final int[] slots;
    private final int[] newIds;
    private final int keptCount;

    private CategorySelection(List<String> names, int[] slots, int[] newIds, int keptCount) {
        this.names = names;
        this.slots = slots;
        this.newIds = newIds;
        this.keptCount = keptCount;
    }

    /** @throws UnknownCategoryException naming every requested name that no category has */
    public static CategorySelection resolve(List<CategoryEntry> categories, List<String> requested) {
        List<String> names = List.copyOf(new LinkedHashSet<>(requested));
        List<String> existing = categories.stream().map(CategoryEntry::name).filter(Objects::nonNull).toList();
        rejectUnknown(names, existing);
        int[] slots = new int[categories.size()];
        int[] newIds = new int[categories.size()];
        int next = 1;
        for (int c = 0; c < categories.size(); c++) {
            slots[c] = categories.get(c).name() == null ? -1 : names.indexOf(categories.get(c).name());
            newIds[c] = slots[c] >= 0 ? next++ : 0;
        }
        return new CategorySelection(names, slots, newIds, next - 1);
    }

    private static void rejectUnknown(List<String> names, List<String> existing) {
        Map<String, List<String>> unknown = new LinkedHashMap<>();
        for (String name : names) {
            if (!existing.contains(name)) {
                unknown.put(name, CategorySuggestions.closest(name, existing));
            }
        }
        if (!unknown.isEmpty()) {
            throw new UnknownCategoryException(unknown);
        }
    }

    /** The distinct requested names, in request order; a slot is an index in this list. */
    public List<String> names() {
        return names;
    }

    /** @return the slot of the category's name among the requested names, or -1 when it is not requested */
    public int slot(int category) {
        return category < 0 ? -1 : slots[category];
    }

    /** @return the category's id in the output, or 0 when it is dropped */
    public int newId(int category) {
        return newIds[category];
    }

    public int keptCount() {
        return keptCount;
    }

    /** The requested names in the order of their first category in the input. */
    public List<Integer> slotsInCategoryOrder() {
        List<Integer> order = new ArrayList<>();
        for (int slot : slots) {
            if (slot >= 0 && !order.contains(slot)) {
                order.add(slot);
            }
        }
        return order;
    }
}
