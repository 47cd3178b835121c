package io.framewise.frameextractor.core;

import java.nio.file.Files;
import java.nio.file.Path;

/** Writes frames as files into a local folder (the offline command). */
public final class DirectorySink implements FrameSink {

    private final Path dir;

    public DirectorySink(Path dir) throws java.io.IOException {
        this.dir = Files.createDirectories(dir);
    }

    @Override
    public void accept(ExtractedFrame frame) throws Exception {
        Files.write(dir.resolve(frame.name()), frame.jpeg());
    }
}
