package io.framewise.common.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A block's parameters (weights and batch-norm statistics) as DJL's NDList file, each array named by its
 * parameter path. Loading matches by name and shape, so initial weights from a model with another head (other
 * categories) still fill the backbone: fine-tuning.
 */
public final class Weights {

    private Weights() {
    }

    public static void save(Block block, OutputStream out) throws IOException {
        try (NDList list = new NDList()) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray copy = p.getValue().getArray().duplicate();
                copy.setName(p.getKey());
                list.add(copy);
            }
            list.encode(out);
        }
    }

    /**
     * Copies every saved array whose name and shape match into the block. Returns the names of the block's
     * parameters left as they were (absent from the file or of another shape).
     */
    public static List<String> load(Block block, InputStream in, NDManager scratch) throws IOException {
        List<String> untouched = new ArrayList<>();
        GradientMode.off();
        try (NDManager m = scratch.newSubManager()) {
            NDList saved = NDList.decode(m, in);
            Map<String, NDArray> byName = new HashMap<>();
            for (NDArray a : saved) {
                byName.put(a.getName(), a);
            }
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray target = p.getValue().getArray();
                NDArray source = byName.get(p.getKey());
                if (source == null || !source.getShape().equals(target.getShape())) {
                    untouched.add(p.getKey());
                    continue;
                }
                source.copyTo(target);
            }
        }
        return untouched;
    }
}
