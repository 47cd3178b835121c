package io.framewise.evaluator.core;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's sibling {@code shared} folder, where the conformance vectors live. */
public final class SharedFiles {

    private SharedFiles() {
    }

    /**
     * {@code ../../../shared} from the module directory (surefire's working directory), unless the system
     * property {@code framewise.shared} names the folder.
     */
    public static Path shared() {
        String configured = System.getProperty("framewise.shared");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of("../../../shared");
    }

    public static Path cocoEvalVector() {
        Path folder = shared().resolve("conformance/coco-eval");
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("conformance vector not found at " + folder.toAbsolutePath()
                    + "; set -Dframewise.shared=/path/to/shared");
        }
        return folder;
    }
}
