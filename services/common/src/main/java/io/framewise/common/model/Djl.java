package io.framewise.common.model;

/** Settings DJL reads once, when its engine loads. */
public final class Djl {

    private Djl() {
    }

    /**
     * libtorch comes from the pytorch-native-cpu jar: DJL must never try to download it. Unless the user set
     * {@code ai.djl.offline} (or {@code DJL_OFFLINE}) otherwise; call before the first array is made.
     */
    public static void offline() {
        if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }
}
