package io.framewise.trainer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.framewise.common.quarkus.FailureReporter;
import io.framewise.common.store.ObjectStore;
import io.framewise.events.RunOutcome;
import io.framewise.events.TrainingRequest;
import io.framewise.schemas.Topic;
import io.framewise.schemas.codec.EventCodec;
import io.framewise.trainer.core.RunControl;
import io.framewise.trainer.core.RunListener;
import io.framewise.trainer.core.TrainingRun;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Takes training requests off {@code training.requests}, one at a time per replica, with its own Kafka
 * consumer rather than a messaging channel, because a run lasts hours:
 * <ul>
 *   <li>the request's offset is committed only when its run has ended, so a trainer that dies loses nothing:
 *   the request is delivered again (to a restarted or surviving replica) and the run resumes from its last
 *   checkpoint;</li>
 *   <li>while a run goes on, the consumer keeps polling with its partitions paused, so it stays in its group
 *   and within {@code max.poll.interval.ms}, and takes no second request;</li>
 *   <li>when a rebalance takes the running request's partition away (replicas were added), the run
 *   checkpoints and stops without committing, and the partition's new owner resumes it;</li>
 *   <li>a message that does not decode goes to {@code dead-letters} with the reason; a request that is wrong
 *   (unknown family, bad setting, missing data) gives {@code jobs.failed} and a FAILED
 *   {@code training.completed}; both are committed and the next request is taken.</li>
 * </ul>
 * Replicas in one group (kubectl scale) run requests of different partitions in parallel. A sweep request
 * ({@link Sweep}) runs its member runs one after another on one replica and commits once all have ended; a member
 * that has ended is skipped, so a sweep handed back or redelivered goes on with the member it was on. Each member
 * has its own events; the sweep's {@code training.completed} comes last.
 */
@ApplicationScoped
public class TrainingWorker {

    private static final Logger LOG = Logger.getLogger(TrainingWorker.class);
    private static final String REQUEST_TYPE = "training";

    @Inject
    ObjectStore store;

    @Inject
    TrainerConfig config;

    @Inject
    RunEvents events;

    @Inject
    TrainingMetrics metrics;

