package io.framewise.trainer.core;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam or SGD with momentum over one block's trainable parameters, with its state (moments, step count)
 * saved in checkpoints so that a resumed run continues exactly where it stopped; DJL's own optimizers keep
 * their state private. The updates are libtorch's fused kernels (through DJL's {@code adamUpdate} and
 * {@code sgdUpdate}), which also zero the gradients.
 */
public final class Optimizer implements AutoCloseable {

    private static final float BETA1 = 0.9f, BETA2 = 0.999f, EPSILON = 1e-8f;

    private final String kind;
    private final float momentum;
    private final float weightDecay;
    private final NDManager manager;
    private final List<Pair<String, Parameter>> parameters = new ArrayList<>();
    private final Map<String, NDArray[]> state = new LinkedHashMap<>();
    private long steps;

    public Optimizer(String kind, double momentum, double weightDecay, Block block, NDManager parent) {
        this.kind = kind;
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
        this.manager = parent.newSubManager();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                parameters.add(p);
            }
        }
    }

    public long steps() {
        return steps;
    }

    /** One update of every parameter that has a gradient, at {@code learningRate}. */
    public void step(double learningRate) {
        steps++;
        float lr = (float) learningRate;
        for (Pair<String, Parameter> p : parameters) {
            NDArray weight = p.getValue().getArray();
            if (!weight.hasGradient()) {
                continue;
            }
            NDArray grad = weight.getGradient();
            NDArray[] s = state.computeIfAbsent(p.getKey(), k -> newState(weight));
            if (kind.equals("adam")) {
                double c1 = 1 - Math.pow(BETA1, steps);
                double c2 = 1 - Math.pow(BETA2, steps);
                float corrected = (float) (lr * Math.sqrt(c2) / c1);
                weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, s[0], s[1]), new NDList(weight), lr,
                        corrected, weightDecay, 1f, -1f, BETA1, BETA2, EPSILON, true, false);
            } else {
                weight.getNDArrayInternal().sgdUpdate(new NDList(weight, grad, s[0]), new NDList(weight), lr,
                        weightDecay, 1f, -1f, momentum, false);
            }
        }
    }

    private NDArray[] newState(NDArray weight) {
        int n = kind.equals("adam") ? 2 : 1;
        NDArray[] s = new NDArray[n];
        for (int i = 0; i < n; i++) {
            s[i] = manager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice());
        }
        return s;
    }

    /** Writes the step count and every moment array, named by parameter. */
    public void save(OutputStream out) throws IOException {
        NDList list = new NDList();
        NDArray count = manager.create(new long[] {steps});
        count.setName("@steps");
        list.add(count);
        state.forEach((name, arrays) -> {
            for (int i = 0; i < arrays.length; i++) {
                NDArray a = arrays[i].duplicate();
                a.setName(name + "#" + i);
                list.add(a);
            }
        });
        list.encode(out);
        list.close();
    }

    /** Restores what {@link #save} wrote; moments of parameters this model does not have are dropped. */
    public void load(InputStream in) throws IOException {
        NDList list = NDList.decode(manager, in);
        Map<String, NDArray> named = new LinkedHashMap<>();
        for (NDArray a : list) {
            named.put(a.getName(), a);
        }
        NDArray count = named.remove("@steps");
        if (count == null) {
            throw new IOException("optimizer state has no step count");
        }
        steps = count.toLongArray()[0];
        int n = kind.equals("adam") ? 2 : 1;
        for (Pair<String, Parameter> p : parameters) {
            NDArray[] s = new NDArray[n];
            boolean complete = true;
            for (int i = 0; i < n; i++) {
                s[i] = named.get(p.getKey() + "#" + i);
                complete &= s[i] != null && s[i].getShape().equals(p.getValue().getArray().getShape());
            }
            if (complete) {
                state.put(p.getKey(), s);
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
