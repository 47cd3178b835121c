package io.framewise.trainer.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A dataset on the local disk: an index file and the folder its image names are relative to (default: its own). */
public record FolderData(Path index, Path imageFolder) implements TaskSetup.Data {

    public FolderData(Path index) {
        this(index, index.toAbsolutePath().getParent());
    }

    public FolderData {
        if (!Files.isRegularFile(index)) {
            throw new IllegalArgumentException(index + " is not a file");
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
        return Files.newInputStream(index);
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
