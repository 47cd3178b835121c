package io.framewise.common.store;

/** An object key or prefix that Framewise refuses; the message says which key and why. */
public class InvalidObjectKeyException extends IllegalArgumentException {
    public InvalidObjectKeyException(String message) {
        super(message);
    }
}
