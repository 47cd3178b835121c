package io.framewise.datasetsynthesizer.core;

import java.util.List;

/**
 * A template's category is the folder it was dropped in ({@code skater/front.png} is a "skater"); a
 * template outside any folder is its own category, named after the file without its extension.
 */
public final class TemplateCategory {

    private TemplateCategory() {
    }

    public static String of(String templateName) {
        String name = templateName.replace('\\', '/');
        int slash = name.lastIndexOf('/');
        if (slash > 0) {
            String folder = name.substring(0, slash);
            return folder.substring(folder.lastIndexOf('/') + 1);
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The distinct categories of the inputs' templates, sorted, so category ids are stable. */
    public static List<String> all(SynthesisInputs inputs) {
        return inputs.templates().stream().map(t -> of(t.name())).distinct().sorted().toList();
    }
}
