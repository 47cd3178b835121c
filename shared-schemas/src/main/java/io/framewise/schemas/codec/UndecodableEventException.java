package io.framewise.schemas.codec;

/** A message that is not a Framewise event this service can read. The message says why. */
public class UndecodableEventException extends RuntimeException {
    public UndecodableEventException(String reason) {
        super(reason);
    }

    public UndecodableEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
