package io.framewise.trainer.core;

import ai.djl.engine.Engine;

/** Checks a run's {@code device} against what libtorch sees, before any work is done. */
public final class Devices {

    private Devices() {
    }

    public static void check(String device) {
        if (device.equals("cpu")) {
            return;
        }
        int gpus = Engine.getInstance().getGpuCount();
        int wanted = device.equals("gpu") ? 0 : Integer.parseInt(device.substring(4));
        if (wanted >= gpus) {
            throw new IllegalArgumentException("device " + device + " was asked for but libtorch sees " + gpus
                    + " GPU(s) on this trainer" + (gpus == 0 ? " (the CPU build of libtorch, or no CUDA device)" : "")
                    + "; send the run to a GPU trainer or set device=cpu");
        }
        // Placing arrays on a GPU is not written yet: refuse rather than silently train on the CPU.
        throw new IllegalArgumentException("device " + device + ": this trainer trains on the CPU only so far; set device=cpu");
    }
}
