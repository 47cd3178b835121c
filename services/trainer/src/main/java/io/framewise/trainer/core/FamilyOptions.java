package io.framewise.trainer.core;

import java.util.Locale;
import java.util.Map;

/** A family's options (strings from a training request) read as numbers within a range, with errors that name them. */
public final class FamilyOptions {

    private FamilyOptions() {
    }

    /** The option as a number within {@code [min, max]}. */
    public static double number(Map<String, String> options, String key, double min, double max) {
        String text = options.get(key).trim();
        double d;
        try {
            d = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option '" + key + "' must be a number, was '" + text + "'");
        }
        if (!(d >= min && d <= max)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "option '%s' must be within [%s, %s], was %s",
                    key, min, max, text));
        }
        return d;
    }

    /** The option as a whole number within {@code [min, max]}. */
    public static int whole(Map<String, String> options, String key, int min, int max) {
        double d = number(options, key, min, max);
        if (d != Math.rint(d)) {
            throw new IllegalArgumentException("option '" + key + "' must be a whole number, was " + options.get(key));
        }
        return (int) d;
    }
}
