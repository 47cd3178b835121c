package io.framewise.frameextractor.core;

/** Decoding finished, but frames are missing: the file is damaged or truncated. */
public class DamagedVideoException extends RuntimeException {
    public DamagedVideoException(String message) {
        super(message);
    }
}
