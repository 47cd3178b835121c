package io.framewise.datasetsynthesizer.core;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Writes a dataset directory as the trainer expects: {@code images/<index>.png} (or .jpg) and
 * {@code images.csv} (tab-separated relative path and IoU with 4 decimals), plus {@code samples.tsv} with
 * each sample's crop kind, target, paste box and crop box so the labels can be checked.
 *
 * <p>Rows are flushed after each image is in place, so after a crash {@link #resumeIndex(Path)} trims both
 * files to their complete common rows and says where to continue; an image without a row is rewritten.
 */
public final class DirectorySink implements SampleSink, AutoCloseable {

    public static final String LABELS = "images.csv";
    public static final String RECORDS = "samples.tsv";

    private final Path root;
    private final String format;
    private final BufferedWriter labels;
    private final BufferedWriter records;

    /** Appends to an existing dataset (after {@link #resumeIndex(Path)}) or starts a new one. */
    public DirectorySink(Path root, String format) {
        if (!format.equals("png") && !format.equals("jpg")) {
            throw new IllegalArgumentException("image format must be png or jpg, got " + format);
        }
        this.root = root;
        this.format = format;
        try {
            Files.createDirectories(root.resolve("images"));
            labels = append(root.resolve(LABELS));
            records = append(root.resolve(RECORDS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create dataset directory " + root, e);
        }
    }

    /** The index to resume from: one past the last complete row, after trimming torn or unmatched rows. */
    public static int resumeIndex(Path root) {
        try {
            List<String> labelRows = completeRows(root.resolve(LABELS));
            List<String> recordRows = completeRows(root.resolve(RECORDS));
            int kept = Math.min(labelRows.size(), recordRows.size());
            rewrite(root.resolve(LABELS), labelRows.subList(0, kept));
            rewrite(root.resolve(RECORDS), recordRows.subList(0, kept));
            return kept == 0 ? 0 : Integer.parseInt(recordRows.get(kept - 1).split("\t", 2)[0]) + 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dataset directory " + root, e);
        }
    }

    @Override
    public void accept(Sample sample) {
        String path = imagePath(sample.index(), format);
        try {
            writeImage(sample, root.resolve(path));
            labels.write(labelRow(sample, path));
            records.write(recordRow(sample, path));
            labels.flush();
            records.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sample " + path, e);
        }
    }

    @Override
    public void close() {
        try (labels; records) {
            labels.flush();
            records.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close dataset files in " + root, e);
        }
    }

    private void writeImage(Sample sample, Path target) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        if (!ImageIO.write(sample.image().toRgbImage(), format.equals("jpg") ? "jpeg" : "png", partial.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Where a sample's image goes, relative to the dataset root: {@code images/<index>.<format>}. */
    public static String imagePath(int index, String format) {
        return "images/" + index + "." + format;
    }

    /** The sample's {@link #LABELS} row, newline included: relative path, tab, IoU with 4 decimals. */
    public static String labelRow(Sample sample, String path) {
        return path + "\t" + String.format(Locale.ROOT, "%.4f", sample.iou()) + "\n";
    }

    /** The sample's {@link #RECORDS} row, newline included: index, path, crop kind, target, boxes, IoU, inputs. */
    public static String recordRow(Sample s, String path) {
        return String.format(Locale.ROOT, "%d\t%s\t%s\t%.4f\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%.6f\t%s\t%s\t%b\n",
                s.index(), path, s.cropKind(), s.targetIou(), s.paste().x0(), s.paste().y0(), s.paste().x1(),
                s.paste().y1(), s.crop().x0(), s.crop().y0(), s.crop().x1(), s.crop().y1(), s.iou(),
                s.background(), s.template(), s.flipped());
    }

    private static BufferedWriter append(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static List<String> completeRows(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> rows = new ArrayList<>(List.of(text.split("\n", -1)));
        rows.remove(rows.size() - 1); // text after the last newline is a torn row (or empty)
        return rows;
    }

    private static void rewrite(Path file, List<String> rows) throws IOException {
        StringBuilder text = new StringBuilder();
        rows.forEach(row -> text.append(row).append('\n'));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
