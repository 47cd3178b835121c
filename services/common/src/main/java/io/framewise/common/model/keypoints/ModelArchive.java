package io.framewise.common.model.keypoints;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A self-contained model archive: one zip holding a checkpoint's {@code model.json} (family, architecture settings,
 * part names, flip pairs, skeleton, sigmas, category) and its weights ({@code *.params}, DJL's NDList format, each
 * array named by its parameter path). {@link LoadedPoseModel#load} and {@code Predictor.load} read it; any DJL
 * program with the framewise-common jar can.
 */
public final class ModelArchive {

    private static final long MAX_ENTRY_BYTES = 2L << 30;

    private ModelArchive() {
    }

    /** Writes the checkpoint folder's {@code model.json} and {@code *.params} files into {@code zip}. */
    public static void export(Path checkpoint, Path zip) throws IOException {
        if (!Files.exists(checkpoint.resolve("model.json"))) {
            throw new java.nio.file.NoSuchFileException(checkpoint + " has no model.json: not a checkpoint folder");
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(checkpoint)) {
            files = listed.filter(p -> {
                String name = p.getFileName().toString();
                return name.equals("model.json") || name.endsWith(".params");
            }).sorted().toList();
        }
        if (zip.getParent() != null) {
            Files.createDirectories(zip.getParent());
        }
        Path partial = zip.resolveSibling(zip.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Path file : files) {
                z.putNextEntry(new ZipEntry(file.getFileName().toString()));
                Files.copy(file, z);
                z.closeEntry();
            }
        }
        Files.move(partial, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** An archive unpacked into a temporary folder, removed on close. */
    public record Unpacked(Path folder) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Unpacks an archive; entries other than plain file names ({@code a/b}, {@code ..}) are refused. */
    public static Unpacked unpack(Path zip) throws IOException {
        Path folder = Files.createTempDirectory("framewise-model-");
        Unpacked unpacked = new Unpacked(folder);
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry entry;
            int entries = 0;
            while ((entry = z.getNextEntry()) != null) {
                String name = entry.getName();
                if (name.contains("/") || name.contains("\\") || name.startsWith(".") || entry.isDirectory()) {
                    throw new IOException(zip + " is not a model archive: it holds '" + name + "'");
                }
                try (OutputStream out = Files.newOutputStream(folder.resolve(name))) {
                    long copied = z.transferTo(out);
                    if (copied > MAX_ENTRY_BYTES) {
                        throw new IOException(zip + ": entry '" + name + "' is larger than 2 GB");
                    }
                }
                entries++;
            }
            if (entries == 0 || !Files.exists(folder.resolve("model.json"))) {
                throw new IOException(zip + " is not a model archive: it has no model.json");
            }
            return unpacked;
        } catch (IOException | RuntimeException e) {
            unpacked.close();
            if (e instanceof java.util.zip.ZipException) {
                throw new IOException(zip + " is not a zip archive: " + e.getMessage(), e);
            }
            throw e;
        }
    }
}
