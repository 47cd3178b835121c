package io.framewise.datasetsynthesizer.core;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

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
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

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
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new IllegalArgumentException("cannot decode image " + name + ": not a PNG or JPEG file");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                checkDimensions(name, reader.getWidth(0), reader.getHeight(0));
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && String.valueOf(iae.getMessage()).contains(name)) {
                throw iae;
            }
            throw new IllegalArgumentException("cannot decode image " + name + ": " + e.getMessage(), e);
        }
    }

    private void checkDimensions(String name, int width, int height) {
        long pixels = (long) width * height;
        if (width <= 0 || height <= 0 || pixels > maxPixels) {
            throw new IllegalArgumentException("image " + name + " declares " + width + "x" + height
                    + " pixels, above the limit of " + maxPixels + " pixels; refusing to decode it");
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + file, e);
        }
    }
}
