package io.framewise.trainer.core;

/** The training data cannot be used: not COCO, no images, no categories, every image unreadable. */
public class InvalidDatasetException extends IllegalArgumentException {

    public InvalidDatasetException(String message) {
        super(message);
    }
}
