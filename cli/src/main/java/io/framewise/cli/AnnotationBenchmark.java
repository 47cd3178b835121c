package io.framewise.cli;

import ai.djl.ndarray.NDManager;
import io.framewise.cli.demo.SampleData;
import io.framewise.common.model.Djl;
import io.framewise.common.model.GradientMode;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.Predictor;
import io.framewise.common.model.Weights;
import io.framewise.common.model.detector.OneStageDetector;
import io.framewise.common.store.Buckets;
import io.framewise.common.store.ObjectStore;
import io.framewise.common.video.DecodedFrame;
import io.framewise.common.video.VideoReader;
import io.framewise.localstack.LocalStack;
import io.framewise.schemas.Topic;
import io.framewise.videoannotator.core.AnnotationOptions;
import io.framewise.videoannotator.core.AnnotationSummary;
import io.framewise.videoannotator.core.VideoAnnotation;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The video-annotator's benchmark (issue 9), run by {@code bench/annotate.sh}:
 * <ol>
 * <li>frames/s of the whole annotation pipeline (decode, batched inference, draw, H.264 encode) on a generated
 * 720p video, beside the same model's standalone inference frames/s on frames already decoded into memory, same
 * batch size, same JVM, same threads; the model is the ResNet-18 one-stage detector at 512x512 input (untrained
 * weights: the speed does not depend on them);</li>
 * <li>the latency from a video's bucket event to its first {@code detections} message, with the model warm, through
 * the real service (a child JVM) on the embedded stack.</li>
 * </ol>
 * Prints one JSON line. Arguments: WORK SECONDS BATCH STANDALONE_FRAMES LATENCY_RUNS MIN_SCORE.
 */
public final class AnnotationBenchmark {

    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;
    private static final ModelSpec SPEC = new ModelSpec(OneStageDetector.FAMILY,
            Map.of("backbone", "resnet18", "imageSize", "512"), List.of("skater", "ball"));

