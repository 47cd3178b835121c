package io.framewise.evaluator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.SortedMap;

/** A sweep run's metrics per epoch as JSON, {@code {"1": {"auc": 0.8, ...}, ...}}, a value that is not finite as null. */
public final class SweepEpochs {

    private SweepEpochs() {
    }

    public static ObjectNode toJson(SortedMap<Integer, Map<String, Double>> byEpoch) {
        ObjectNode epochs = JsonNodeFactory.instance.objectNode();
        byEpoch.forEach((epoch, metrics) -> {
            ObjectNode m = epochs.putObject(Integer.toString(epoch));
            metrics.forEach((name, value) -> {
                if (Double.isFinite(value)) {
                    m.put(name, value);
                } else {
                    m.putNull(name);
                }
            });
        });
        return epochs;
    }
}
