package io.framewise.trainer.core;

/** A loss became NaN or infinite; the weights were not updated with it. */
public class NonFiniteLossException extends RuntimeException {

    public NonFiniteLossException(String message) {
        super(message);
    }
}
