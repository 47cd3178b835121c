package io.framewise.frameextractor.core;

/**
 * Where extracted frames go: a local folder, or the object store. Frames arrive in frame order from one
 * thread; an implementation may hand them on asynchronously, and {@link #finish} waits for that.
 */
public interface FrameSink {

    void accept(ExtractedFrame frame) throws Exception;

    /** Called once after the last frame: everything accepted must be durable when this returns. */
    default void finish() throws Exception {
    }
}
