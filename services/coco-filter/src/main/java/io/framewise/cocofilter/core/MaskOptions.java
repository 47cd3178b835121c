package io.framewise.cocofilter.core;

import java.nio.file.Path;
import java.util.Objects;

/** Where to write one mask PNG per kept image, and what its pixels mean. */
public record MaskOptions(Path directory, MaskMode mode) {
    public MaskOptions {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(mode, "mode");
    }
}
