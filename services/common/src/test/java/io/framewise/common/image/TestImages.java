package io.framewise.common.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Small encoded images for tests, and crafted ones: a PNG whose header declares a huge size (an image bomb). */
public final class TestImages {

    private TestImages() {
    }

    public static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", bytes);
        return bytes.toByteArray();
    }

    /** A valid 8x8 PNG whose IHDR chunk (with a valid CRC) declares {@code width} x {@code height}. */
    public static byte[] bomb(int width, int height) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(png(8, 8));
        buffer.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 12, 17); // "IHDR" and its 13 data bytes
        buffer.putInt(29, (int) crc.getValue());
        return buffer.array();
    }
}
