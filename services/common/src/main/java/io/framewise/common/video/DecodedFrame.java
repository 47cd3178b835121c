package io.framewise.common.video;

import java.awt.image.BufferedImage;

/**
 * One decoded frame, upright. {@code index} counts decoded frames from 0; {@code timestampMicros} is the
 * frame's presentation time from the stream (not index times a nominal rate, so variable frame rate
 * video keeps its real timing).
 */
public record DecodedFrame(long index, long timestampMicros, BufferedImage image) {
}
