package io.framewise.common.model.detector;

import io.framewise.common.model.InputSize;

/**
 * The target encoder: ground-truth boxes (input pixels) to per-cell training targets. Each box goes to the
 * cell holding its centre; where two centres share a cell the larger box wins (the grid has one slot per
 * cell). Targets per cell: {@code tanh tx = xc/s - i - 0.5}, {@code tanh ty = yc/s - j - 0.5},
 * {@code tw = ln(w/s)}, {@code th = ln(h/s)}, objectness 1, and the class index.
 */
public final class DetectorTargets {

    private final InputSize size;

    public DetectorTargets(InputSize size) {
        this.size = size;
    }

    public int cells() {
        return size.gridWidth() * size.gridHeight();
    }

    /**
     * Writes one image's targets. {@code boxes} holds {@code x, y, w, h} per box in input pixels,
     * {@code classes} the category index per box. {@code box} receives 4 planes of {@code cells} values,
     * {@code objectness} and {@code classIndex} one value per cell (class -1 where there is no object).
     */
    public void encode(float[] boxes, int[] classes, float[] box, int boxOffset, float[] objectness, int[] classIndex,
            int cellOffset) {
        int gw = size.gridWidth();
        int gh = size.gridHeight();
        int cells = cells();
        double s = InputSize.STRIDE;
        float[] areaInCell = new float[cells];
        for (int c = 0; c < cells; c++) {
            objectness[cellOffset + c] = 0;
            classIndex[cellOffset + c] = -1;
        }
        for (int b = 0; b < classes.length; b++) {
            float w = boxes[4 * b + 2];
            float h = boxes[4 * b + 3];
            if (w <= 0 || h <= 0) {
                continue;
            }
            double xc = boxes[4 * b] + w / 2.0;
            double yc = boxes[4 * b + 1] + h / 2.0;
            int i = clamp((int) Math.floor(xc / s), gw);
            int j = clamp((int) Math.floor(yc / s), gh);
            int cell = j * gw + i;
            if (objectness[cellOffset + cell] > 0 && areaInCell[cell] >= w * h) {
                continue;
            }
            areaInCell[cell] = w * h;
            objectness[cellOffset + cell] = 1;
            classIndex[cellOffset + cell] = classes[b];
            box[boxOffset + cell] = (float) Math.max(-0.499, Math.min(0.499, xc / s - i - 0.5));
            box[boxOffset + cells + cell] = (float) Math.max(-0.499, Math.min(0.499, yc / s - j - 0.5));
            box[boxOffset + 2 * cells + cell] = (float) Math.log(w / s);
            box[boxOffset + 3 * cells + cell] = (float) Math.log(h / s);
        }
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n - 1, v));
    }
}
