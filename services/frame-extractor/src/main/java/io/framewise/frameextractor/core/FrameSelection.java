package io.framewise.frameextractor.core;

/** Decides, frame by frame in stream order, which decoded frames become dataset images. */
final class FrameSelection {

    private final Integer everyNth;
    private final Double targetFps;
    private long lastSlot = Long.MIN_VALUE;

    FrameSelection(ExtractionOptions options) {
        this.everyNth = options.everyNth();
        this.targetFps = options.targetFps();
    }

    boolean keep(long index, long timestampMicros) {
        if (everyNth != null) {
            return index % everyNth == 0;
        }
        if (targetFps != null) {
            // One frame per 1/F-second slot: the first frame whose timestamp falls in a new slot.
            long slot = (long) Math.floor(timestampMicros / 1e6 * targetFps + 1e-9);
            if (slot > lastSlot) {
                lastSlot = slot;
                return true;
            }
            return false;
        }
        return true;
    }
}
