package longpoll.health.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import longpoll.poll.control.WaitingPolls;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready once the node is stopping: it refuses new polls then, so traffic should go elsewhere. */
@Readiness
@ApplicationScoped
public class PollingReadiness implements HealthCheck {

    static final String NAME = "polling";

    @Inject
    WaitingPolls waiting;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME)
                .status(!waiting.isStopping())
                .withData("waiting", waiting.count())
                .build();
    }
}
