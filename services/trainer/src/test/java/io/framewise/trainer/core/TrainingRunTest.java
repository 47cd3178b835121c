package io.framewise.trainer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop's contracts on a tiny detector: resume, pause/resume/stop, unreadable images, NaN. */
class TrainingRunTest {

    @TempDir
    Path dir;
    Path train;

    @BeforeEach
    void data() throws Exception {
        train = Shapes.write(dir.resolve("train"), 24, 64, 5);
    }

    private Hyperparameters hyper(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>(Map.of("batchSize", "4", "width", "8", "imageSize", "64",
                "logInterval", "1", "previewInterval", "0", "seed", "11", "snapshotAtEpochEnd", "false",
                "loaderThreads", "2"));
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Hyperparameters.parse(map, DetectorTraining.FAMILY.modelSettings());
    }

    /** Runs to the end (or a stop) and returns the total loss per iteration. */
    private Map<Long, Double> run(Hyperparameters h, Path runFolder, boolean resume, RunControl control,
            RunListener extra, TrainingRun.Result[] result) throws Exception {
        Map<Long, Double> losses = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingRun.seed(h.seed());
            TrainingTask<?> task = DetectorTraining.FAMILY.open(new TaskSetup(h, new FolderData(train), null, m));
            RunStorage storage = RunStorage.directory(runFolder);
            TrainingRun run = new TrainingRun(task, h, storage, new RunListener() {
                @Override
                public void progress(Progress p) {
                    if (p.losses().containsKey("total")) {
                        losses.put(p.iteration(), p.losses().get("total"));
                    }
                    extra.progress(p);
                }

                @Override
                public void checkpoint(Checkpoint c) {
                    extra.checkpoint(c);
                }
            }, control, dir.resolve("work-" + runFolder.getFileName()));
            if (resume) {
                run.restore(storage.latestCheckpoint(dir).orElseThrow(), m);
            }
            result[0] = run.run(m);
        }
        return losses;
    }

    @Test
    void aResumedRunContinuesTheIterationsAndTheLossesOfAnUninterruptedOne() throws Exception {
        TrainingRun.Result[] r = new TrainingRun.Result[1];
        Map<Long, Double> straight = run(hyper("iterations", "16"), dir.resolve("straight"), false, new RunControl(),
                new RunListener() { }, r);
        assertThat(straight).hasSize(16);

        RunControl control = new RunControl();
        Map<Long, Double> first = run(hyper("iterations", "16", "snapshotInterval", "8"), dir.resolve("split"), false,
                control, new RunListener() {
                    @Override
                    public void progress(Progress p) {
                        if (p.iteration() == 10) {
                            control.preempt();
                        }
                    }
                }, r);
        assertThat(r[0].outcome()).isEqualTo(TrainingRun.Outcome.PREEMPTED);
        assertThat(first.keySet()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        // Preempted at 10: a checkpoint at 10 as well, so the resumed run loses nothing.
        assertThat(r[0].lastCheckpoint()).endsWith("iter-00000010");

        Map<Long, Double> second = run(hyper("iterations", "16", "snapshotInterval", "8"), dir.resolve("split"), true,
                new RunControl(), new RunListener() { }, r);
        assertThat(r[0].outcome()).isEqualTo(TrainingRun.Outcome.COMPLETED);
        assertThat(second.keySet()).containsExactly(11L, 12L, 13L, 14L, 15L, 16L);
        for (long i = 11; i <= 16; i++) {
            assertThat(second.get(i)).as("loss at iteration %d", i).isCloseTo(straight.get(i),
                    org.assertj.core.data.Percentage.withPercentage(1));
        }
        for (long i = 1; i <= 10; i++) {
            assertThat(first.get(i)).isCloseTo(straight.get(i), org.assertj.core.data.Percentage.withPercentage(1));
        }
    }

    @Test
    void pauseResumeAndStop() throws Exception {
        RunControl control = new RunControl();
        List<String> states = new CopyOnWriteArrayList<>();
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resumed = new CountDownLatch(1);
        RunListener listener = new RunListener() {
            @Override
            public void progress(Progress p) {
                states.add(p.state() + "@" + p.iteration());
                if (p.iteration() == 3 && p.state().equals("RUNNING")) {
                    control.pause();
                }
                if (p.state().equals("PAUSED")) {
                    paused.countDown();
                }
                if (p.state().equals("RESUMED")) {
                    resumed.countDown();
                }
                if (p.iteration() == 5 && p.state().equals("RUNNING")) {
                    control.stop();
                }
            }
        };
        TrainingRun.Result[] r = new TrainingRun.Result[1];
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try {
                run(hyper("iterations", "1000"), dir.resolve("paused"), false, control, listener, r);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        running.whenComplete((v, e) -> paused.countDown());
        assertThat(paused.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(running).isNotDone();
        assertThat(control.current()).isEqualTo(RunControl.Request.PAUSE);
        assertThat(resumed.getCount()).isEqualTo(1);
        control.resume();
        running.get(60, TimeUnit.SECONDS);
        assertThat(states).containsSubsequence("STARTED@0", "RUNNING@3", "PAUSED@3", "RESUMED@3", "RUNNING@4",
                "RUNNING@5", "STOPPING@5");
        assertThat(r[0].outcome()).isEqualTo(TrainingRun.Outcome.STOPPED);
        assertThat(r[0].iterations()).isEqualTo(5);
        assertThat(dir.resolve("paused/checkpoints/iter-00000005/model.params")).exists();
    }

    @Test
    void anImageThatDoesNotDecodeIsSkippedAndCountedAndTheRunGoesOn() throws Exception {
        Files.writeString(train.getParent().resolve("images/3.png"), "not a png");
        Files.delete(train.getParent().resolve("images/4.png"));
        TrainingRun.Result[] r = new TrainingRun.Result[1];
        run(hyper("iterations", "12"), dir.resolve("corrupt"), false, new RunControl(), new RunListener() { }, r);
        assertThat(r[0].outcome()).isEqualTo(TrainingRun.Outcome.COMPLETED);
        assertThat(r[0].iterations()).isEqualTo(12);
        // 12 iterations of 4 cover the 24 images twice: each bad one is met twice.
        assertThat(r[0].skippedImages()).isEqualTo(4);
    }

    @Test
    void aLossThatBecomesNanStopsTheRunAndKeepsTheLastGoodCheckpoint() throws Exception {
        TrainingRun.Result[] r = new TrainingRun.Result[1];
        run(hyper("iterations", "200", "optimizer", "sgd", "learningRate", "1e9", "snapshotInterval", "1"),
                dir.resolve("nan"), false, new RunControl(), new RunListener() { }, r);
        assertThat(r[0].outcome()).isEqualTo(TrainingRun.Outcome.FAILED);
        assertThat(r[0].reason()).containsPattern("loss of model became (NaN|Infinity)").contains("weights were not updated");
        assertThat(r[0].lastCheckpoint()).endsWith(RunStorage.checkpointName(r[0].iterations()));
        assertThat(Path.of(r[0].lastCheckpoint()).resolve("model.params")).exists();
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> hyper("learningrate", "0.1")).hasMessageContaining("unknown hyperparameter 'learningrate'")
                .hasMessageContaining("learningRate");
        assertThatThrownBy(() -> hyper("optimizer", "rmsprop")).hasMessageContaining("adam, sgd");
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> DetectorTraining.FAMILY.open(new TaskSetup(hyper("imageSize", "100"),
                    new FolderData(train), null, m))).hasMessageContaining("multiples of 32");
        }
    }
}
