package io.framewise.cli;

import io.framewise.cocofilter.core.BalanceMode;
import io.framewise.cocofilter.core.CocoFilter;
import io.framewise.cocofilter.core.FilterResult;
import io.framewise.cocofilter.core.FilterSpec;
import io.framewise.cocofilter.core.MaskMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "filter-file", mixinStandardHelpOptions = true,
        header = "Offline: filter a local COCO instances file.",
        description = {"Offline: filter a COCO instances file to some categories (no broker or store).",
            "Keeps the annotations of the named categories and the images holding them, renumbers the kept",
            "categories 1..N in the file's own category order (as coco-manager's filter.py does), and can",
            "balance the classes. Streams the input, so files of any size work. Prints a JSON summary",
            "(images, annotations, per-category counts before and after) on its last line.",
            "  --balance require-all  keep only images that hold every named category",
            "  --balance keep-rarest  keep only images holding the rarest named category (it keeps all its",
            "                         instances; frequent classes shrink)",
            "Example: framewise filter-file --input instances_train2014.json --output people.json \\",
            "           --categories person \"sports ball\" --balance keep-rarest"})
final class FilterFileCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "IN.json", description = "COCO instances JSON.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "OUT.json", description = "Where the filtered file goes (written atomically).")
    Path output;

    @Option(names = "--categories", required = true, arity = "1..*", paramLabel = "NAME", description = "Category names to keep.")
    List<String> categories;

    @Option(names = "--balance", paramLabel = "MODE", description = "require-all or keep-rarest (default: no balancing).")
    String balance;

    @Option(names = "--masks", paramLabel = "DIR", description = "Also write one mask PNG per kept image into DIR.")
    Path masks;

    @Option(names = "--mask-values", defaultValue = "instance-ids", paramLabel = "KIND",
            description = "Mask pixel values: instance-ids or category-ids (default: ${DEFAULT-VALUE}).")
    String maskValues;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(input)) {
            throw new IllegalArgumentException("no such file: " + input);
        }
        FilterSpec spec = FilterSpec.of(categories).withBalance(balanceMode(balance));
        if (masks != null) {
            spec = spec.withMasks(masks, switch (maskValues) {
                case "instance-ids" -> MaskMode.INSTANCE_IDS;
                case "category-ids" -> MaskMode.CATEGORY_IDS;
                default -> throw new IllegalArgumentException("--mask-values is instance-ids or category-ids, not '" + maskValues + "'");
            });
        }
        FilterResult result = CocoFilter.run(input, output, spec);
        result.warnings().forEach(w -> System.err.println("warning: " + w));
        System.out.println(result.toJson());
        return 0;
    }

    static BalanceMode balanceMode(String name) {
        if (name == null || name.equals("none")) {
            return BalanceMode.NONE;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "require-all" -> BalanceMode.REQUIRE_ALL;
            case "keep-rarest" -> BalanceMode.KEEP_RAREST;
            default -> throw new IllegalArgumentException("--balance is require-all or keep-rarest, not '" + name + "'");
        };
    }
}
