package io.framewise.trainer.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A dataset on the local disk: an index file and the folder its image names are relative to (default: its
 * own). The index may be a folder (a frames dataset): then every {@code manifest.csv} below it, one after
 * the other, with the folder as the images' root.
 */
public record FolderData(Path index, Path imageFolder) implements TaskSetup.Data {

    public FolderData(Path index) {
        this(index, Files.isDirectory(index) ? index : index.toAbsolutePath().getParent());
    }

    public FolderData {
        if (!Files.isRegularFile(index) && !Files.isDirectory(index)) {
            throw new IllegalArgumentException(index + " does not exist");
        }
        if (!Files.isDirectory(imageFolder)) {
            throw new IllegalArgumentException(imageFolder + " is not a folder");
        }
    }

    @Override
    public String name() {
        return index.toString();
    }

    @Override
    public InputStream openIndex() throws IOException {
        if (!Files.isDirectory(index)) {
            return Files.newInputStream(index);
        }
        List<Path> manifests;
        try (Stream<Path> files = Files.walk(index)) {
            manifests = files.filter(p -> p.getFileName().toString().equals("manifest.csv")).sorted().toList();
        }
        if (manifests.isEmpty()) {
            throw new NoSuchFileException("no manifest.csv under " + index);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Path m : manifests) {
            all.write(Files.readAllBytes(m));
            all.write('\n');
        }
        return new ByteArrayInputStream(all.toByteArray());
    }

    @Override
    public ImageSource images() {
        ImageSource folder = ImageSource.folder(imageFolder);
        return fileName -> {
            try {
                return folder.read(fileName);
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(imageFolder.resolve(fileName) + " does not exist");
            }
        };
    }
}
