package io.framewise.common.image;

/** An image that cannot be decoded, or is refused (an image bomb); the message names the image. */
public class UnreadableImageException extends IllegalArgumentException {

    public UnreadableImageException(String message) {
        super(message);
    }

    public UnreadableImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
