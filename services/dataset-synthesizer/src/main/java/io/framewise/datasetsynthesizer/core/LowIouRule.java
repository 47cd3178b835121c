package io.framewise.datasetsynthesizer.core;

/**
 * How zoom mode sizes crops for the targets below 0.3 (buckets 0.20 and 0.25).
 *
 * <p>The source makes each side (1 + (1 - target) * 10) times the template's, i.e. 8.5-9x per side and an
 * IoU near 1/81 — inside (0.15, 0.25] only when the image clamps the crop, so those two buckets are almost
 * always skipped (the source raises and drops the sample). {@link #REACHABLE} instead scales the template
 * box by 1/sqrt(u) per side, u drawn in (target - 0.05, target], so an enclosing crop hits the bucket; the
 * position rule and the acceptance test are the source's.
 */
public enum LowIouRule {
    /** Reach the low buckets (default): the histogram is flat. */
    REACHABLE,
    /** The source's crop size, for side-by-side comparison with the Python script. */
    SOURCE
}
