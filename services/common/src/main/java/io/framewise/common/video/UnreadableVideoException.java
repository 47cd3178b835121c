package io.framewise.common.video;

/** A file FFmpeg cannot open or decode as video; the message says what was wrong in user terms. */
public class UnreadableVideoException extends RuntimeException {
    public UnreadableVideoException(String message) {
        super(message);
    }

    public UnreadableVideoException(String message, Throwable cause) {
        super(message, cause);
    }
}
