package io.framewise.common.video;

/** Decoding finished, but frames are missing: the file is damaged or truncated. */
public class DamagedVideoException extends UnreadableVideoException {
    public DamagedVideoException(String message) {
        super(message);
    }
}
