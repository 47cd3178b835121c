package io.framewise.videoannotator;

/** No model can be used for a request: none promoted under the name yet, or a pinned checkpoint that does not exist. */
public class NoModelException extends RuntimeException {
    public NoModelException(String message) {
        super(message);
    }
}
