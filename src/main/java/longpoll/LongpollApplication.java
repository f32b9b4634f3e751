package longpoll;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/**
 * The HTTP API lives under {@code /poll}, as in the reference design; everything else under the
 * context root is left to static content. Its OpenAPI document is served at {@code /openapi}: these
 * annotations, the resources' and entities', and {@code META-INF/openapi.yaml}.
 */
@ApplicationPath("poll")
@OpenAPIDefinition(
        info = @Info(title = "longpoll", version = "1.0.0",
                description = "Long-polling message service: a client polls GET /poll/{clientId}, senders POST messages for it."))
public class LongpollApplication extends Application {}
