package io.framewise.cocofilter.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the filter in a JVM of its own, so a test can give it a small heap:
 * {@code FilterMain INPUT OUTPUT [--balance MODE] [--masks DIR MODE] NAME...}. Prints the result as one JSON
 * line; exits 1 with the message on failure.
 */
public final class FilterMain {

    private FilterMain() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(CocoFilter.run(Path.of(args[0]), Path.of(args[1]), spec(args)).toJson());
        } catch (Exception e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    private static FilterSpec spec(String[] args) {
        List<String> names = new ArrayList<>();
        BalanceMode balance = BalanceMode.NONE;
        MaskOptions masks = null;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--balance" -> balance = BalanceMode.valueOf(args[++i]);
                case "--masks" -> {
                    masks = new MaskOptions(Path.of(args[i + 1]), MaskMode.valueOf(args[i + 2]));
                    i += 2;
                }
                default -> names.add(args[i]);
            }
        }
        return new FilterSpec(names, balance, masks);
    }
}
