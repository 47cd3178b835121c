package io.framewise.common.model;

import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch records gradients per thread, and a new thread starts with recording on. DJL turns it off only on
 * the thread that loaded the engine. Code that changes parameters in place (initialization, loading weights)
 * or runs inference calls {@link #off()} first, on whatever thread it is; a gradient collector turns recording
 * on for its own scope and back off when it closes.
 */
public final class GradientMode {

    private GradientMode() {
    }

    public static void off() {
        JniUtils.setGradMode(false);
    }
}
