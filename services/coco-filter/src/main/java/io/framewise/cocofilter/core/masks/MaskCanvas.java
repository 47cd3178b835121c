package io.framewise.cocofilter.core.masks;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** One image's mask: a grayscale raster, 8 or 16 bits, 0 everywhere until instances are painted on it. */
final class MaskCanvas {

    private final int width;
    private final int height;
    private final BufferedImage image;
    private final byte[] bytes;
    private final short[] shorts;

    MaskCanvas(int width, int height, int bitDepth) {
        this.width = width;
        this.height = height;
        this.image = new BufferedImage(width, height,
                bitDepth == 8 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_USHORT_GRAY);
        if (bitDepth == 8) {
            bytes = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            shorts = null;
        } else {
            bytes = null;
            shorts = ((DataBufferUShort) image.getRaster().getDataBuffer()).getData();
        }
    }

    /** Sets every foreground pixel of the RLE to {@code value}; later instances cover earlier ones. */
    void paint(Rle rle, int value) {
        long total = (long) width * height;
        long position = 0;
        for (int j = 0; j < rle.counts().length && position < total; j++) {
            long end = Math.min(position + rle.count(j), total);
            if ((j & 1) == 1) {
                fill(position, end, value);
            }
            position = end;
        }
    }

    /** Column-major positions [from, to) of the RLE to the raster's row-major pixels. */
    private void fill(long from, long to, int value) {
        for (long k = from; k < to; k++) {
            int x = (int) (k / height);
            int y = (int) (k % height);
            int pixel = y * width + x;
            if (bytes != null) {
                bytes[pixel] = (byte) value;
            } else {
                shorts[pixel] = (short) value;
            }
        }
    }

    void writePng(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("this Java runtime has no PNG writer");
            }
        }
    }
}
