package io.framewise.evaluator.core.box;

import java.util.Arrays;

/**
 * Boxes stored column by column in primitive arrays, so that evaluators loop over doubles rather than
 * objects. A row keeps its insertion order, which is the order ties are broken in.
 */
public final class BoxTable {

    private int size;
    private int[] image = new int[64];
    private int[] category = new int[64];
    private double[] x = new double[64];
    private double[] y = new double[64];
    private double[] width = new double[64];
    private double[] height = new double[64];
    private double[] area = new double[64];
    private double[] score = new double[64];
    private boolean[] crowd = new boolean[64];
    private long[] id = new long[64];

    /** Adds a ground-truth row; its score is 0. */
    public int add(int imageIndex, GroundTruthBox box) {
        BoundingBox b = box.box();
        return add(imageIndex, box.categoryId(), b.x(), b.y(), b.width(), b.height(), box.area(), 0,
                box.crowd(), box.id());
    }

    /** Adds a detection row; its area is its box area, as pycocotools sets it when loading results. */
    public int add(int imageIndex, Detection detection) {
        BoundingBox b = detection.box();
        return add(imageIndex, detection.categoryId(), b.x(), b.y(), b.width(), b.height(),
                b.width() * b.height(), detection.score(), false, size + 1L);
    }

    public int add(int imageIndex, int categoryId, double bx, double by, double bw, double bh,
                   double rowArea, double rowScore, boolean isCrowd, long rowId) {
        if (size == image.length) {
            grow();
        }
        int row = size++;
        image[row] = imageIndex;
        category[row] = categoryId;
        x[row] = bx;
        y[row] = by;
        width[row] = bw;
        height[row] = bh;
        area[row] = rowArea;
        score[row] = rowScore;
        crowd[row] = isCrowd;
        id[row] = rowId;
        return row;
    }

    public void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public int image(int row) {
        return image[row];
    }

    public int category(int row) {
        return category[row];
    }

    public double x(int row) {
        return x[row];
    }

    public double y(int row) {
        return y[row];
    }

    public double width(int row) {
        return width[row];
    }

    public double height(int row) {
        return height[row];
    }

    public double area(int row) {
        return area[row];
    }

    public double score(int row) {
        return score[row];
    }

    public boolean crowd(int row) {
        return crowd[row];
    }

    public long id(int row) {
        return id[row];
    }

    /** The score column itself (first {@link #size()} entries valid), for sorting rows by score. */
    public double[] scores() {
        return score;
    }

    /** IoU of a detection row of this table with a ground-truth row of {@code groundTruth}. */
    public double iou(int row, BoxTable groundTruth, int gtRow, boolean crowdAware) {
        return Iou.of(x[row], y[row], width[row], height[row],
                groundTruth.x[gtRow], groundTruth.y[gtRow], groundTruth.width[gtRow], groundTruth.height[gtRow],
                crowdAware && groundTruth.crowd[gtRow]);
    }

    private void grow() {
        int capacity = image.length * 2;
        image = Arrays.copyOf(image, capacity);
        category = Arrays.copyOf(category, capacity);
        x = Arrays.copyOf(x, capacity);
        y = Arrays.copyOf(y, capacity);
        width = Arrays.copyOf(width, capacity);
        height = Arrays.copyOf(height, capacity);
        area = Arrays.copyOf(area, capacity);
        score = Arrays.copyOf(score, capacity);
        crowd = Arrays.copyOf(crowd, capacity);
        id = Arrays.copyOf(id, capacity);
    }
}
