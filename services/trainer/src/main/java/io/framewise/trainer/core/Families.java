package io.framewise.trainer.core;

import java.util.LinkedHashMap;
import java.util.Map;

/** The model families the trainer knows, by name. */
public final class Families {

    private static final Map<String, TrainingFamily> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put(DetectorTraining.FAMILY.name(), DetectorTraining.FAMILY);
        KNOWN.put(LoansTraining.FAMILY.name(), LoansTraining.FAMILY);
        KNOWN.put(PoseTraining.FAMILY.name(), PoseTraining.FAMILY);
        KNOWN.put(io.framewise.trainer.core.gaze.GazeTraining.FAMILY.name(), io.framewise.trainer.core.gaze.GazeTraining.FAMILY);
    }

    private Families() {
    }

    public static TrainingFamily byName(String name) {
        TrainingFamily family = KNOWN.get(name);
        if (family == null) {
            throw new IllegalArgumentException("unknown model family '" + name + "'; known: " + KNOWN.keySet());
        }
        return family;
    }

    public static java.util.Set<String> names() {
        return KNOWN.keySet();
    }
}
