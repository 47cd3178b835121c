package io.framewise.common.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes still images safely: the declared size is read from the header before any pixel is decoded, so an
 * image bomb is refused instead of exhausting the heap. Every failure is an {@link UnreadableImageException}
 * naming the image.
 */
public final class ImageDecoding {

    /** 50 megapixels: far above any sensible photo, far below what exhausts a service's heap. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    /** File extensions (lower case, no dot) of the images read here: ImageIO's, and Netpbm's (PPM, PGM, PNM). */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "ppm", "pgm", "pnm");

    private ImageDecoding() {
    }

    /** True when the name ends with one of {@link #EXTENSIONS}. */
    public static boolean isImageName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > name.lastIndexOf('/') && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Decodes {@code bytes} (JPEG, PNG, BMP, GIF; Netpbm P2, P3, P5 and P6, which ImageIO does not read), refusing
     * images over {@code maxPixels}. The format is told by the content, not the name.
     */
    public static BufferedImage decode(String name, byte[] bytes, long maxPixels) {
        if (Netpbm.looksLikeNetpbm(bytes)) {
            return Netpbm.decode(name, bytes, maxPixels);
        }
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = input == null ? null : ImageIO.getImageReaders(input);
            if (readers == null || !readers.hasNext()) {
                throw new UnreadableImageException("cannot decode image " + name + ": not an image (JPEG, PNG, BMP, GIF, PPM or PGM)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || (long) width * height > maxPixels) {
                    throw new UnreadableImageException("image " + name + " declares " + width + "x" + height
                            + " pixels, above the limit of " + maxPixels + " pixels; refusing to decode it");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (UnreadableImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UnreadableImageException("cannot decode image " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The image as 8-bit BGR with its longest side at most {@code maxSide} (never upscaled; {@code maxSide <= 0}
     * keeps the size), area-averaged when shrinking.
     */
    public static BufferedImage bgrWithin(BufferedImage image, int maxSide) {
        int w = image.getWidth();
        int h = image.getHeight();
        double scale = maxSide > 0 ? Math.min(1.0, maxSide / (double) Math.max(w, h)) : 1.0;
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        if (scale == 1.0 && image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return image;
        }
        BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        try {
            if (scale < 1.0) {
                g.drawImage(image.getScaledInstance(tw, th, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
            } else {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(image, 0, 0, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
