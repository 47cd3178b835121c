package io.framewise.videoannotator.core;

import io.framewise.common.model.detector.Detection;
import io.framewise.common.model.keypoints.KeypointSpec;
import io.framewise.common.model.keypoints.PoseDrawing;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Draws a frame's detections onto an even-sized copy of the frame (H.264 in yuv420p needs even sides; the
 * extra column or row repeats the frame's edge, so boxes keep the frame's coordinates). Boxes are coloured
 * by category, with a label (category and score, "assessor" for a LoANs assessor's score) on a filled
 * background so it stays legible on any picture. Boxes whose assessor score is below the threshold are drawn
 * dashed or not at all.
 *
 * <p>For a pose (keypoint) model, each detection's pose is drawn over the frame with {@link PoseDrawing}: bones
 * between the parts of the model's skeleton, joints coloured by side with an opacity and size following their
 * confidence, and the pose's score by its first joint. Joints whose confidence is below {@code minJointConfidence},
 * and the bones touching them, are not drawn. A pose's box is drawn (with its label) only when it is smaller than
 * the frame: the whole-frame box of a model that finds one pose per image says nothing.
 */
public final class FrameDrawing {

    /** Colours by category index; tests check drawn pixels against them. */
    public static final Color[] COLOURS = {new Color(0x00e676), new Color(0xff9100), new Color(0x2979ff),
        new Color(0xff1744), new Color(0xd500f9), new Color(0xffea00)};

    private final List<String> categories;
    private final float assessorThreshold;
    private final boolean hideBelowAssessor;
    private final KeypointSpec keypoints;
    private final float minJointConfidence;

    /** A drawing of boxes only. */
    public FrameDrawing(List<String> categories, float assessorThreshold, boolean hideBelowAssessor) {
        this(categories, assessorThreshold, hideBelowAssessor, null, 0);
    }

    /** {@code keypoints}: a pose model's parts and skeleton, or null for a model of boxes. */
    public FrameDrawing(List<String> categories, float assessorThreshold, boolean hideBelowAssessor, KeypointSpec keypoints,
            float minJointConfidence) {
        this.categories = categories;
        this.assessorThreshold = assessorThreshold;
        this.hideBelowAssessor = hideBelowAssessor;
        this.keypoints = keypoints;
        this.minJointConfidence = minJointConfidence;
    }

    public static Color colour(int category) {
        return COLOURS[Math.floorMod(category, COLOURS.length)];
    }

    /** Line width in pixels for a frame of this width. */
    public static int lineWidth(int frameWidth) {
        return Math.max(3, Math.round(frameWidth / 240f));
    }

    public static int even(int side) {
        return side + (side & 1);
    }

    public BufferedImage draw(BufferedImage frame, AnnotatedFrame result) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        BufferedImage canvas = new BufferedImage(even(w), even(h), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = canvas.createGraphics();
        try {
            g.drawImage(frame, 0, 0, null);
            if (canvas.getWidth() > w) {
                g.drawImage(frame.getSubimage(w - 1, 0, 1, h), w, 0, null);
            }
            if (canvas.getHeight() > h) {
                g.drawImage(canvas.getSubimage(0, h - 1, canvas.getWidth(), 1), 0, h, null);
            }
            drawBoxes(g, w, result);
            if (keypoints != null) {
                // Detections without a pose (keypoint count not the spec's) are skipped by PoseDrawing.
                PoseDrawing.drawOn(g, w, result.detections(), List.of(), keypoints, minJointConfidence);
            }
        } finally {
            g.dispose();
        }
        return canvas;
    }

    private void drawBoxes(Graphics2D g, int width, AnnotatedFrame result) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int line = lineWidth(width);
        Stroke solid = new BasicStroke(line, BasicStroke.CAP_SQUARE, BasicStroke.JOIN_MITER);
        Stroke dashed = new BasicStroke(line, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {3f * line, 2f * line}, 0f);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, width / 45)));
        FontMetrics metrics = g.getFontMetrics();
        for (Detection d : result.detections()) {
            boolean weak = result.assessorScores() && d.score() < assessorThreshold;
            if (weak && hideBelowAssessor || !d.keypoints().isEmpty() && wholeFrame(d, result)) {
                continue;
            }
            Color colour = colour(d.category());
            g.setColor(colour);
            g.setStroke(weak ? dashed : solid);
            // The stroke is centred on the outline: inset by half a line so the box's pixels lie inside it.
            int x0 = (int) Math.round(d.x());
            int y0 = (int) Math.round(d.y());
            int x1 = (int) Math.round(d.x() + d.width());
            int y1 = (int) Math.round(d.y() + d.height());
            int half = line / 2;
            g.drawRect(x0 + half, y0 + half, Math.max(0, x1 - x0 - line), Math.max(0, y1 - y0 - line));
            String name = d.category() >= 0 && d.category() < categories.size() ? categories.get(d.category()) : "?";
            String label = result.assessorScores()
                    ? String.format(Locale.ROOT, "%s assessor %.2f", name, d.score())
                    : String.format(Locale.ROOT, "%s %.2f", name, d.score());
            int tw = metrics.stringWidth(label) + 4;
            int th = metrics.getAscent() + metrics.getDescent();
            int ty = y0 - th >= 0 ? y0 - th : Math.min(y1, result.height() - th);
            int tx = Math.max(0, Math.min(x0, width - tw));
            g.fillRect(tx, ty, tw, th);
            g.setColor(textColour(colour));
            g.drawString(label, tx + 2, ty + metrics.getAscent());
        }
    }

    private static boolean wholeFrame(Detection d, AnnotatedFrame frame) {
        return d.x() <= 0 && d.y() <= 0 && d.x() + d.width() >= frame.width() && d.y() + d.height() >= frame.height();
    }

    private static Color textColour(Color background) {
        double luma = 0.299 * background.getRed() + 0.587 * background.getGreen() + 0.114 * background.getBlue();
        return luma > 140 ? Color.BLACK : Color.WHITE;
    }
}
