package longpoll.poll.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import longpoll.refusal.Refusal;

/**
 * Stops polling cleanly on SIGTERM or undeploy, while every bean (and the Redis pools) still
 * works: new polls are refused (503 with {@code Retry-After}), waiting polls are answered so, the
 * node's wait ends after its round at work, whose takes finish (handing their messages over, or
 * putting them back for plain clients; an acknowledging client's stay in flight), and the polls
 * step down as their clients' pollers. Nothing taken is lost, and a restart needs no manual step.
 *
 * <p>On SIGTERM it stops at once, from a JVM shutdown hook, while the server still serves: Payara
 * waits 3 s before it undeploys the WAR (its shutdown grace, payara-config/system.properties).
 * Within that time the WAR closes the node's port itself ({@link HttpPort}), so that no request
 * meets the server without its application (a 404, or a 503 or 500 without {@code Retry-After}).
 * WildFly refuses new requests itself from SIGTERM on. An undeploy alone (a redeploy) stops it as
 * the application ends.
 */
@ApplicationScoped
public class GracefulStop {

    private static final Logger LOG = System.getLogger(GracefulStop.class.getName());
    /** Longer than any round of the node's wait; short enough not to hold up a server's stop. */
    private static final Duration WAIT_ENDS_WITHIN = Duration.ofSeconds(10);
    /** From SIGTERM until the WAR closes the port: well within Payara's shutdown grace (3 s). */
    private static final Duration PORT_CLOSES_WITHIN = Duration.ofMillis(2000);
    /** Before the port closes: time for the node's wait to end, and for the last answers to reach the wire. */
    private static final Duration ANSWERS_END_BEFORE_CLOSE = Duration.ofMillis(400);
    /** Lets the last answers reach the wire before the port's close cuts their connections. */
    private static final Duration ANSWERS_WRITTEN_WITHIN = Duration.ofMillis(200);
    /** Tasks that answer the waiting polls: a few keep the cores busy; one per poll would cost more than its answer. */
    private static final int ANSWERERS = 4;

    @Inject
    WaitingPolls waiting;

    @Inject
    NodeWait wait;

    @Inject
    PollTasks tasks;

    private Thread onSigterm;
    private boolean stopped;

    void watchForSigterm(@Observes @Initialized(ApplicationScoped.class) Object applicationStarts) {
        Optional<HttpPort> port = HttpPort.ofThisServer();
        onSigterm = new Thread(() -> stopOnSigterm(port), "longpoll-stop");
        Runtime.getRuntime().addShutdownHook(onSigterm);
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object applicationEnds) throws InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(onSigterm);
        } catch (IllegalStateException jvmStopping) {
            // The hook runs, or has run: stop() below waits for it, or finds the node stopped.
        }
        stop(System.nanoTime() + WAIT_ENDS_WITHIN.toNanos());
    }

    /**
     * Where the WAR can close the port (Payara), the polls still waiting when it must close are
     * not answered: they step down, their connections close with the port, and their clients poll
     * again (through a proxy, on another node).
     */
    private void stopOnSigterm(Optional<HttpPort> port) {
        long portCloses = System.nanoTime() + PORT_CLOSES_WITHIN.toNanos();
        try {
            stop(port.isPresent() ? portCloses - ANSWERS_END_BEFORE_CLOSE.toNanos() : portCloses);
            if (port.isPresent()) {
                Thread.sleep(ANSWERS_WRITTEN_WITHIN);
                LOG.log(Level.INFO, port.get().close() ? "Closed the HTTP port" : "The HTTP port did not close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "Stopping on SIGTERM failed: the server's own stop ends the polls", e);
        }
    }

    /**
     * @param answersUntil a {@link System#nanoTime()} after which the polls still waiting are
     *     ended unanswered
     */
    private synchronized void stop(long answersUntil) throws InterruptedException {
        if (stopped) {
            return;
        }
        stopped = true;
        waiting.refuseNewPolls();
        long answered = answerWaiting(Refusal.unavailable("The server is stopping"), answersUntil);
        long left = waiting.held().filter(HeldPoll::leave).count();
        boolean ended = wait.stop(WAIT_ENDS_WITHIN);
        LOG.log(
                ended ? Level.INFO : Level.WARNING,
                "Stopped polling: {0} waiting poll(s) answered, {1} left to the port''s close{2}",
                answered,
                left,
                ended ? "" : ", some takes still at work after " + WAIT_ENDS_WITHIN.toSeconds() + " s");
    }

    /** Answers the polls still waiting 503, on a few of the answers' tasks, until {@code until}. */
    private long answerWaiting(Refusal comeBack, long until) throws InterruptedException {
        var left = new ConcurrentLinkedQueue<HeldPoll>(waiting.held().toList());
        var answered = new AtomicLong();
        var done = new CountDownLatch(ANSWERERS);
        Runnable answerer = () -> {
            try {
                for (HeldPoll poll; System.nanoTime() < until && (poll = left.poll()) != null; ) {
                    if (poll.fail(comeBack)) {
                        answered.incrementAndGet();
                    }
                }
            } finally {
                done.countDown();
            }
        };
        for (int i = 0; i < ANSWERERS; i++) {
            try {
                tasks.answers().execute(answerer);
            } catch (RejectedExecutionException noTaskLeft) {
                answerer.run();
            }
        }
        done.await(Math.max(0, until - System.nanoTime()) + ANSWERS_WRITTEN_WITHIN.toNanos(), TimeUnit.NANOSECONDS);
        return answered.get();
    }
}
