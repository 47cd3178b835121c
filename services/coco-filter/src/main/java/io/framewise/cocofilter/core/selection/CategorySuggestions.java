package io.framewise.cocofilter.core.selection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The existing category names closest to a mistyped one, by edit distance (Levenshtein, ignoring case so
 * "Person" points at "person" first).
 */
public final class CategorySuggestions {

    static final int LIMIT = 3;

    private CategorySuggestions() {
    }

    /** @return up to three names, closest first; ties keep the input's category order */
    public static List<String> closest(String unknown, List<String> existing) {
        record Scored(String name, int distance, int order) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String name : existing) {
            if (scored.stream().noneMatch(s -> s.name().equals(name))) {
                scored.add(new Scored(name, distance(unknown, name), scored.size()));
            }
        }
        return scored.stream()
                .sorted(Comparator.comparingInt(Scored::distance).thenComparingInt(Scored::order))
                .limit(LIMIT)
                .map(Scored::name)
                .toList();
    }

    static int distance(String a, String b) {
        String s = a.toLowerCase(Locale.ROOT);
        String t = b.toLowerCase(Locale.ROOT);
        int[] previous = new int[t.length() + 1];
        int[] current = new int[t.length() + 1];
        for (int j = 0; j <= t.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= s.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= t.length(); j++) {
                int substitution = previous[j - 1] + (s.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[t.length()];
    }
}
