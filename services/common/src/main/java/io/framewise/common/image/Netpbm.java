package io.framewise.common.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Netpbm images, which ImageIO does not read: binary P6 (RGB) and P5 (grey), plain (ASCII) P3 and P2. Any maxval
 * from 1 to 65535 (16-bit samples big-endian, as the format says), scaled to 8 bits; {@code #} comments anywhere
 * in the header (and, for the plain formats, between samples). The declared size is checked against the pixel
 * limit before the raster is allocated. Colour images come out as {@link BufferedImage#TYPE_3BYTE_BGR}, grey ones
 * as {@link BufferedImage#TYPE_BYTE_GRAY}, as ImageIO gives them for JPEG and PNG.
 */
final class Netpbm {

    private final String name;
    private final byte[] bytes;
    private int pos;

    private Netpbm(String name, byte[] bytes) {
        this.name = name;
        this.bytes = bytes;
    }

    /** True when the bytes start with a Netpbm magic number ({@code P1}..{@code P7} and a separator). */
    static boolean looksLikeNetpbm(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == 'P' && bytes[1] >= '1' && bytes[1] <= '7'
                && (isSpace(bytes[2]) || bytes[2] == '#');
    }

    static BufferedImage decode(String name, byte[] bytes, long maxPixels) {
        return new Netpbm(name, bytes).decode(maxPixels);
    }

    private BufferedImage decode(long maxPixels) {
        char kind = (char) bytes[1];
        if (kind != '2' && kind != '3' && kind != '5' && kind != '6') {
            throw fail("Netpbm format P" + kind + " is not supported (only P2, P3, P5 and P6 are read)");
        }
        String format = "P" + kind;
        pos = 2;
        long width = headerNumber(format, "width");
        long height = headerNumber(format, "height");
        if (width <= 0 || height <= 0) {
            throw fail("malformed " + format + " header: size " + width + "x" + height + " has no pixels");
        }
        if (width * height > maxPixels || width * height > (Integer.MAX_VALUE - 8) / 3) {
            throw new UnreadableImageException("image " + name + " declares " + width + "x" + height
                    + " pixels, above the limit of " + maxPixels + " pixels; refusing to decode it");
        }
        long maxval = headerNumber(format, "maxval");
        if (maxval < 1 || maxval > 65535) {
            throw fail("malformed " + format + " header: maxval " + maxval + " is not between 1 and 65535");
        }
        boolean colour = kind == '3' || kind == '6';
        int channels = colour ? 3 : 1;
        int w = (int) width;
        int h = (int) height;
        long samples = width * height * channels;
        if (kind == '5' || kind == '6') {
            // Exactly one whitespace byte separates maxval from the raster.
            if (pos >= bytes.length) {
                throw fail("truncated " + format + " file: no pixels after the header");
            }
            if (!isSpace(bytes[pos])) {
                throw fail("malformed " + format + " header: no whitespace between maxval and the pixels");
            }
            pos++;
            int sampleBytes = maxval < 256 ? 1 : 2;
            long need = samples * sampleBytes;
            long have = bytes.length - pos;
            if (have < need) {
                throw fail("truncated " + format + " file: the " + w + "x" + h + " pixels need " + need
                        + " bytes after the header, only " + have + " are there");
            }
        }
        BufferedImage image = new BufferedImage(w, h, colour ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_BYTE_GRAY);
        byte[] raster = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int max = (int) maxval;
        for (long i = 0; i < samples; i++) {
            int value = kind == '5' || kind == '6' ? binarySample(format, max) : plainSample(format, i, samples, max);
            int scaled = max == 255 ? value : (int) ((value * 255L + max / 2) / max);
            int index = (int) i;
            if (colour) {
                // RGB in the file, BGR in the raster.
                int pixel = index / 3;
                raster[pixel * 3 + 2 - index % 3] = (byte) scaled;
            } else {
                raster[index] = (byte) scaled;
            }
        }
        return image;
    }

    private int binarySample(String format, int max) {
        int value;
        if (max < 256) {
            value = bytes[pos++] & 0xff;
        } else {
            value = (bytes[pos] & 0xff) << 8 | bytes[pos + 1] & 0xff;
            pos += 2;
        }
        if (value > max) {
            throw fail("malformed " + format + " pixels: sample " + value + " above maxval " + max + " at byte "
                    + (pos - (max < 256 ? 1 : 2)));
        }
        return value;
    }

    private int plainSample(String format, long index, long samples, int max) {
        skipSpaceAndComments();
        if (pos >= bytes.length) {
            throw fail("truncated " + format + " file: " + index + " of " + samples + " samples are there");
        }
        int start = pos;
        long value = 0;
        while (pos < bytes.length && !isSpace(bytes[pos]) && bytes[pos] != '#') {
            byte b = bytes[pos++];
            if (b < '0' || b > '9') {
                while (pos < bytes.length && !isSpace(bytes[pos])) {
                    pos++;
                }
                throw fail("malformed " + format + " pixels: '" + token(start) + "' is not a number (line "
                        + line(start) + ")");
            }
            value = Math.min(value * 10 + (b - '0'), Integer.MAX_VALUE);
        }
        if (value > max) {
            throw fail("malformed " + format + " pixels: sample " + value + " above maxval " + max + " (line "
                    + line(start) + ")");
        }
        return (int) value;
    }

    /** A header field: decimal digits after whitespace and comments; absurdly large values saturate (and are refused). */
    private long headerNumber(String format, String field) {
        skipSpaceAndComments();
        if (pos >= bytes.length) {
            throw fail("truncated " + format + " header: no " + field);
        }
        int start = pos;
        long value = 0;
        while (pos < bytes.length && !isSpace(bytes[pos]) && bytes[pos] != '#') {
            byte b = bytes[pos++];
            if (b < '0' || b > '9') {
                while (pos < bytes.length && !isSpace(bytes[pos])) {
                    pos++;
                }
                throw fail("malformed " + format + " header: " + field + " '" + token(start) + "' is not a number");
            }
            value = Math.min(value * 10 + (b - '0'), 1L << 31);
        }
        if (pos >= bytes.length && field.equals("maxval") && (format.equals("P5") || format.equals("P6"))) {
            throw fail("truncated " + format + " file: no pixels after the header");
        }
        return value;
    }

    private void skipSpaceAndComments() {
        while (pos < bytes.length) {
            if (isSpace(bytes[pos])) {
                pos++;
            } else if (bytes[pos] == '#') {
                while (pos < bytes.length && bytes[pos] != '\n' && bytes[pos] != '\r') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private String token(int start) {
        int end = Math.min(pos, start + 20);
        StringBuilder text = new StringBuilder();
        for (int i = start; i < end; i++) {
            int c = bytes[i] & 0xff;
            text.append(c >= 32 && c < 127 ? (char) c : '?');
        }
        return pos - start > 20 ? text + "..." : text.toString();
    }

    private int line(int at) {
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private UnreadableImageException fail(String problem) {
        return new UnreadableImageException("cannot decode image " + name + ": " + problem);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == 0x0c;
    }
}
