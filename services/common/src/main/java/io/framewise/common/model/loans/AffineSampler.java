package io.framewise.common.model.loans;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A differentiable affine crop: the 2x3 transform {@code theta} maps the output grid (normalized coordinates,
 * -1 .. 1 on both axes, corners on the corner pixels' centres) to input coordinates, and the input is
 * sampled bilinearly there, zero outside. Written from matrix product, floor, gather and elementwise ops,
 * because DJL's PyTorch engine has no grid_sample: the gradient flows to the image and, through the bilinear
 * weights, to {@code theta}. Matches PyTorch's {@code affine_grid} + {@code grid_sample} with
 * {@code align_corners=True} and zero padding.
 */
public final class AffineSampler {

    private AffineSampler() {
    }

    /** The output grid {@code [x, y, 1]} per output pixel, row-major: shape {@code (1, h*w, 3)}. */
    static NDArray baseGrid(NDManager manager, int height, int width) {
        float[] grid = new float[height * width * 3];
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                int p = (j * width + i) * 3;
                grid[p] = width == 1 ? 0 : -1f + 2f * i / (width - 1);
                grid[p + 1] = height == 1 ? 0 : -1f + 2f * j / (height - 1);
                grid[p + 2] = 1f;
            }
        }
        return manager.create(grid, new Shape(1, (long) height * width, 3));
    }

    /**
     * Crops {@code (N, C, H, W)} images with {@code (N, 2, 3)} transforms into {@code (N, C, height, width)}.
     */
    public static NDArray sample(NDArray images, NDArray theta, int height, int width) {
        NDManager m = images.getManager();
        Shape s = images.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        long points = (long) height * width;
        NDArray grid = baseGrid(m, height, width).broadcast(new Shape(n, points, 3));
        NDArray source = grid.batchMatMul(theta.transpose(0, 2, 1));            // (N, P, 2)
        NDArray px = source.get(":, :, 0").add(1f).mul((w - 1) / 2f);
        NDArray py = source.get(":, :, 1").add(1f).mul((h - 1) / 2f);
        NDArray x0 = px.floor().stopGradient();
        NDArray y0 = py.floor().stopGradient();
        NDArray x1 = x0.add(1f);
        NDArray y1 = y0.add(1f);
        NDArray flat = images.reshape(n, c, h * w);
        NDArray out = corner(flat, x0, y0, w, h, c).mul(x1.sub(px).mul(y1.sub(py)).expandDims(1))
                .add(corner(flat, x0, y1, w, h, c).mul(x1.sub(px).mul(py.sub(y0)).expandDims(1)))
                .add(corner(flat, x1, y0, w, h, c).mul(px.sub(x0).mul(y1.sub(py)).expandDims(1)))
                .add(corner(flat, x1, y1, w, h, c).mul(px.sub(x0).mul(py.sub(y0)).expandDims(1)));
        return out.reshape(n, c, height, width);
    }

    /** The input at integer positions {@code (x, y)} per output point, {@code (N, C, P)}, zero outside the image. */
    private static NDArray corner(NDArray flat, NDArray x, NDArray y, long w, long h, long c) {
        NDArray inside = x.gte(0f).logicalAnd(x.lte(w - 1f)).logicalAnd(y.gte(0f)).logicalAnd(y.lte(h - 1f))
                .toType(DataType.FLOAT32, false);
        NDArray index = y.clip(0, h - 1).mul(w).add(x.clip(0, w - 1)).toType(DataType.INT64, false);
        Shape is = index.getShape();
        NDArray gathered = flat.gather(index.expandDims(1).broadcast(new Shape(is.get(0), c, is.get(1))), 2);
        return gathered.mul(inside.expandDims(1));
    }

    /**
     * The crop window of each transform in input pixels: the corners of the output grid mapped through
     * {@code theta}, as {@code (x0, y0, x1, y1)} of their bounding box, shape {@code (N, 4)}.
     */
    public static float[] boxes(float[] theta, int count, int inputWidth, int inputHeight) {
        float[] boxes = new float[count * 4];
        for (int k = 0; k < count; k++) {
            float minX = Float.MAX_VALUE, minY = Float.MAX_VALUE, maxX = -Float.MAX_VALUE, maxY = -Float.MAX_VALUE;
            for (int cy = -1; cy <= 1; cy += 2) {
                for (int cx = -1; cx <= 1; cx += 2) {
                    int t = k * 6;
                    float xs = theta[t] * cx + theta[t + 1] * cy + theta[t + 2];
                    float ys = theta[t + 3] * cx + theta[t + 4] * cy + theta[t + 5];
                    float px = (xs + 1) * (inputWidth - 1) / 2f;
                    float py = (ys + 1) * (inputHeight - 1) / 2f;
                    minX = Math.min(minX, px);
                    maxX = Math.max(maxX, px);
                    minY = Math.min(minY, py);
                    maxY = Math.max(maxY, py);
                }
            }
            boxes[4 * k] = minX;
            boxes[4 * k + 1] = minY;
            boxes[4 * k + 2] = maxX;
            boxes[4 * k + 3] = maxY;
        }
        return boxes;
    }
}
