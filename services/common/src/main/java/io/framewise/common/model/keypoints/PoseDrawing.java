package io.framewise.common.model.keypoints;

import io.framewise.common.model.detector.Detection;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Poses drawn on images: the skeleton's bones as lines, each joint as a dot coloured by side (left parts orange,
 * right parts blue, unpaired parts green), its opacity and size following the part's confidence, and the pose's
 * mean confidence written by its first joint. Joints under {@code minConfidence} and the bones touching them are
 * left out. Ground truth, when given, is drawn first as small white crosses.
 */
public final class PoseDrawing {

    private static final Color LEFT = new Color(0xff9100);
    private static final Color RIGHT = new Color(0x2979ff);
    private static final Color CENTRE = new Color(0x00e676);

    private PoseDrawing() {
    }

    /** A copy of the image with the poses (and the ground truth's keypoints, {@code x, y, v} rows, if any). */
    public static BufferedImage draw(BufferedImage image, List<Detection> poses, List<float[][]> truth,
            KeypointSpec spec, double minConfidence) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
            drawOn(g, image.getWidth(), poses, truth, spec, minConfidence);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Draws onto an existing canvas of the given width (lines and dots scale with it). */
    public static void drawOn(Graphics2D g, int width, List<Detection> poses, List<float[][]> truth, KeypointSpec spec,
            double minConfidence) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float line = Math.max(1.5f, width / 320f);
        float radius = Math.max(2.5f, width / 200f);
        int[] side = sides(spec);
        g.setStroke(new BasicStroke(Math.max(1f, line / 2)));
        g.setColor(Color.WHITE);
        for (float[][] pose : truth) {
            for (float[] k : pose) {
                if (k[2] > 0) {
                    g.draw(new Line2D.Double(k[0] - radius, k[1] - radius, k[0] + radius, k[1] + radius));
                    g.draw(new Line2D.Double(k[0] - radius, k[1] + radius, k[0] + radius, k[1] - radius));
                }
            }
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(9, width / 48)));
        for (Detection pose : poses) {
            List<Keypoint> k = pose.keypoints();
            if (k.size() != spec.size()) {
                continue;
            }
            g.setStroke(new BasicStroke(line, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            for (KeypointSpec.Pair bone : spec.skeleton()) {
                Keypoint a = k.get(bone.first());
                Keypoint b = k.get(bone.second());
                if (a.confidence() < minConfidence || b.confidence() < minConfidence) {
                    continue;
                }
                g.setColor(withAlpha(side[bone.first()] == side[bone.second()] ? colour(side[bone.first()]) : CENTRE,
                        Math.min(a.confidence(), b.confidence())));
                g.draw(new Line2D.Double(a.x(), a.y(), b.x(), b.y()));
            }
            for (int p = 0; p < k.size(); p++) {
                Keypoint j = k.get(p);
                if (j.confidence() < minConfidence) {
                    continue;
                }
                double r = radius * (0.6 + 0.6 * clamp(j.confidence()));
                g.setColor(withAlpha(colour(side[p]), j.confidence()));
                g.fill(new Ellipse2D.Double(j.x() - r, j.y() - r, 2 * r, 2 * r));
            }
            Keypoint first = k.get(0);
            g.setColor(Color.WHITE);
            g.drawString(String.format(Locale.ROOT, "%.2f", pose.score()), (float) (first.x() + radius * 1.5),
                    (float) (first.y() - radius * 1.5));
        }
    }

    /** Per part: -1 left, 1 right, 0 unpaired (the first of a flip pair is taken as the left one). */
    private static int[] sides(KeypointSpec spec) {
        int[] side = new int[spec.size()];
        for (KeypointSpec.Pair pair : spec.flipPairs()) {
            boolean firstIsRight = spec.parts().get(pair.first()).toLowerCase(Locale.ROOT).contains("right");
            side[pair.first()] = firstIsRight ? 1 : -1;
            side[pair.second()] = firstIsRight ? -1 : 1;
        }
        return side;
    }

    private static Color colour(int side) {
        return side < 0 ? LEFT : side > 0 ? RIGHT : CENTRE;
    }

    private static Color withAlpha(Color c, double confidence) {
        int alpha = (int) Math.round(255 * (0.35 + 0.65 * clamp(confidence)));
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    private static double clamp(double v) {
        return Double.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
    }
}
