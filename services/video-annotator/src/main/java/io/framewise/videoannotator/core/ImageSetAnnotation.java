package io.framewise.videoannotator.core;

import io.framewise.common.image.ImageDecoding;
import io.framewise.common.model.Predictor;
import io.framewise.common.video.DecodedFrame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Annotates a set of still images through the same {@link AnnotationPipeline} as videos: each image is read
 * and decoded on the reading thread (image bombs refused, scaled to the longest side asked), the model runs in
 * batches, and each image is drawn and handed to the {@link Output} at its own size, JPEG for a JPEG input and
 * PNG otherwise. Image {@code i} (0-based, in the given order) is frame {@code i} for the listener and
 * {@code image_id i + 1}, with its {@code file_name}, in the COCO results. An image that cannot be decoded stops
 * the set with an error naming it.
 */
public final class ImageSetAnnotation {

    /** One image: its name (a relative path, kept for the output and the results) and its bytes, read in turn. */
    public record Image(String name, Callable<byte[]> bytes) {
    }

    /** Takes each annotated image: its output name, its encoded bytes and their content type. */
    public interface Output {
        void write(String name, byte[] encoded, String contentType) throws Exception;
    }

    private final AnnotationOptions options;
    private final AnnotationPipeline pipeline;
    private final long maxPixels;

    public ImageSetAnnotation(AnnotationOptions options, PipelineMonitor monitor) {
        this(options, monitor, VideoAnnotation::inferenceThread, ImageDecoding.DEFAULT_MAX_PIXELS);
    }

    public ImageSetAnnotation(AnnotationOptions options, PipelineMonitor monitor, Runnable inferenceThreadSetup, long maxPixels) {
        this.options = options;
        this.pipeline = new AnnotationPipeline(options, monitor, inferenceThreadSetup);
        this.maxPixels = maxPixels;
    }

    /** The annotated image's name: the same for a JPEG, else the name with a {@code .png} extension. */
    public static String outputName(String name) {
        if (isJpeg(name)) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        return (dot > name.lastIndexOf('/') ? name.substring(0, dot) : name) + ".png";
    }

    private static boolean isJpeg(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".jpg") || lower.endsWith(".jpeg");
    }

    public AnnotationSummary run(List<Image> images, Predictor predictor, Output output, Path detectionsJson,
            FrameListener listener) throws Exception {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("the image set is empty: no JPEG, PNG, BMP or GIF image was found");
        }
        long started = System.nanoTime();
        Iterator<Image> next = images.iterator();
        long[] index = {0};
        AnnotationPipeline.Source source = () -> {
            if (!next.hasNext()) {
                return null;
            }
            Image image = next.next();
            BufferedImage decoded = ImageDecoding.decode(image.name(), image.bytes().call(), maxPixels);
            return new DecodedFrame(index[0]++, 0, ImageDecoding.bgrWithin(decoded, options.maxSide()));
        };
        int[] firstSize = new int[2];
        AnnotationPipeline.Sink sink = (canvas, frame) -> {
            String name = images.get((int) frame.index()).name();
            BufferedImage picture = canvas.getWidth() == frame.width() && canvas.getHeight() == frame.height()
                    ? canvas : canvas.getSubimage(0, 0, frame.width(), frame.height());
            if (frame.index() == 0) {
                firstSize[0] = frame.width();
                firstSize[1] = frame.height();
            }
            boolean jpeg = isJpeg(name);
            output.write(outputName(name), jpeg ? jpeg(picture) : png(picture), jpeg ? "image/jpeg" : "image/png");
        };
        AnnotationPipeline.Counts counts;
        try (CocoResultsWriter coco = detectionsJson == null ? null
                : new CocoResultsWriter(detectionsJson, predictor.spec().categories())) {
            counts = pipeline.run(source, predictor, sink, listener, coco, i -> images.get((int) i).name());
        }
        return new AnnotationSummary(counts.frames(), firstSize[0], firstSize[1], 0, 0, counts.detections(), false,
                "images", (System.nanoTime() - started) / 1e9, counts.inferenceSeconds());
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.92f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }
}
