/**
 * The evaluator's pure core: metrics over plain Java values, no Kafka, Quarkus or object-store types.
 *
 * <ul>
 *   <li>{@link io.framewise.evaluator.core.Evaluator}: the three-step shape every metric follows
 *       (reset, process a batch, evaluate) and {@link io.framewise.evaluator.core.Metrics}, what it returns;</li>
 *   <li>{@code box}: the samples box metrics consume ({@code ImageDetections}: an image id, its
 *       {@code GroundTruthBox}es, its {@code Detection}s) and the primitive-array machinery they share;</li>
 *   <li>{@code coco}: {@code CocoEvaluator} and {@code CocoKeypointEvaluator}, pycocotools' COCOeval for boxes
 *       and for keypoints (OKS), and the COCO JSON readers;</li>
 *   <li>{@code keypoints}: the samples keypoint metrics consume ({@code ImagePoses}: an image id, its
 *       {@code GroundTruthPose}s, its {@code PredictedPose}s);</li>
 *   <li>{@code voc}: VOC AP, all-points and 11-point, at one IoU;</li>
 *   <li>{@code localization}: LoANs-style recall, precision, harmonic mean and IoU of the misses;</li>
 *   <li>{@code assessor}: Pearson correlation of predicted against true IoU;</li>
 *   <li>{@code gaze}: the VideoAttentionTarget gaze-target metrics ({@code GazeEvaluator} over
 *       {@code GazeSample}s: heatmap AUC, argmax distance, in/out AP), with sklearn's {@code roc_auc_score}
 *       ({@code AucScore}) and {@code average_precision_score} ({@code AveragePrecision});</li>
 *   <li>{@link io.framewise.evaluator.core.CocoEvaluation}: the offline {@code eval-file} entry point,
 *       returning an {@link io.framewise.evaluator.core.EvaluationReport}, and
 *       {@link io.framewise.evaluator.core.KeypointEvaluation}, its keypoint counterpart.</li>
 * </ul>
 */
package io.framewise.evaluator.core;
