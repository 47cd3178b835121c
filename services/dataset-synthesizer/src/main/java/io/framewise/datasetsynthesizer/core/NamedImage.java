package io.framewise.datasetsynthesizer.core;

/**
 * A decoded input image and the name it came under (a file name or store key).
 *
 * @param alphaMissing the file had no alpha channel; as a template it is treated as fully opaque
 */
public record NamedImage(String name, RgbaImage image, boolean alphaMissing) {
}
