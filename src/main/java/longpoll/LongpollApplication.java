package longpoll;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * The HTTP API lives under {@code /poll}, as in the reference design; everything else under the
 * context root is left to static content. Its OpenAPI document, served at {@code /openapi}, comes
 * from the resources' annotations and {@code META-INF/openapi.yaml}.
 */
@ApplicationPath("poll")
public class LongpollApplication extends Application {

    /**
     * Jersey (Payara) validates every resource call's parameters and result; no resource here has
     * a constraint, its input is checked where it is read. RESTEasy (WildFly) ignores the key.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.beanValidation.disable.server", true);
    }
}
