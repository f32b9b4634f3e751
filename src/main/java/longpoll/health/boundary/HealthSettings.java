package longpoll.health.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The health checks' settings. Defaults: {@code META-INF/microprofile-config.properties}. */
@ApplicationScoped
public class HealthSettings {

    @Inject
    @ConfigProperty(name = "longpoll.health.redis-timeout-millis")
    long redisTimeoutMillis;

    /**
     * Reads the settings on the deployment's thread, like every component's (see
     * {@code longpoll.settings}): the server may run a health check on a thread of its own.
     */
    void load(@Observes @Initialized(ApplicationScoped.class) Object start) {
        // creating this bean to observe the event is the point
    }

    /** How long the readiness check waits for Redis's {@code PONG}. */
    public long redisTimeoutMillis() {
        return redisTimeoutMillis;
    }
}
