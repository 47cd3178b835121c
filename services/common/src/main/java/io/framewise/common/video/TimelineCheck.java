package io.framewise.common.video;

import java.util.Arrays;

/**
 * Finds frames that FFmpeg dropped without an error: fewer decoded frames than the container declares,
 * or a hole in the presentation timestamps far wider than the stream's usual frame interval. Variable
 * frame rate streams vary their intervals, so a hole must be several times the median interval. Feed it every
 * decoded frame, then verify: the frame-extractor and the video-annotator both do.
 */
public final class TimelineCheck {

    /** A gap this many times the median interval means frames are missing. */
    static final double GAP_FACTOR = 4.0;
    /** ... and at least this long, so very short intervals do not make noise. */
    static final long MIN_GAP_MICROS = 200_000;

    private long[] intervals = new long[1024];
    private int count;
    private long previous = Long.MIN_VALUE;
    private long largestGap;
    private long largestGapAfterIndex = -1;
    private long largestGapAt;
    private long frames;

    public void add(long index, long timestampMicros) {
        if (previous != Long.MIN_VALUE) {
            long interval = timestampMicros - previous;
            if (count == intervals.length) {
                intervals = Arrays.copyOf(intervals, count * 2);
            }
            intervals[count++] = interval;
            if (interval > largestGap) {
                largestGap = interval;
                largestGapAfterIndex = index - 1;
                largestGapAt = previous;
            }
        }
        previous = timestampMicros;
        frames++;
    }

    /** Throws {@link DamagedVideoException} when the decoded timeline shows missing frames. */
    public void verify(long declaredFrames) {
        if (declaredFrames > 0 && frames < declaredFrames - 1) {
            throw new DamagedVideoException("damaged video: decoded " + frames + " of the " + declaredFrames
                    + " frames the file declares");
        }
        if (count >= 3) {
            long[] sorted = Arrays.copyOf(intervals, count);
            Arrays.sort(sorted);
            long median = Math.max(1, sorted[count / 2]);
            if (largestGap > GAP_FACTOR * median && largestGap > MIN_GAP_MICROS) {
                throw new DamagedVideoException(String.format(java.util.Locale.ROOT,
                        "damaged video: frames are missing after frame %d at %.3f s (a %.3f s gap where frames come every %.3f s)",
                        largestGapAfterIndex, largestGapAt / 1e6, largestGap / 1e6, median / 1e6));
            }
        }
    }
}
