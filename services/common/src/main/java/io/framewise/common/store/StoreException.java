package io.framewise.common.store;

/** The object store could not carry out an operation. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
