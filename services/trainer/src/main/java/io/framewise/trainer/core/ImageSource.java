package io.framewise.trainer.core;

import io.framewise.common.image.ImageDecoding;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a dataset's images come from: a local folder, or the object store through a disk cache. Thread-safe. */
public interface ImageSource {

    /** The decoded image named by a COCO {@code file_name}; {@link UnreadableImageException} if it does not decode. */
    BufferedImage read(String fileName) throws IOException;

    static ImageSource folder(Path root) {
        return fileName -> decode(Files.newInputStream(root.resolve(fileName)), fileName);
    }

    /** Decodes an image, refusing one that declares more than 50 megapixels before decoding any pixel. */
    static BufferedImage decode(InputStream in, String name) throws IOException {
        byte[] bytes;
        try (in) {
            bytes = in.readAllBytes();
        }
        try {
            return ImageDecoding.decode(name, bytes, ImageDecoding.DEFAULT_MAX_PIXELS);
        } catch (io.framewise.common.image.UnreadableImageException e) {
            throw new UnreadableImageException(e.getMessage());
        }
    }

    /** An image file that is there but does not decode; training skips it and counts it. */
    class UnreadableImageException extends IOException {
        public UnreadableImageException(String message) {
            super(message);
        }
    }
}
