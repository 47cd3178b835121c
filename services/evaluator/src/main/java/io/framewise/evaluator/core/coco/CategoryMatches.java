package io.framewise.evaluator.core.coco;

import java.util.Arrays;

/**
 * The matching outcome of one category over all images, image by image in ascending id order: each kept
 * detection's score, its rank inside its image, and for every (area range, IoU threshold) whether it is a
 * true positive, a false positive or ignored. Plus, per area range, the number of ground-truth objects
 * that count. This is what pycocotools keeps in {@code evalImgs} for one category, in primitive arrays.
 */
final class CategoryMatches {

    static final byte FALSE_POSITIVE = 0;
    static final byte TRUE_POSITIVE = 1;
    static final byte IGNORED = 2;

    private final int thresholdCount;
    private int size;
    private double[] score = new double[256];
    private int[] rankInImage = new int[256];
    private byte[][] outcome;
    private final long[] countedGroundTruth;

    CategoryMatches(int areaCount, int thresholdCount) {
        this.thresholdCount = thresholdCount;
        this.outcome = new byte[areaCount * thresholdCount][256];
        this.countedGroundTruth = new long[areaCount];
    }

    void clear() {
        size = 0;
        Arrays.fill(countedGroundTruth, 0);
    }

    /** Appends an image's detections (already in score order); returns the position of the first. */
    int addImage(double[] scores, int[] rows, int count) {
        while (size + count > score.length) {
            grow();
        }
        int base = size;
        for (int d = 0; d < count; d++) {
            score[base + d] = scores[rows[d]];
            rankInImage[base + d] = d;
        }
        size += count;
        return base;
    }

    void countGroundTruth(int area, int counted) {
        countedGroundTruth[area] += counted;
    }

    void setOutcome(int area, int threshold, int position, byte value) {
        outcome[area * thresholdCount + threshold][position] = value;
    }

    int size() {
        return size;
    }

    double[] scores() {
        return score;
    }

    int rankInImage(int position) {
        return rankInImage[position];
    }

    byte[] outcomes(int area, int threshold) {
        return outcome[area * thresholdCount + threshold];
    }

    long countedGroundTruth(int area) {
        return countedGroundTruth[area];
    }

    private void grow() {
        int capacity = score.length * 2;
        score = Arrays.copyOf(score, capacity);
        rankInImage = Arrays.copyOf(rankInImage, capacity);
        for (int i = 0; i < outcome.length; i++) {
            outcome[i] = Arrays.copyOf(outcome[i], capacity);
        }
    }
}
