package io.framewise.trainer;

import io.framewise.events.TrainingControl;
import io.framewise.schemas.codec.EventCodec;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Pause, resume and stop requests from {@code training.control}. Every replica reads every control message
 * (each has its own consumer group) and acts on those naming the run it has; the others are not its business.
 */
@ApplicationScoped
public class ControlIntake {

    private static final Logger LOG = Logger.getLogger(ControlIntake.class);
    private final EventCodec codec = EventCodec.standard();

    @Inject
    TrainingWorker worker;

    @Incoming("training-control")
    @Blocking
    public void onControl(byte[] message) {
        TrainingControl control = codec.decode(message, TrainingControl.class);
        worker.active().filter(a -> a.concerns(control.getCorrelationId())).ifPresentOrElse(a -> {
            LOG.infof("run %s: %s requested", control.getCorrelationId(), control.getAction());
            switch (control.getAction()) {
                case PAUSE -> a.control().pause();
                case RESUME -> a.control().resume();
                case STOP -> a.control().stop();
            }
        }, () -> LOG.debugf("control for run %s, which is not on this replica", control.getCorrelationId()));
    }
}
