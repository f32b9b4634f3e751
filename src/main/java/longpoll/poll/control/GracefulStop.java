package longpoll.poll.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import longpoll.refusal.Refusal;

/**
 * Stops polling cleanly on undeploy or SIGTERM, while every bean (and the Redis pools) still
 * works: new polls are refused, waiting polls are answered, the node's wait ends after its round
 * at work, whose takes finish (handing their messages over, or putting them back for plain
 * clients; an acknowledging client's stay in flight), and the polls step down as their clients'
 * pollers. Nothing taken is lost, and a restart needs no manual step.
 *
 * <p>Waiting polls are answered 503 where the JAX-RS runtime still runs at this point. Payara
 * stops it before the application's CDI context, so there they can't be answered: their
 * connections are closed when the HTTP listener stops, a moment later, and clients poll again.
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

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object applicationEnds) throws InterruptedException {
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