    private AnnotationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args[0]));
        int seconds = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int standaloneFrames = Integer.parseInt(args[3]);
        int latencyRuns = Integer.parseInt(args[4]);
        float minScore = Float.parseFloat(args[5]);
        Djl.offline();

        Path video = work.resolve("skater-720p-" + seconds + "s.mp4");
        if (!Files.exists(video)) {
            log("generating a %d s %dx%d video ...", seconds, WIDTH, HEIGHT);
            SampleData.video(video, WIDTH, HEIGHT, seconds * 25, 11);
        }
        Path model = checkpoint(work.resolve("model"));
        AnnotationOptions d = AnnotationOptions.defaults();
        AnnotationOptions options = new AnnotationOptions(minScore, d.nmsIou(), d.maxDetections(), List.of(), 0, batch,
                d.assessorThreshold(), false, 16);

        double standaloneFps;
        AnnotationSummary pipeline;
        try (Predictor predictor = Predictor.load(model)) {
            GradientMode.off();
            List<BufferedImage> frames = decode(video, standaloneFrames);
            log("standalone inference on %d decoded %dx%d frames, batch %d ...", frames.size(), WIDTH, HEIGHT, batch);
            // Two passes over the frames; the second is timed (the first warms the JIT and libtorch's allocator).
            long t0 = 0;
            for (int pass = 0; pass < 2; pass++) {
                t0 = System.nanoTime();
                for (int i = 0; i < frames.size(); i += batch) {
                    predictor.predict(frames.subList(i, Math.min(frames.size(), i + batch)), minScore, d.nmsIou(),
                            d.maxDetections());
                }
            }
            standaloneFps = frames.size() / ((System.nanoTime() - t0) / 1e9);
            frames = null;
            log("standalone: %.2f frames/s; now the whole pipeline on all %d s ...", standaloneFps, seconds);
            pipeline = new VideoAnnotation(options, null).run(video, predictor, work.resolve("annotated.mp4"), null, null);
            log("pipeline: %s", pipeline.toJson());
        }

        List<Long> fromEvent = new ArrayList<>();
        List<Long> fromPut = new ArrayList<>();
        if (latencyRuns > 0) {
            latency(work, model, latencyRuns, fromEvent, fromPut);
        }
        double ratio = pipeline.framesPerSecond() / standaloneFps;
        System.out.printf(Locale.ROOT, "{\"video\":\"%dx%d, %d s, 25 fps\",\"frames\":%d,\"batch\":%d,"
                + "\"standaloneFps\":%.2f,\"pipelineFps\":%.2f,\"ratio\":%.3f,\"pipelineInferenceSeconds\":%.1f,"
                + "\"pipelineSeconds\":%.1f,\"detectionsPerFrame\":%.2f,\"eventToFirstDetectionMs\":%s,\"putToFirstDetectionMs\":%s,"
                + "\"eventToFirstDetectionMedianMs\":%d}%n",
                WIDTH, HEIGHT, seconds, pipeline.frames(), batch, standaloneFps, pipeline.framesPerSecond(), ratio,
                pipeline.inferenceSeconds(), pipeline.seconds(), pipeline.detections() / (double) pipeline.frames(), fromEvent, fromPut, median(fromEvent));
        System.out.flush();
        System.exit(0); // the store client's idle HTTP threads would keep the JVM up for a minute

    }

    private static Path checkpoint(Path folder) throws Exception {
        Files.createDirectories(folder);
        try (NDManager m = NDManager.newBaseManager(); OutputStream params = Files.newOutputStream(folder.resolve("model.params"))) {
            ai.djl.engine.Engine.getInstance().setRandomSeed(5);
            Weights.save(new OneStageDetector(SPEC).initialize(m, 1), params);
        }
        Files.writeString(folder.resolve("model.json"), SPEC.toJson());
        return folder;
    }

    private static List<BufferedImage> decode(Path video, int max) {
        List<BufferedImage> frames = new ArrayList<>();
        try (VideoReader reader = VideoReader.open(video, 0)) {
            for (DecodedFrame f = reader.next(); f != null && frames.size() < max; f = reader.next()) {
                frames.add(f.image());
            }
        }
        return frames;
    }

    /**
     * The service on the embedded stack: the model promoted, one video annotated to warm it, then each run drops a
     * 2 s video under videos/inference/ and times its bucket event and its first detections message.
     */
    private static void latency(Path work, Path model, int runs, List<Long> fromEvent, List<Long> fromPut) throws Exception {
        log("starting the embedded stack and the video-annotator service ...");
        List<Path> clips = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            Path clip = work.resolve("clip-" + i + ".mp4");
            if (!Files.exists(clip)) {
                SampleData.video(clip, WIDTH, HEIGHT, 50, 20 + i);
            }
            clips.add(clip);
        }
        String stamp = Long.toString(System.currentTimeMillis(), 36);
        try (StackSession session = StackSession.start(LocalStack.Settings.ephemeral(work.resolve("stack")),
                List.of("video-annotator"))) {
            ObjectStore store = session.stack().store();
            String prefix = "_models/bench/";
            store.put(Buckets.RUNS, prefix + "model.json", model.resolve("model.json"), "application/json");
            store.put(Buckets.RUNS, prefix + "model.params", model.resolve("model.params"), "application/octet-stream");
            store.put(Buckets.RUNS, prefix + "promoted.json", ("{\"modelName\":\"bench\",\"runId\":\"bench\",\"iteration\":0,"
                    + "\"metric\":\"AP50\",\"value\":0,\"promotedAt\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8),
                    "application/json");
            try (KafkaConsumer<String, byte[]> consumer = consumer(session.stack().bootstrapServers())) {
                for (int i = 0; i <= runs; i++) {
                    String id = "bench/" + stamp + "-" + i + ".mp4";
                    long put = System.currentTimeMillis();
                    store.put(Buckets.VIDEOS, "inference/" + id, clips.get(i), "video/mp4");
                    long[] times = awaitRun(consumer, id);
                    if (i == 0) {
                        log("warm-up video annotated (model loaded)");
                        continue;
                    }
                    fromEvent.add(times[1] - times[0]);
                    fromPut.add(times[1] - put);
                    log("run %d: bucket event -> first detection %d ms (upload -> first detection %d ms)", i,
                            times[1] - times[0], times[1] - put);
                }
            }
        }
    }

    /** A reader of the bucket events, detections and completions published from now on. */
    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        KafkaConsumer<String, byte[]> consumer = TopicReader.consumer(bootstrap);
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic topic : List.of(Topic.BUCKET_EVENTS, Topic.DETECTIONS, Topic.VIDEO_ANNOTATED)) {
            partitions.addAll(TopicReader.partitions(consumer, topic.topicName()));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /**
     * Waits for the video's bucket event, its first detections message and its video.annotated; returns the
     * event's record time and the wall time the first detections message was received.
     */
    private static long[] awaitRun(KafkaConsumer<String, byte[]> consumer, String id) {
        long event = -1;
        long first = -1;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                if (r.topic().equals(Topic.BUCKET_EVENTS.topicName()) && event < 0
                        && new String(r.value(), StandardCharsets.UTF_8).contains(id)) {
                    event = r.timestamp();
                } else if (r.topic().equals(Topic.DETECTIONS.topicName()) && first < 0 && id.equals(r.key())) {
                    first = System.currentTimeMillis();
                } else if (r.topic().equals(Topic.VIDEO_ANNOTATED.topicName()) && id.equals(r.key())) {
                    if (event < 0 || first < 0) {
                        throw new IllegalStateException(id + " was annotated but its bucket event or detections were not seen");
                    }
                    return new long[] {event, first};
                }
            }
        }
        throw new IllegalStateException(id + " was not annotated within 5 minutes; see the service log under the stack's logs/");
    }

    private static long median(List<Long> values) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, format + "%n", args);
    }
}
