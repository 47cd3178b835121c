package io.framewise.evaluator.core.coco;

import io.framewise.common.model.keypoints.Oks;
import io.framewise.evaluator.core.Evaluator;
import io.framewise.evaluator.core.Metrics;
import io.framewise.evaluator.core.box.BoundingBox;
import io.framewise.evaluator.core.box.BoxTable;
import io.framewise.evaluator.core.box.ImageIndex;
import io.framewise.evaluator.core.keypoints.GroundTruthPose;
import io.framewise.evaluator.core.keypoints.ImagePoses;
import io.framewise.evaluator.core.keypoints.PredictedPose;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * COCO keypoint evaluation, giving the numbers pycocotools' {@code COCOeval(iouType='keypoints')} gives: the
 * box evaluation's matching and accumulation ({@link ImageMatcher}, {@link CocoAccumulation}) with OKS
 * ({@link Oks}, pycocotools' {@code computeOks}) as the similarity.
 *
 * <p>As in pycocotools: a ground truth is ignored when it is a crowd or has {@code num_keypoints == 0} (a
 * crowd still absorbs any number of detections); the best {@code maxDets[-1]} detections per image and
 * category by score (stable on ties) are matched; a detection's area is {@link PredictedPose#area()}.
 * The evaluated categories are those given sigmas; poses of other categories are left out with a warning.
 * A category without counted ground truth yields -1 and does not enter the means.
 *
 * <p>Coordinates are held as floats because {@link Oks} takes floats; pycocotools computes in doubles, so an
 * OKS within about 1e-7 of a threshold may fall on the other side.
 */
public final class CocoKeypointEvaluator implements Evaluator<ImagePoses> {

    private final CocoParams params;
    private final Map<Integer, double[]> sigmas;
    private final ImageIndex images = new ImageIndex();
    private final BoxTable groundTruth = new BoxTable();
    private final BoxTable detections = new BoxTable();
    private final List<float[]> gtKeypoints = new ArrayList<>();
    private final List<float[]> gtBoxes = new ArrayList<>();
    private final List<double[]> gtSigmas = new ArrayList<>();
    private final BitSet gtIgnored = new BitSet();
    private final List<float[]> dtKeypoints = new ArrayList<>();
    private long gtOutside;
    private long dtOutside;

    /** pycocotools' keypoint parameters ({@link CocoParams#keypoints()}). */
    public CocoKeypointEvaluator(Map<Integer, double[]> sigmasByCategory) {
        this(CocoParams.keypoints(), sigmasByCategory);
    }

    /**
     * @param sigmasByCategory the evaluated categories, each with one OKS sigma per part
     *                         ({@code kpt_oks_sigmas}, e.g. {@code KeypointSpec.COCO_PERSON_SIGMAS})
     */
    public CocoKeypointEvaluator(CocoParams params, Map<Integer, double[]> sigmasByCategory) {
        this.params = params;
        this.sigmas = new TreeMap<>();
        sigmasByCategory.forEach((category, values) -> {
            if (values == null || values.length == 0) {
                throw new IllegalArgumentException("category " + category + " needs one OKS sigma per part");
            }
            for (double sigma : values) {
                if (!(sigma > 0) || Double.isInfinite(sigma)) {
                    throw new IllegalArgumentException("the OKS sigmas of category " + category
                            + " must be positive and finite: " + Arrays.toString(values));
                }
            }
            sigmas.put(category, values.clone());
        });
    }

    @Override
    public void reset() {
        images.clear();
        groundTruth.clear();
        detections.clear();
        gtKeypoints.clear();
        gtBoxes.clear();
        gtSigmas.clear();
        gtIgnored.clear();
        dtKeypoints.clear();
        gtOutside = 0;
        dtOutside = 0;
    }

    /** @throws IllegalArgumentException when a pose's part count is not its category's number of sigmas */
    @Override
    public void process(List<? extends ImagePoses> batch) {
        for (ImagePoses image : batch) {
            int index = images.indexOf(image.imageId());
            for (GroundTruthPose pose : image.groundTruth()) {
                double[] partSigmas = sigmas.get(pose.categoryId());
                if (partSigmas == null) {
                    gtOutside++;
                    continue;
                }
                checkParts(image.imageId(), "annotation " + pose.id(), pose.categoryId(), pose.parts(), partSigmas);
                BoundingBox b = pose.box();
                int row = groundTruth.add(index, pose.categoryId(), b.x(), b.y(), b.width(), b.height(),
                        pose.area(), 0, pose.crowd(), pose.id());
                gtKeypoints.add(pose.keypoints());
                gtBoxes.add(new float[] {(float) b.x(), (float) b.y(), (float) b.width(), (float) b.height()});
                gtSigmas.add(partSigmas);
                gtIgnored.set(row, pose.ignored());
            }
            for (PredictedPose pose : image.predictions()) {
                double[] partSigmas = sigmas.get(pose.categoryId());
                if (partSigmas == null) {
                    dtOutside++;
                    continue;
                }
                checkParts(image.imageId(), "a predicted pose", pose.categoryId(), pose.parts(), partSigmas);
                // the box columns are unused for keypoints; the id is the row's 1-based number, as loadRes gives
                detections.add(index, pose.categoryId(), 0, 0, 0, 0, pose.area(), pose.score(), false,
                        detections.size() + 1L);
                dtKeypoints.add(pose.xy());
            }
        }
    }

    private static void checkParts(long imageId, String what, int category, int parts, double[] partSigmas) {
        if (parts != partSigmas.length) {
            throw new IllegalArgumentException("image " + imageId + ": " + what + " of category " + category
                    + " has " + parts + " keypoints, but the category has " + partSigmas.length + " OKS sigmas");
        }
    }

    /** The ten numbers under {@link CocoKeypointSummary#KEYS}; per category AP, AP50, AP75 and AR. */
    @Override
    public Metrics evaluate() {
        return evaluate(accumulate());
    }

    /** {@link #evaluate()} from an accumulation this evaluator made, to avoid computing it twice. */
    public Metrics evaluate(CocoAccumulation accumulation) {
        Map<Integer, Map<String, Double>> perCategory = new LinkedHashMap<>();
        int[] ids = accumulation.categoryIds();
        for (int k = 0; k < ids.length; k++) {
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("AP", accumulation.categoryAveragePrecision(k, Double.NaN, CocoParams.ALL));
            values.put("AP50", accumulation.categoryAveragePrecision(k, 0.5, CocoParams.ALL));
            values.put("AP75", accumulation.categoryAveragePrecision(k, 0.75, CocoParams.ALL));
            values.put("AR", accumulation.categoryAverageRecall(k));
            perCategory.put(ids[k], values);
        }
        return new Metrics(CocoKeypointSummary.of(accumulation).asMap(), perCategory, warnings(ids));
    }

    /** Runs matching and accumulation over everything processed; the full precision/recall table. */
    public CocoAccumulation accumulate() {
        ImageMatcher matcher = new ImageMatcher(params, groundTruth, detections,
                (dtRow, gtRow) -> Oks.oks(gtKeypoints.get(gtRow), dtKeypoints.get(dtRow), groundTruth.area(gtRow),
                        gtSigmas.get(gtRow), gtBoxes.get(gtRow)),
                gtIgnored::get);
        return matcher.accumulate(evaluatedCategories(), images.ranks());
    }

    /** The evaluated categories (those given sigmas), ascending. */
    public int[] evaluatedCategories() {
        return sigmas.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    private List<String> warnings(int[] evaluated) {
        List<String> warnings = new ArrayList<>();
        BitSet withGroundTruth = new BitSet();
        for (int row = 0; row < groundTruth.size(); row++) {
            withGroundTruth.set(Arrays.binarySearch(evaluated, groundTruth.category(row)));
        }
        long dtWithoutGroundTruth = 0;
        for (int row = 0; row < detections.size(); row++) {
            if (!withGroundTruth.get(Arrays.binarySearch(evaluated, detections.category(row)))) {
                dtWithoutGroundTruth++;
            }
        }
        if (gtOutside > 0) {
            warnings.add(gtOutside + " ground-truth poses of categories without OKS sigmas were ignored");
        }
        if (dtOutside > 0) {
            warnings.add(dtOutside + " predicted poses of categories without OKS sigmas were ignored");
        }
        if (dtWithoutGroundTruth > 0) {
            warnings.add(dtWithoutGroundTruth + " predicted poses are of categories without ground-truth poses,"
                    + " which have no AP (-1) and leave the means unchanged");
        }
        return warnings;
    }
}
