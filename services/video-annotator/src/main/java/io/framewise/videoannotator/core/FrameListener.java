package io.framewise.videoannotator.core;

/** Called once per frame, in frame order, once the frame is encoded. */
@FunctionalInterface
public interface FrameListener {
    void frame(AnnotatedFrame frame) throws Exception;

    FrameListener NONE = f -> { };
}
