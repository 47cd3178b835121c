package io.framewise.common.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** PPM and PGM, which ImageIO does not read: binary and plain, 8 and 16 bits, comments, truncation and bombs. */
class NetpbmDecodingTest {

    private static final long LIMIT = ImageDecoding.DEFAULT_MAX_PIXELS;

    @Test
    void binaryP6GivesTheExactRgbOfEachPixel() {
        byte[] ppm = concat(ascii("P6\n# made by hand\n3 2\n# another comment\n255\n"), new byte[] {
            (byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255,
            10, 20, 30, (byte) 200, (byte) 100, 50, 0, 0, 0});
        BufferedImage image = ImageDecoding.decode("hand.ppm", ppm, LIMIT);
        assertThat(image.getWidth()).isEqualTo(3);
        assertThat(image.getHeight()).isEqualTo(2);
        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        assertThat(rgb(image)).containsExactly(0xff0000, 0x00ff00, 0x0000ff, 0x0a141e, 0xc86432, 0x000000);
        assertThat(ImageDecoding.bgrWithin(image, 0)).isSameAs(image);
    }

    @Test
    void binaryP5IsGreyAndSixteenBitSamplesAreScaledToEightBits() {
        BufferedImage grey = ImageDecoding.decode("g.pgm", concat(ascii("P5 2 2 255 "), new byte[] {0, 64, (byte) 128, (byte) 255}), LIMIT);
        assertThat(grey.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(grey(grey)).containsExactly(0, 64, 128, 255);
        // maxval 1000, two bytes per sample, big-endian: 0, 500, 1000, 2 -> 0, 128 (127.5 rounded), 255, 1.
        BufferedImage wide = ImageDecoding.decode("w.pgm", concat(ascii("P5\n2 2\n1000\n"),
                new byte[] {0, 0, 0x01, (byte) 0xf4, 0x03, (byte) 0xe8, 0, 2}), LIMIT);
        assertThat(grey(wide)).containsExactly(0, 128, 255, 1);
        // 16-bit colour at the format's largest maxval.
        BufferedImage deep = ImageDecoding.decode("d.ppm", concat(ascii("P6 1 1 65535\n"),
                new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0x80, 0x00, 0, 0}), LIMIT);
        assertThat(rgb(deep)).containsExactly(0xff8000);
    }

    @Test
    void plainP3AndP2WithCommentsAndAnyMaxval() {
        BufferedImage colour = ImageDecoding.decode("plain.ppm", ascii("""
                P3
                # width height
                2 1
                15 # maxval
                15 0 0   0 15 7
                """), LIMIT);
        assertThat(rgb(colour)).containsExactly(0xff0000, 0x00ff77);
        BufferedImage grey = ImageDecoding.decode("plain.pgm", ascii("P2\n3 1\n255\n0 17\n# between samples\n255\n"), LIMIT);
        assertThat(grey(grey)).containsExactly(0, 17, 255);
        assertThat(ImageDecoding.decode("x.pnm", ascii("P2 1 1 65535 32768"), LIMIT).getRaster().getSample(0, 0, 0)).isEqualTo(128);
    }

    @Test
    void theContentTellsTheFormatNotTheName() {
        byte[] ppm = concat(ascii("P6 1 1 255\n"), new byte[] {1, 2, 3});
        assertThat(rgb(ImageDecoding.decode("frame-without-extension", ppm, LIMIT))).containsExactly(0x010203);
        assertThat(ImageDecoding.isImageName("a/b/c.ppm")).isTrue();
        assertThat(ImageDecoding.isImageName("C.PGM")).isTrue();
        assertThat(ImageDecoding.isImageName("c.pnm")).isTrue();
        assertThat(ImageDecoding.isImageName("c.pbm")).isFalse();
    }

    @Test
    void aBombHeaderIsRefusedBeforeAnyPixelIsAllocated() {
        assertThatThrownBy(() -> ImageDecoding.decode("bomb.ppm", ascii("P6\n100000 100000\n255\n"), LIMIT))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessage("image bomb.ppm declares 100000x100000 pixels, above the limit of 50000000 pixels; refusing to decode it");
        assertThatThrownBy(() -> ImageDecoding.decode("bomb.pgm", ascii("P2 99999999999999999999 2 255 0"), LIMIT))
                .isInstanceOf(UnreadableImageException.class).hasMessageContaining("above the limit of 50000000 pixels");
        assertThatThrownBy(() -> ImageDecoding.decode("small.ppm", concat(ascii("P6 10 10 255\n"), new byte[300]), 99))
                .isInstanceOf(UnreadableImageException.class).hasMessageContaining("declares 10x10 pixels, above the limit of 99");
    }

    @Test
    void truncatedAndMalformedFilesSayWhatIsWrong() {
        byte[] header = ascii("P6\n4 4\n255\n");
        assertThatThrownBy(() -> ImageDecoding.decode("cut.ppm", concat(header, new byte[20]), LIMIT))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessage("cannot decode image cut.ppm: truncated P6 file: the 4x4 pixels need 48 bytes after the header, only 20 are there");
        assertThatThrownBy(() -> ImageDecoding.decode("cut.pgm", ascii("P5 4 4 255"), LIMIT))
                .hasMessage("cannot decode image cut.pgm: truncated P5 file: no pixels after the header");
        assertThatThrownBy(() -> ImageDecoding.decode("cut.pgm", ascii("P5 4\n"), LIMIT))
                .hasMessage("cannot decode image cut.pgm: truncated P5 header: no height");
        assertThatThrownBy(() -> ImageDecoding.decode("cut.ppm", ascii("P3 2 2 255\n1 2 3 4 5 6\n"), LIMIT))
                .hasMessage("cannot decode image cut.ppm: truncated P3 file: 6 of 12 samples are there");
        assertThatThrownBy(() -> ImageDecoding.decode("bad.ppm", ascii("P3 1 1 255\n1 2\nx3\n"), LIMIT))
                .hasMessage("cannot decode image bad.ppm: malformed P3 pixels: 'x3' is not a number (line 3)");
        assertThatThrownBy(() -> ImageDecoding.decode("bad.pgm", ascii("P2 1 1 15\n16\n"), LIMIT))
                .hasMessage("cannot decode image bad.pgm: malformed P2 pixels: sample 16 above maxval 15 (line 2)");
        assertThatThrownBy(() -> ImageDecoding.decode("bad.ppm", ascii("P6 two 2 255\n"), LIMIT))
                .hasMessage("cannot decode image bad.ppm: malformed P6 header: width 'two' is not a number");
        assertThatThrownBy(() -> ImageDecoding.decode("bad.ppm", ascii("P6 2 2 70000\n"), LIMIT))
                .hasMessage("cannot decode image bad.ppm: malformed P6 header: maxval 70000 is not between 1 and 65535");
        assertThatThrownBy(() -> ImageDecoding.decode("bad.ppm", ascii("P6 0 2 255\n"), LIMIT))
                .hasMessage("cannot decode image bad.ppm: malformed P6 header: size 0x2 has no pixels");
        assertThatThrownBy(() -> ImageDecoding.decode("bits.pbm", ascii("P4 8 1\n\0"), LIMIT))
                .hasMessage("cannot decode image bits.pbm: Netpbm format P4 is not supported (only P2, P3, P5 and P6 are read)");
    }

    private static int[] rgb(BufferedImage image) {
        int[] out = new int[image.getWidth() * image.getHeight()];
        for (int i = 0; i < out.length; i++) {
            out[i] = image.getRGB(i % image.getWidth(), i / image.getWidth()) & 0xffffff;
        }
        return out;
    }

    private static int[] grey(BufferedImage image) {
        return image.getRaster().getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
