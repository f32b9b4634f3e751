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
import longpoll.refusal.Refusal;

/**
 * Stops polling cleanly on SIGTERM or undeploy, while every bean (and the Redis pools) still
 * works: new polls are refused, waiting polls are answered, the node's wait ends after its round
 * at work, whose takes finish (handing their messages over, or putting them back for plain
 * clients; an acknowledging client's stay in flight), and the polls step down as their clients'
 * pollers. Nothing taken is lost, and a restart needs no manual step.
 *
 * <p>On SIGTERM it stops at once, from a JVM shutdown hook, while the server waits before it
 * undeploys the WAR (Payara's shutdown grace, payara-config/system.properties); then it closes the
 * node's port ({@link HttpPort}). So from SIGTERM until the port closes, every poll gets its 503
 * with {@code Retry-After} from the WAR itself, and no request meets the server without its
 * application (a 404, or a 503 or 500 without {@code Retry-After}). Where the server stops the
 * WAR first (an undeploy, or WildFly, which refuses new requests itself from SIGTERM on), it stops
 * as the application ends, and waiting polls are answered 503 where the JAX-RS runtime still runs
 * then (Payara stops it before the application's CDI context).
 */
@ApplicationScoped
public class GracefulStop {

    private static final Logger LOG = System.getLogger(GracefulStop.class.getName());
    /** Longer than any round of the node's wait; short enough not to hold up a server's stop. */
    private static final Duration WAIT_ENDS_WITHIN = Duration.ofSeconds(10);

    @Inject
    WaitingPolls waiting;

    @Inject
    NodeWait wait;

    /** Lets the answers just given reach the wire before the port's close cuts their connections. */
    private static final Duration ANSWERS_WRITTEN_WITHIN = Duration.ofMillis(200);

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
        stop();
    }

    private void stopOnSigterm(Optional<HttpPort> port) {
        try {
            stop();
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

    private synchronized void stop() throws InterruptedException {
        if (stopped) {
            return;
        }
        stopped = true;
        waiting.refuseNewPolls();
        var comeBack = Refusal.unavailable("The server is stopping");
        long answered = waiting.held().filter(poll -> poll.fail(comeBack)).count();
        boolean ended = wait.stop(WAIT_ENDS_WITHIN);
        LOG.log(
                ended ? Level.INFO : Level.WARNING,
                "Stopped polling: {0} waiting poll(s) answered{1}",
                answered,
                ended ? "" : ", some takes still at work after " + WAIT_ENDS_WITHIN.toSeconds() + " s");
    }
}
