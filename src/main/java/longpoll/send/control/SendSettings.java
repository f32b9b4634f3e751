package longpoll.send.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The send component's settings: how large a send may be. Defaults: {@code META-INF/microprofile-config.properties}. */
@ApplicationScoped
public class SendSettings {

    @Inject
    @ConfigProperty(name = "longpoll.send.max-body-bytes")
    int maxBodyBytes;

    @Inject
    @ConfigProperty(name = "longpoll.send.max-batch-size")
    int maxBatchSize;

    /** Reads the settings on the deployment's thread, like every component's (see {@code longpoll.settings}). */
    void load(@Observes @Initialized(ApplicationScoped.class) Object start) {
        // creating this bean to observe the event is the point
    }

    /** Largest send body. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Most messages in one batch. */
    public int maxBatchSize() {
        return maxBatchSize;
    }
}
