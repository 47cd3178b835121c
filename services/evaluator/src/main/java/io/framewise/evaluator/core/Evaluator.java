package io.framewise.evaluator.core;

import java.util.List;

/**
 * A metric, in three steps (the Detectron2 evaluator shape): {@link #reset()} before a run,
 * {@link #process(List)} for every batch the model produced, {@link #evaluate()} once at the end.
 * Evaluators are not thread-safe; feed one from one thread.
 *
 * <p>The sample type is the metric's input: box metrics take
 * {@link io.framewise.evaluator.core.box.ImageDetections}; keypoint (OKS) and heatmap (AUC, L2)
 * evaluators bring their own sample types and plug in the same way.
 *
 * @param <S> one evaluated sample (an image with its ground truth and the model's output)
 */
public interface Evaluator<S> {

    /** Forgets every processed sample. */
    void reset();

    /** Adds a batch of samples; may be called any number of times between reset and evaluate. */
    void process(List<? extends S> batch);

    /** Computes the metrics over everything processed since the last reset. */
    Metrics evaluate();
}
