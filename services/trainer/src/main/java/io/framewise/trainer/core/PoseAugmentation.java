package io.framewise.trainer.core;

import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The pose family's augmentation, as MARS configures it. Each step happens with its own frequency (a probability per
 * sample); geometry first (the loose box crop is the model's {@code padFactor}), then pixels.
 *
 * <pre>
 * randomPadFrequency 0.5 · randomPadMin 1.0 · randomPadMax 1.3   (crop enlarged by a factor in [min, max])
 * boxShift 0.05                                                (crop centre moved up to this fraction of its side)
 * rotationFrequency 0.5 · rotationMaxDegrees 20
 * flipFrequency 0.5                                            (left/right flip, paired parts swapped)
 * colorFrequency 0.5 · colorStrength 0.2                       (brightness, contrast, saturation by 1 ± strength)
 * blurFrequency 0.1 · blurMaxKernel 5                          (box blur, odd kernel 3..max)
 * noiseFrequency 0.1 · noiseScale 8                            (Gaussian noise, standard deviation in 0..255 levels)
 * jpegFrequency 0.1 · jpegQualityMin 30 · jpegQualityMax 90    (JPEG artefacts: re-encoded at a quality in range)
 * </pre>
 */
public record PoseAugmentation(double randomPadFrequency, double randomPadMin, double randomPadMax, double boxShift,
        double rotationFrequency, double rotationMaxDegrees, double flipFrequency, double colorFrequency,
        double colorStrength, double blurFrequency, int blurMaxKernel, double noiseFrequency, double noiseScale,
        double jpegFrequency, int jpegQualityMin, int jpegQualityMax) {

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("randomPadFrequency", "0.5");
        DEFAULTS.put("randomPadMin", "1.0");
        DEFAULTS.put("randomPadMax", "1.3");
        DEFAULTS.put("boxShift", "0.05");
        DEFAULTS.put("rotationFrequency", "0.5");
        DEFAULTS.put("rotationMaxDegrees", "20");
        DEFAULTS.put("flipFrequency", "0.5");
        DEFAULTS.put("colorFrequency", "0.5");
        DEFAULTS.put("colorStrength", "0.2");
        DEFAULTS.put("blurFrequency", "0.1");
        DEFAULTS.put("blurMaxKernel", "5");
        DEFAULTS.put("noiseFrequency", "0.1");
        DEFAULTS.put("noiseScale", "8");
        DEFAULTS.put("jpegFrequency", "0.1");
        DEFAULTS.put("jpegQualityMin", "30");
        DEFAULTS.put("jpegQualityMax", "90");
    }

    /** The option keys. */
    public static final Set<String> KEYS = Set.copyOf(DEFAULTS.keySet());

    /** No augmentation at all: what evaluation and the input check's "plain" view use. */
    public static final PoseAugmentation NONE = new PoseAugmentation(0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 1, 1);

    /** Reads the augmentation options (defaults above); an out-of-range value is an error naming the option. */
    public static PoseAugmentation parse(Map<String, String> options) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        options.forEach((key, value) -> {
            if (KEYS.contains(key)) {
                v.put(key, value);
            }
        });
        PoseAugmentation a = new PoseAugmentation(frequency(v, "randomPadFrequency"), number(v, "randomPadMin", 0.5, 4),
                number(v, "randomPadMax", 0.5, 4), number(v, "boxShift", 0, 1), frequency(v, "rotationFrequency"),
                number(v, "rotationMaxDegrees", 0, 180), frequency(v, "flipFrequency"), frequency(v, "colorFrequency"),
                number(v, "colorStrength", 0, 1), frequency(v, "blurFrequency"), (int) whole(v, "blurMaxKernel", 3, 31),
                frequency(v, "noiseFrequency"), number(v, "noiseScale", 0, 128), frequency(v, "jpegFrequency"),
                (int) whole(v, "jpegQualityMin", 1, 100), (int) whole(v, "jpegQualityMax", 1, 100));
        if (a.randomPadMin > a.randomPadMax) {
            throw new IllegalArgumentException("option 'randomPadMin' (" + a.randomPadMin
                    + ") must not exceed 'randomPadMax' (" + a.randomPadMax + ")");
        }
        if (a.jpegQualityMin > a.jpegQualityMax) {
            throw new IllegalArgumentException("option 'jpegQualityMin' (" + a.jpegQualityMin
                    + ") must not exceed 'jpegQualityMax' (" + a.jpegQualityMax + ")");
        }
        return a;
    }

    /** The geometric part of one sample's augmentation, drawn in a fixed order from the sample's random. */
    public record Geometry(double padScale, double shiftX, double shiftY, double degrees, boolean flip) {
    }

    public Geometry drawGeometry(SplittableRandom random) {
        double pad = random.nextDouble() < randomPadFrequency
                ? randomPadMin + random.nextDouble() * (randomPadMax - randomPadMin) : 1;
        double sx = (random.nextDouble() * 2 - 1) * boxShift;
        double sy = (random.nextDouble() * 2 - 1) * boxShift;
        double degrees = random.nextDouble() < rotationFrequency ? (random.nextDouble() * 2 - 1) * rotationMaxDegrees
                : 0;
        boolean flip = random.nextDouble() < flipFrequency;
        return new Geometry(pad, sx, sy, degrees, flip);
    }

    /** Colour, blur, noise and JPEG artefacts, each with its frequency; returns the (possibly new) image. */
    public BufferedImage pixels(BufferedImage image, SplittableRandom random) {
        BufferedImage out = image;
        if (random.nextDouble() < colorFrequency) {
            ColorAdjust.apply(out, 1 + (random.nextDouble() * 2 - 1) * colorStrength,
                    1 + (random.nextDouble() * 2 - 1) * colorStrength, 1 + (random.nextDouble() * 2 - 1) * colorStrength);
        }
        if (random.nextDouble() < blurFrequency) {
            int kernels = (blurMaxKernel - 1) / 2; // odd sizes 3, 5, .. blurMaxKernel
            int k = 3 + 2 * random.nextInt(Math.max(1, kernels));
            float[] weights = new float[k * k];
            Arrays.fill(weights, 1f / (k * k));
            BufferedImage blurred = new BufferedImage(out.getWidth(), out.getHeight(), BufferedImage.TYPE_INT_RGB);
            new ConvolveOp(new Kernel(k, k, weights), ConvolveOp.EDGE_NO_OP, null).filter(out, blurred);
            out = blurred;
        }
        if (random.nextDouble() < noiseFrequency) {
            noise(out, noiseScale, random.split());
        }
        if (random.nextDouble() < jpegFrequency) {
            out = jpeg(out, jpegQualityMin + random.nextInt(jpegQualityMax - jpegQualityMin + 1));
        }
        return out;
    }

    private static void noise(BufferedImage image, double scale, SplittableRandom random) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        java.util.Random gaussian = new java.util.Random(random.nextLong());
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            int r = ColorAdjust.clamp(((p >> 16) & 0xff) + gaussian.nextGaussian() * scale);
            int g = ColorAdjust.clamp(((p >> 8) & 0xff) + gaussian.nextGaussian() * scale);
            int b = ColorAdjust.clamp((p & 0xff) + gaussian.nextGaussian() * scale);
            rgb[i] = (r << 16) | (g << 8) | b;
        }
        image.setRGB(0, 0, w, h, rgb, 0, w);
    }

    static BufferedImage jpeg(BufferedImage image, int quality) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality / 100f);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
            BufferedImage rgb = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(decoded, 0, 0, null);
            return rgb;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double frequency(Map<String, String> v, String key) {
        return FamilyOptions.number(v, key, 0, 1);
    }

    private static double number(Map<String, String> v, String key, double min, double max) {
        return FamilyOptions.number(v, key, min, max);
    }

    private static long whole(Map<String, String> v, String key, long min, long max) {
        return FamilyOptions.whole(v, key, (int) min, (int) max);
    }
}
