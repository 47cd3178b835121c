package io.framewise.cocofilter.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to keep: category names (matched exactly, as coco-manager does), how to balance the kept images, and
 * optionally where to render masks.
 *
 * @param categories category names, at least one; repeated names count once
 * @param balance image selection rule, {@link BalanceMode#NONE} when null
 * @param masks mask rendering options, or null for no masks
 */
public record FilterSpec(List<String> categories, BalanceMode balance, MaskOptions masks) {

    public FilterSpec {
        Objects.requireNonNull(categories, "categories");
        categories = List.copyOf(categories);
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("at least one category name is required");
        }
        balance = balance == null ? BalanceMode.NONE : balance;
    }

    public static FilterSpec of(List<String> categories) {
        return new FilterSpec(categories, BalanceMode.NONE, null);
    }

    public static FilterSpec of(String... categories) {
        return of(List.of(categories));
    }

    public FilterSpec withBalance(BalanceMode mode) {
        return new FilterSpec(categories, mode, masks);
    }

    public FilterSpec withMasks(Path directory, MaskMode mode) {
        return new FilterSpec(categories, balance, new MaskOptions(directory, mode));
    }

    public Optional<MaskOptions> maskOptions() {
        return Optional.ofNullable(masks);
    }
}
