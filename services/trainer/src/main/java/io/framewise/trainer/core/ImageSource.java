package io.framewise.trainer.core;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Where a dataset's images come from: a local folder, or the object store through a disk cache. Thread-safe. */
public interface ImageSource {

    /** The decoded image named by a COCO {@code file_name}; {@link UnreadableImageException} if it does not decode. */
    BufferedImage read(String fileName) throws IOException;

    static ImageSource folder(Path root) {
        return fileName -> decode(Files.newInputStream(root.resolve(fileName)), fileName);
    }

    static BufferedImage decode(InputStream in, String name) throws IOException {
        try (in) {
            BufferedImage image;
            try {
                image = ImageIO.read(in);
            } catch (IOException | RuntimeException e) {
                throw new UnreadableImageException(name + " does not decode: " + e.getMessage());
            }
            if (image == null) {
                throw new UnreadableImageException(name + " is not an image ImageIO can read (JPEG, PNG, BMP, GIF)");
            }
            return image;
        }
    }

    /** An image file that is there but does not decode; training skips it and counts it. */
    class UnreadableImageException extends IOException {
        public UnreadableImageException(String message) {
            super(message);
        }
    }
}
