package longpoll;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The HTTP API lives under {@code /poll}, as in the reference design; everything else under the
 * context root is left to static content. Its OpenAPI document, served at {@code /openapi}, comes
 * from the resources' annotations and {@code META-INF/openapi.yaml}.
 */
@ApplicationPath("poll")
public class LongpollApplication extends Application {}
