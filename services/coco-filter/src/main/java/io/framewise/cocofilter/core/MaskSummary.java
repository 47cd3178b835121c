package io.framewise.cocofilter.core;

import java.nio.file.Path;

/**
 * The masks written by a run: one grayscale PNG per kept image, named {@code <image id>.png}.
 *
 * @param bitDepth 8 when every possible pixel value of the run fits in 255, else 16 (chosen once per run
 *                 so every mask of a data set reads the same way)
 */
public record MaskSummary(Path directory, MaskMode mode, int bitDepth, int written) {
}
