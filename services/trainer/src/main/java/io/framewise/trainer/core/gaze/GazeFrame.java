package io.framewise.trainer.core.gaze;

/**
 * One annotated frame of a person's track: the head box and where the person looks, in image pixels.
 *
 * @param imageKey the image's path below the dataset's {@code images/} folder ({@code show/clip/00012.jpg}); read it
 *     with {@link GazeDataset#images()}
 * @param frame the frame exactly as the annotation file writes it ({@code 00012.jpg}, or {@code 00012} when the file
 *     gives no extension); never parsed to a number, so leading zeros stay
 * @param gazeX the gaze target's x in pixels, {@link Double#NaN} when the target is outside the frame
 * @param gazeY the gaze target's y in pixels, {@link Double#NaN} when the target is outside the frame
 * @param inFrame whether the gaze target is inside the frame (the file's {@code -1,-1} means it is not)
 */
public record GazeFrame(String imageKey, String frame, double xmin, double ymin, double xmax, double ymax,
        double gazeX, double gazeY, boolean inFrame) {

    /** This frame with its image key below another folder ({@code prefix/imageKey}). */
    GazeFrame under(String prefix) {
        return new GazeFrame(prefix + "/" + imageKey, frame, xmin, ymin, xmax, ymax, gazeX, gazeY, inFrame);
    }
}
