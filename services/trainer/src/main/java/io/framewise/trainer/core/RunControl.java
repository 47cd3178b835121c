package io.framewise.trainer.core;

/**
 * Pause, resume and stop for a running loop, from any thread. {@link #preempt} is the service's own stop (it
 * is shutting down or lost the request's partition): checkpoint and end without completing the run, so
 * that whoever gets the request next resumes it.
 */
public final class RunControl {

    public enum Request { NONE, PAUSE, STOP, PREEMPT }

    private Request request = Request.NONE;

    public synchronized void pause() {
        if (request == Request.NONE) {
            request = Request.PAUSE;
        }
    }

    public synchronized void resume() {
        if (request == Request.PAUSE) {
            request = Request.NONE;
            notifyAll();
        }
    }

    public synchronized void stop() {
        if (request != Request.PREEMPT) {
            request = Request.STOP;
            notifyAll();
        }
    }

    public synchronized void preempt() {
        request = Request.PREEMPT;
        notifyAll();
    }

    public synchronized Request current() {
        return request;
    }

    /** Blocks while paused; returns what ended the pause (NONE for resume, STOP or PREEMPT). */
    synchronized Request awaitUnpaused() throws InterruptedException {
        while (request == Request.PAUSE) {
            wait();
        }
        return request;
    }
}
