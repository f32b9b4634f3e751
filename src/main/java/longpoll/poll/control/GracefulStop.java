package longpoll.poll.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import longpoll.queue.control.RedisConnections;
import longpoll.queue.control.RedisUnavailableException;
import longpoll.refusal.Refusal;

/**
 * Stops polling cleanly on undeploy or SIGTERM, while every bean (and the Redis pools) still
 * works: new polls are refused, the pops Redis is still blocking are released with
 * {@code CLIENT UNBLOCK} rather than by tearing sockets, and the pops that were handing over a
 * message finish, which puts it back (plain clients) or leaves it in flight (acknowledging
 * clients). Nothing taken is lost, and a restart needs no manual step.
 *
 * <p>Waiting polls are answered 503 where the JAX-RS runtime still runs at this point. Payara
 * stops it before the application's CDI context, so there they can't be answered: their
 * connections are closed when the HTTP listener stops, a moment later, and clients poll again.
 */
@ApplicationScoped
public class GracefulStop {

    private static final Logger LOG = System.getLogger(GracefulStop.class.getName());
    /** Longer than any hand-over; short enough not to hold up a server's stop. */
    private static final Duration POPS_END_WITHIN = Duration.ofSeconds(10);

    @Inject
    WaitingPolls waiting;

    @Inject
    RedisConnections redis;

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object applicationEnds) throws InterruptedException {
        waiting.refuseNewPolls();
        var comeBack = Refusal.unavailable("The server is stopping");
        long answered = waiting.held().filter(poll -> poll.fail(comeBack)).count();
        int released = 0;
        try {
            released = redis.unblockPops();
        } catch (RedisUnavailableException e) {
            // Without Redis no pop can take anything: they end with their connections.
        }
        boolean ended = waiting.awaitNone(POPS_END_WITHIN);
        LOG.log(
                ended ? Level.INFO : Level.WARNING,
                "Stopped polling: {0} waiting poll(s) answered, {1} pop(s) released{2}",
                answered,
                released,
                ended ? "" : ", some pops still running after " + POPS_END_WITHIN.toSeconds() + " s");
    }
}
