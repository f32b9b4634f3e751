package longpoll.web.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import longpoll.settings.CommaSeparated;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The web boundary's settings: which pages may call the API, and when a refused client should
 * come back. Defaults: {@code META-INF/microprofile-config.properties}.
 */
@ApplicationScoped
public class WebSettings {

    /**
     * The key of {@link #retryAfterSeconds}, which {@link SuspendedWildFly} reads too: it answers
     * where WildFly refuses a request before any bean of the application runs.
     */
    static final String RETRY_AFTER = "longpoll.retry-after-seconds";

    /** Comma-separated (see {@link CommaSeparated}). */
    @Inject
    @ConfigProperty(name = "longpoll.cors.allowed-origins")
    String allowedOrigins;

    @Inject
    @ConfigProperty(name = "longpoll.retry-after-seconds")
    int retryAfterSeconds;

    /**
     * Reads the settings on the deployment's thread, like every component's (see
     * {@code longpoll.settings}): an error answer may first be written on a poll task's thread.
     */
    void load(@Observes @Initialized(ApplicationScoped.class) Object start) {
        // creating this bean to observe the event is the point
    }

    /** Origins whose pages may call the API, as listed (a wildcard too: the CORS filter drops it). */
    public List<String> allowedOrigins() {
        return CommaSeparated.values(allowedOrigins);
    }

    /** The {@code Retry-After} of every 503 and 429. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