    @Inject
    FailureReporter failures;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "training-run"));
    private final EventCodec codec = EventCodec.standard();
    private volatile boolean running;
    private volatile Active active;
    private volatile boolean consuming;
    private Thread pollThread;
    private TrainingJob job;

    /**
     * The request this replica is working on; {@code current} is the run going on (the request's, or for a sweep the
     * member's).
     */
    record Active(TrainingRequest request, TopicPartition partition, long offset, RunControl control, Future<?> done,
            AtomicReference<String> current) {

        /** True when {@code runId} is the request's run (or sweep) or the sweep member now running. */
        boolean concerns(String runId) {
            return request.getCorrelationId().equals(runId) || runId.equals(current.get());
        }
    }

    void start(@Observes StartupEvent event) throws Exception {
        io.framewise.common.model.Djl.offline();
        Path work = Path.of(config.workDir().orElse(System.getProperty("java.io.tmpdir")), "framewise-trainer");
        Path cache = config.cacheDir().map(Path::of).orElse(work.resolve("image-cache"));
        Files.createDirectories(cache);
        job = new TrainingJob(store, work.resolve("runs"), cache.toAbsolutePath());
        running = true;
        pollThread = new Thread(this::pollLoop, "training-requests");
        pollThread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        Active a = active;
        if (a != null) {
            LOG.infof("shutting down: checkpointing run %s so that it resumes elsewhere", a.request().getCorrelationId());
            a.control().preempt();
        }
        if (pollThread != null) {
            pollThread.join(config.checkpointGrace().toMillis() + 10_000);
        }
        runner.shutdownNow();
    }

    /** The run on this replica, if any. */
    public Optional<Active> active() {
        return Optional.ofNullable(active);
    }

    /** True once the consumer has joined its group and been given partitions (or none): ready for requests. */
    public boolean consuming() {
        return consuming;
    }

    private void pollLoop() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.group());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, config.sessionTimeoutMs());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "trainer-" + ProcessHandle.current().pid());
        Properties dp = new Properties();
        dp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        dp.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer());
                KafkaProducer<String, byte[]> deadLetters = new KafkaProducer<>(dp, new StringSerializer(),
                        new ByteArraySerializer())) {
            consumer.subscribe(List.of(Topic.TRAINING_REQUESTS.topicName()), new Rebalance(consumer));
            // This consumer is not one of SmallRye's: bind its metrics (lag among them) to /q/metrics by hand.
            io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics consumerMetrics =
                    new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(consumer);
            consumerMetrics.bindTo(registry);
            try {
                pollWhileRunning(consumer, deadLetters);
            } finally {
                consumerMetrics.close();
            }
        } catch (RuntimeException e) {
            LOG.error("the training request consumer stopped", e);
        }
    }

    private void pollWhileRunning(KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> deadLetters) {
        while (running) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                take(consumer, deadLetters, record);
            }
            Active a = active;
            if (a != null && a.done().isDone()) {
                consumer.commitSync(Map.of(a.partition(), new OffsetAndMetadata(a.offset() + 1)));
                active = null;
                consumer.resume(consumer.paused());
            }
        }
        Active a = active;
        if (a != null) {
            a.control().preempt();
            awaitQuietly(a);
        }
    }

    private void take(KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> deadLetters,
            ConsumerRecord<String, byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        TrainingRequest request;
        try {
            request = codec.decode(record.value(), TrainingRequest.class);
        } catch (RuntimeException e) {
            String reason = "not a TrainingRequest: " + e.getMessage();
            LOG.warnf("%s-%d@%d to dead-letters: %s", record.topic(), record.partition(), record.offset(), reason);
            ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topic.DEAD_LETTERS.topicName(), record.key(),
                    record.value());
            dead.headers().add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
            dead.headers().add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
            dead.headers().add("dead-letter-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
            dead.headers().add("dead-letter-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
            try {
                deadLetters.send(dead).get(30, TimeUnit.SECONDS);
            } catch (Exception sendFailure) {
                throw new IllegalStateException("cannot write to dead-letters: " + sendFailure, sendFailure);
            }
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(record.offset() + 1)));
            return;
        }
        String runId = request.getCorrelationId();
        if (job.ended(runId).isPresent()) {
            LOG.infof("run %s has already ended (see runs/%s%s); not running it again", runId, TrainingJob.runPrefix(runId),
                    TrainingJob.ENDED);
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(record.offset() + 1)));
            return;
        }
        RunControl control = new RunControl();
        consumer.pause(consumer.assignment());
        AtomicReference<String> current = new AtomicReference<>(runId);
        Future<?> done = runner.submit(() -> execute(request, control, current));
        active = new Active(request, tp, record.offset(), control, done, current);
        LOG.infof("run %s (%s, model %s) taken from %s@%d", runId, request.getModelFamily(), request.getModelName(), tp,
                record.offset());
    }

    private void execute(TrainingRequest request, RunControl control, AtomicReference<String> current) {
        if (!Sweep.isSweep(request)) {
            executeOne(request, control, null);
            return;
        }
        String sweepId = request.getCorrelationId();
        Sweep sweep;
        try {
            sweep = Sweep.of(request);
            job.startSweep(request, sweep);
        } catch (Exception e) {
            fail(request, e);
            return;
        }
        LOG.infof("sweep %s: %d runs (%s)", sweepId, sweep.members().size(), sweep.values());
        Map<String, TrainingRun.Outcome> outcomes = new java.util.LinkedHashMap<>();
        long iterations = 0;
        boolean stopped = false;
        for (int i = 0; i < sweep.members().size() && !stopped; i++) {
            Sweep.Member m = sweep.members().get(i);
            Optional<ObjectNode> ended = job.ended(m.runId());
            TrainingRun.Outcome outcome;
            if (ended.isPresent()) {
                outcome = TrainingRun.Outcome.valueOf(ended.get().path("outcome").asText());
                iterations += ended.get().path("iterations").asLong();
                LOG.infof("sweep %s: run %s (%s) has already ended %s", sweepId, m.runId(), m.label(),
                        outcome.name().toLowerCase(Locale.ROOT));
            } else {
                LOG.infof("sweep %s: run %s (%s), %d of %d", sweepId, m.runId(), m.label(),
                        i + 1, sweep.members().size());
                current.set(m.runId());
                TrainingRun.Result result = executeOne(m.request(), control, sweepId);
                if (result.outcome() == TrainingRun.Outcome.PREEMPTED) {
                    return;
                }
                outcome = result.outcome();
                iterations += result.iterations();
                if (outcome == TrainingRun.Outcome.FAILED && job.ended(m.runId()).isEmpty()) {
                    try {
                        job.endUnstarted(m.runId(), result.reason());
                    } catch (RuntimeException e) {
                        LOG.warnf("sweep %s: the end of run %s could not be recorded (%s); a resumed sweep tries it again",
                                sweepId, m.runId(), e.getMessage());
                    }
                }
            }
            outcomes.put(m.runId(), outcome);
            stopped = outcome == TrainingRun.Outcome.STOPPED;
        }
        current.set(sweepId);
        List<String> failed = outcomes.entrySet().stream().filter(e -> e.getValue() == TrainingRun.Outcome.FAILED)
                .map(Map.Entry::getKey).toList();
        TrainingRun.Outcome outcome = stopped ? TrainingRun.Outcome.STOPPED
                : failed.size() == outcomes.size() ? TrainingRun.Outcome.FAILED : TrainingRun.Outcome.COMPLETED;
        String reason = stopped ? "stopped after " + outcomes.size() + " of " + sweep.members().size() + " runs"
                : failed.isEmpty() ? null : failed.size() + " of " + sweep.members().size() + " runs failed: " + failed;
        try {
            job.endSweep(sweepId, outcome, iterations, reason, outcomes);
            if (outcome == TrainingRun.Outcome.FAILED) {
                failures.report(sweepId, REQUEST_TYPE, request.getTrain(), new IllegalStateException(reason));
            }
            events.completed(sweepId, RunEvents.outcome(outcome), iterations, null, reason);
            LOG.infof("sweep %s %s: %s", sweepId, outcome.name().toLowerCase(Locale.ROOT), outcomes);
        } catch (Exception e) {
            LOG.errorf(e, "sweep %s ended (%s) and its end could not be recorded", sweepId, outcome);
        }
    }

    /** Runs one request (a sweep member when {@code sweepId} is set) and publishes how it ended. */
    private TrainingRun.Result executeOne(TrainingRequest request, RunControl control, String sweepId) {
        String runId = request.getCorrelationId();
        String family = request.getModelFamily();
        RunListener listener = new RunListener() {
            private long lastReport = System.nanoTime();

            @Override
            public void progress(Progress p) {
                long now = System.nanoTime();
                metrics.progress(runId, family, p, (now - lastReport) / 1e9);
                lastReport = now;
                events.progress(runId, p);
            }

            @Override
            public void checkpoint(Checkpoint c) {
                metrics.checkpoint(runId, family, c.iteration());
                try {
                    events.checkpoint(request, c);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot publish checkpoint " + c.location() + ": " + e, e);
                }
            }
        };
        try {
            TrainingRun.Result result = job.run(request, listener, control, sweepId);
            switch (result.outcome()) {
                case PREEMPTED -> LOG.infof("run %s checkpointed at iteration %d and handed back", runId, result.iterations());
                case FAILED -> {
                    failures.report(runId, REQUEST_TYPE, request.getTrain(), new IllegalStateException(result.reason()));
                    events.completed(runId, RunOutcome.FAILED, result.iterations(), result.lastCheckpoint(), result.reason());
                }
                default -> {
                    LOG.infof("run %s %s after %d iterations%s", runId, result.outcome().name().toLowerCase(),
                            result.iterations(), result.skippedImages() > 0 ? ", " + result.skippedImages()
                                    + " unreadable images skipped" : "");
                    events.completed(runId, RunEvents.outcome(result.outcome()), result.iterations(),
                            result.lastCheckpoint(), result.skippedImages() > 0 ? result.skippedImages()
                                    + " images could not be read and were skipped" : null);
                }
            }
            return result;
        } catch (Exception e) {
            return fail(request, e);
        } finally {
            metrics.ended(runId, family);
        }
    }

    /** A run that could not run: jobs.failed and a FAILED training.completed. */
    private TrainingRun.Result fail(TrainingRequest request, Exception e) {
        String runId = request.getCorrelationId();
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        try {
            failures.report(runId, REQUEST_TYPE, request.getTrain(), e);
            events.completed(runId, RunOutcome.FAILED, 0, null, reason);
        } catch (Exception publishFailure) {
            LOG.errorf(publishFailure, "run %s failed (%s) and the failure could not be published", runId, reason);
        }
        return new TrainingRun.Result(TrainingRun.Outcome.FAILED, 0, null, reason, 0);
    }

    private void awaitQuietly(Active a) {
        try {
            a.done().get(config.checkpointGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("run %s did not reach its checkpoint within %s", a.request().getCorrelationId(),
                    config.checkpointGrace());
        } catch (Exception e) {
            LOG.warnf("run %s ended with %s", a.request().getCorrelationId(), e.toString());
        }
    }

    /** Pauses new partitions while busy; hands the running request back when its partition goes elsewhere. */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> consumer;

        Rebalance(KafkaConsumer<String, byte[]> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Active a = active;
            if (a != null && partitions.contains(a.partition())) {
                LOG.infof("partition %s goes to another replica: checkpointing run %s for it", a.partition(),
                        a.request().getCorrelationId());
                a.control().preempt();
                awaitQuietly(a);
                active = null;
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            consuming = true;
            if (active != null) {
                consumer.pause(partitions);
            } else {
                consumer.resume(consumer.paused());
            }
        }
    }
}
