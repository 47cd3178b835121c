package io.framewise.datasetsynthesizer.core;

import io.framewise.common.image.ImageDecoding;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decodes backgrounds and templates, refusing image bombs: the declared dimensions are read from the header
 * before any pixel is decoded. Every failure is an {@link IllegalArgumentException} naming the image.
 *
 * <p>Templates without an alpha channel are accepted and treated as fully opaque (a rectangle is pasted),
 * with a warning logged and {@link NamedImage#alphaMissing()} set, so a user sees why samples look boxy
 * rather than having the whole request refused.
 */
public final class ImageLoader {

    /** 50 megapixels: far above any sensible background, far below what exhausts a service's heap. */
    public static final long DEFAULT_MAX_PIXELS = ImageDecoding.DEFAULT_MAX_PIXELS;

    private static final System.Logger LOG = System.getLogger(ImageLoader.class.getName());

    private final long maxPixels;

    public ImageLoader(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    public ImageLoader() {
        this(DEFAULT_MAX_PIXELS);
    }

    public NamedImage background(Path file) {
        return background(file.getFileName().toString(), read(file));
    }

    public NamedImage template(Path file) {
        return template(file.getFileName().toString(), read(file));
    }

    public NamedImage background(String name, byte[] bytes) {
        BufferedImage image = decode(name, bytes);
        return new NamedImage(name, RgbaImage.from(image), !image.getColorModel().hasAlpha());
    }

    public NamedImage template(String name, byte[] bytes) {
        BufferedImage image = decode(name, bytes);
        boolean alphaMissing = !image.getColorModel().hasAlpha();
        if (alphaMissing) {
            LOG.log(System.Logger.Level.WARNING,
                    "template {0} has no alpha channel; it is pasted as an opaque rectangle", name);
        }
        return new NamedImage(name, RgbaImage.from(image), alphaMissing);
    }

    private BufferedImage decode(String name, byte[] bytes) {
        return ImageDecoding.decode(name, bytes, maxPixels);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + file, e);
        }
    }
}
