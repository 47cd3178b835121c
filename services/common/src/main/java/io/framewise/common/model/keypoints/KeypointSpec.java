package io.framewise.common.model.keypoints;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a keypoint (pose) model predicts: the part names, the left/right pairs a horizontal flip swaps, the per-part
 * OKS sigmas and the skeleton drawn between parts.
 *
 * <p>Pairs and bones are given as indexes into {@link #parts()}. The sigmas are COCO's per-part keypoint sigmas (the
 * {@code kpt_oks_sigmas} of pycocotools, fractions of the object scale); when {@code null} they default to
 * {@link #COCO_PERSON_SIGMAS} if the parts are exactly {@link #COCO_PERSON_PARTS}, and are required otherwise.
 *
 * @param parts part names, at least one, unique and non-blank
 * @param flipPairs left/right pairs swapped by a horizontal flip; each part in at most one pair ({@code null} = none)
 * @param sigmas one positive OKS sigma per part ({@code null} = the COCO person sigmas for the COCO person parts)
 * @param skeleton bones drawn between parts, no bone twice ({@code null} = none)
 */
public record KeypointSpec(List<String> parts, List<Pair> flipPairs, double[] sigmas, List<Pair> skeleton) {

    /** Two part indexes: a left/right pair, or a bone of the skeleton. */
    public record Pair(int first, int second) {

        @Override
        public String toString() {
            return "(" + first + ", " + second + ")";
        }
    }

    /** The 17 COCO person keypoints, in COCO's order. */
    public static final List<String> COCO_PERSON_PARTS = List.of("nose", "left_eye", "right_eye", "left_ear",
            "right_ear", "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
            "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle");

    /** pycocotools' default {@code kpt_oks_sigmas} for {@link #COCO_PERSON_PARTS}. */
    public static final double[] COCO_PERSON_SIGMAS = {.026, .025, .025, .035, .035, .079, .079, .072, .072, .062,
            .062, .107, .107, .087, .087, .089, .089};

    public KeypointSpec {
        parts = validParts(parts);
        flipPairs = validFlipPairs(parts, flipPairs);
        sigmas = validSigmas(parts, sigmas);
        skeleton = validSkeleton(parts, skeleton);
    }

    /** A spec with the default sigmas (COCO person parts only) and no skeleton. */
    public KeypointSpec(List<String> parts, List<Pair> flipPairs) {
        this(parts, flipPairs, null, null);
    }

    /** The COCO person keypoints with COCO's flip pairs, sigmas and skeleton (the skeleton of person_keypoints). */
    public static KeypointSpec cocoPerson() {
        List<Pair> pairs = new ArrayList<>();
        for (int left = 1; left < COCO_PERSON_PARTS.size(); left += 2) {
            pairs.add(new Pair(left, left + 1));
        }
        // COCO's skeleton is 1-based; these are the same bones, 0-based.
        int[][] bones = {{15, 13}, {13, 11}, {16, 14}, {14, 12}, {11, 12}, {5, 11}, {6, 12}, {5, 6}, {5, 7}, {6, 8},
                {7, 9}, {8, 10}, {1, 2}, {0, 1}, {0, 2}, {1, 3}, {2, 4}, {3, 5}, {4, 6}};
        List<Pair> skeleton = new ArrayList<>();
        for (int[] bone : bones) {
            skeleton.add(new Pair(bone[0], bone[1]));
        }
        return new KeypointSpec(COCO_PERSON_PARTS, pairs, null, skeleton);
    }

    /** Model settings keys holding a spec (see {@link #toSettings()}). */
    public static final String PARTS = "parts", FLIP_PAIRS = "flipPairs", SIGMAS = "sigmas", SKELETON = "skeleton";

    /**
     * The spec as model settings: {@code parts} comma-separated names, {@code flipPairs} and {@code skeleton}
     * comma-separated {@code name:name} pairs, {@code sigmas} comma-separated numbers. What {@code model.json} holds.
     */
    public Map<String, String> toSettings() {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put(PARTS, String.join(",", parts));
        settings.put(FLIP_PAIRS, pairsText(flipPairs));
        settings.put(SIGMAS, String.join(",", Arrays.stream(sigmas).mapToObj(Double::toString).toList()));
        settings.put(SKELETON, pairsText(skeleton));
        return settings;
    }

    /** The spec {@link #toSettings()} wrote; missing {@code sigmas} default as in the constructor. */
    public static KeypointSpec fromSettings(Map<String, String> settings) {
        String partsText = settings.get(PARTS);
        if (partsText == null || partsText.isBlank()) {
            throw new IllegalArgumentException("model setting '" + PARTS + "' (comma-separated part names) is missing");
        }
        List<String> parts = Arrays.stream(partsText.split(",")).map(String::trim).toList();
        String sigmaText = settings.get(SIGMAS);
        double[] sigmas = null;
        if (sigmaText != null && !sigmaText.isBlank()) {
            String[] values = sigmaText.split(",");
            sigmas = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                try {
                    sigmas[i] = Double.parseDouble(values[i].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("model setting '" + SIGMAS + "': '" + values[i].trim()
                            + "' is not a number");
                }
            }
        }
        return new KeypointSpec(parts, parsePairs(FLIP_PAIRS, settings.get(FLIP_PAIRS), parts), sigmas,
                parsePairs(SKELETON, settings.get(SKELETON), parts));
    }

    /**
     * Left/right pairs found by name: a part whose name contains {@code left} (any case) pairs with the part named
     * the same with {@code right} in its place, and {@code l_}/{@code r_} prefixes likewise.
     */
    public static List<Pair> pairsByName(List<String> parts) {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String name = parts.get(i);
            String partner = null;
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            int at = lower.indexOf("left");
            if (at >= 0) {
                String right = name.charAt(at) == 'L' ? (name.startsWith("LEFT", at) ? "RIGHT" : "Right") : "right";
                partner = name.substring(0, at) + right + name.substring(at + 4);
            } else if (lower.startsWith("l_")) {
                partner = name.charAt(0) == 'L' ? "R" + name.substring(1) : "r" + name.substring(1);
            }
            int j = partner == null ? -1 : parts.indexOf(partner);
            if (j >= 0) {
                pairs.add(new Pair(i, j));
            }
        }
        return pairs;
    }

    private String pairsText(List<Pair> pairs) {
        return String.join(",", pairs.stream().map(p -> parts.get(p.first()) + ":" + parts.get(p.second())).toList());
    }

    private static List<Pair> parsePairs(String key, String text, List<String> parts) {
        List<Pair> pairs = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return pairs;
        }
        for (String item : text.split(",")) {
            String[] names = item.trim().split(":");
            if (names.length != 2) {
                throw new IllegalArgumentException("model setting '" + key + "': '" + item.trim()
                        + "' is not a pair of part names 'a:b'");
            }
            int a = parts.indexOf(names[0].trim());
            int b = parts.indexOf(names[1].trim());
            if (a < 0 || b < 0) {
                throw new IllegalArgumentException("model setting '" + key + "': '" + (a < 0 ? names[0] : names[1]).trim()
                        + "' is not one of the parts " + parts);
            }
            pairs.add(new Pair(a, b));
        }
        return pairs;
    }

    /** The number of parts. */
    public int size() {
        return parts.size();
    }

    /** The index of a part, or -1. */
    public int indexOf(String part) {
        return parts.indexOf(part);
    }

    /** A copy of the per-part sigmas. */
    @Override
    public double[] sigmas() {
        return sigmas.clone();
    }

    /**
     * The permutation a horizontal flip applies to the parts: after flipping, part {@code i} is what was part
     * {@code p[i]} before (its pair partner, or itself when unpaired). It is its own inverse.
     */
    public int[] flipPermutation() {
        int[] p = new int[parts.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        for (Pair pair : flipPairs) {
            p[pair.first()] = pair.second();
            p[pair.second()] = pair.first();
        }
        return p;
    }

    /**
     * Flips keypoints horizontally in an image {@code width} pixels wide: x becomes {@code width - x} (the
     * pixel-centre convention of {@link Heatmaps}) and the paired parts swap places. Each row is {@code x, y, ...}
     * (further values such as the visibility are carried along); a new array is returned.
     */
    public float[][] flipKeypoints(float[][] keypoints, double width) {
        if (keypoints.length != parts.size()) {
            throw new IllegalArgumentException(keypoints.length + " keypoints for " + parts.size() + " parts");
        }
        int[] p = flipPermutation();
        float[][] flipped = new float[keypoints.length][];
        for (int i = 0; i < flipped.length; i++) {
            float[] from = keypoints[p[i]];
            if (from == null || from.length < 2) {
                throw new IllegalArgumentException("keypoint of part '" + parts.get(p[i]) + "' (index " + p[i]
                        + ") needs at least x and y");
            }
            flipped[i] = from.clone();
            flipped[i][0] = (float) (width - from[0]);
        }
        return flipped;
    }

    private static List<String> validParts(List<String> parts) {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("a keypoint spec needs at least one part");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String name = parts.get(i);
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("the name of part " + i + " is blank");
            }
            if (name.contains(",") || name.contains(":") || !name.equals(name.trim())) {
                throw new IllegalArgumentException("part name '" + name + "' may not contain ',' or ':' nor start or"
                        + " end with a space");
            }
            Integer before = seen.putIfAbsent(name, i);
            if (before != null) {
                throw new IllegalArgumentException("part names must be unique: '" + name + "' is part " + before
                        + " and part " + i);
            }
        }
        return List.copyOf(parts);
    }

    private static List<Pair> validFlipPairs(List<String> parts, List<Pair> pairs) {
        if (pairs == null) {
            return List.of();
        }
        int[] pairOf = new int[parts.size()];
        Arrays.fill(pairOf, -1);
        for (int k = 0; k < pairs.size(); k++) {
            Pair pair = pairs.get(k);
            String what = "flip pair " + k + " " + pair;
            if (pair == null) {
                throw new IllegalArgumentException("flip pair " + k + " is missing");
            }
            checkIndex(parts, what, pair.first());
            checkIndex(parts, what, pair.second());
            if (pair.first() == pair.second()) {
                throw new IllegalArgumentException(what + " pairs part '" + parts.get(pair.first())
                        + "' with itself");
            }
            for (int part : new int[] {pair.first(), pair.second()}) {
                if (pairOf[part] >= 0) {
                    throw new IllegalArgumentException("part '" + parts.get(part) + "' (index " + part
                            + ") is in flip pair " + pairOf[part] + " and again in " + what
                            + "; each part can be in at most one pair");
                }
                pairOf[part] = k;
            }
        }
        return List.copyOf(pairs);
    }

    private static double[] validSigmas(List<String> parts, double[] sigmas) {
        if (sigmas == null) {
            if (parts.equals(COCO_PERSON_PARTS)) {
                return COCO_PERSON_SIGMAS.clone();
            }
            throw new IllegalArgumentException("per-part OKS sigmas are required (" + parts.size()
                    + " values); they default only for the 17 COCO person parts");
        }
        if (sigmas.length != parts.size()) {
            throw new IllegalArgumentException(sigmas.length + " OKS sigmas for " + parts.size()
                    + " parts; give one per part");
        }
        for (int i = 0; i < sigmas.length; i++) {
            if (!(sigmas[i] > 0) || Double.isInfinite(sigmas[i])) {
                throw new IllegalArgumentException("the OKS sigma of part '" + parts.get(i) + "' (index " + i
                        + ") must be positive and finite, was " + sigmas[i]);
            }
        }
        return sigmas.clone();
    }

    private static List<Pair> validSkeleton(List<String> parts, List<Pair> skeleton) {
        if (skeleton == null) {
            return List.of();
        }
        Map<Long, Integer> seen = new HashMap<>();
        for (int k = 0; k < skeleton.size(); k++) {
            Pair bone = skeleton.get(k);
            if (bone == null) {
                throw new IllegalArgumentException("bone " + k + " of the skeleton is missing");
            }
            String what = "bone " + k + " " + bone + " of the skeleton";
            checkIndex(parts, what, bone.first());
            checkIndex(parts, what, bone.second());
            if (bone.first() == bone.second()) {
                throw new IllegalArgumentException(what + " joins part '" + parts.get(bone.first())
                        + "' to itself");
            }
            long key = (long) Math.min(bone.first(), bone.second()) * parts.size()
                    + Math.max(bone.first(), bone.second());
            Integer before = seen.putIfAbsent(key, k);
            if (before != null) {
                throw new IllegalArgumentException(what + " repeats bone " + before + " between '"
                        + parts.get(bone.first()) + "' and '" + parts.get(bone.second()) + "'");
            }
        }
        return List.copyOf(skeleton);
    }

    private static void checkIndex(List<String> parts, String what, int index) {
        if (index < 0 || index >= parts.size()) {
            throw new IllegalArgumentException(what + " refers to part index " + index + " but the parts are 0.."
                    + (parts.size() - 1));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeypointSpec other && parts.equals(other.parts) && flipPairs.equals(other.flipPairs)
                && Arrays.equals(sigmas, other.sigmas) && skeleton.equals(other.skeleton);
    }

    @Override
    public int hashCode() {
        return ((parts.hashCode() * 31 + flipPairs.hashCode()) * 31 + Arrays.hashCode(sigmas)) * 31
                + skeleton.hashCode();
    }

    @Override
    public String toString() {
        return "KeypointSpec[parts=" + parts + ", flipPairs=" + flipPairs + ", sigmas=" + Arrays.toString(sigmas)
                + ", skeleton=" + skeleton + "]";
    }
}
