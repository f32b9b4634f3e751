package longpoll.health.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import longpoll.poll.control.WaitingPolls;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while the application answers at all. It does not ask Redis: an outage is not cured by
 * restarting this node (the service recovers by itself when Redis is back), so it must not make
 * an orchestrator kill it; readiness covers Redis.
 */
@Liveness
@ApplicationScoped
public class PollingLiveness implements HealthCheck {

    static final String NAME = "longpoll";

    @Inject
    WaitingPolls waiting;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME)
                .up()
                .withData("waiting", waiting.count())
                .build();
    }
}
