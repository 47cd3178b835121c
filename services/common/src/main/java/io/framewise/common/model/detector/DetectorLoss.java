package io.framewise.common.model.detector;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The detector's loss terms, from the head output {@code (N, 5 + C, gh, gw)} and the encoded targets:
 * <ul>
 *   <li>{@code objectness}: sigmoid binary cross-entropy, mean over every cell of the batch;</li>
 *   <li>{@code class}: softmax cross-entropy over the object cells, mean per object;</li>
 *   <li>{@code box}: smooth L1 (Huber, delta 1) of {@code (tanh tx, tanh ty, tw, th)} against their targets on
 *   the object cells, summed over the four and averaged per object.</li>
 * </ul>
 * The total is their sum. All from elementwise ops, so the gradient is PyTorch's own.
 */
public final class DetectorLoss {

    private DetectorLoss() {
    }

    /**
     * @param output head output {@code (N, 5 + C, gh, gw)}
     * @param boxTarget {@code (N, 4, cells)}
     * @param objectness {@code (N, cells)}, 1 on object cells
     * @param classOneHot {@code (N, C, cells)}, zero on empty cells
     */
    public static Map<String, NDArray> terms(NDArray output, NDArray boxTarget, NDArray objectness, NDArray classOneHot) {
        Shape s = output.getShape();
        long n = s.get(0);
        long channels = s.get(1);
        NDArray flat = output.reshape(n, channels, -1);
        NDArray objLogit = flat.get(":, 4, :");
        NDArray objLoss = objLogit.maximum(0f).sub(objLogit.mul(objectness))
                .add(objLogit.abs().neg().exp().add(1f).log()).mean();

        NDArray objects = objectness.sum().maximum(1f);
        NDArray logProb = flat.get(":, 5:, :").logSoftmax(1);
        NDArray classLoss = logProb.mul(classOneHot).sum().neg().div(objects);

        NDArray xy = flat.get(":, 0:2, :").tanh();
        NDArray wh = flat.get(":, 2:4, :");
        NDArray diff = xy.concat(wh, 1).sub(boxTarget).abs();
        NDArray q = diff.minimum(1f);
        NDArray huber = q.square().mul(0.5f).add(diff.sub(q));
        NDArray boxLoss = huber.sum(new int[] {1}).mul(objectness).sum().div(objects);

        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("objectness", objLoss);
        terms.put("class", classLoss);
        terms.put("box", boxLoss);
        return terms;
    }
}
