package longpoll.web.boundary;

import io.undertow.server.DefaultResponseListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.util.Headers;
import jakarta.servlet.ServletContext;
import longpoll.json.Json;
import longpoll.web.entity.ApiError;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * WildFly only: Undertow loads it as a servlet extension (META-INF/services), which Payara never
 * reads. From SIGTERM until its port closes WildFly is suspended, and refuses every new request
 * itself, before the WAR sees it, with a bare {@code 503}. This gives that answer the API's shape,
 * {@code Retry-After} and the JSON error, so that a proxy or a client comes back as it does for any
 * 503 of the API (on another node, or here once it is up again).
 */
public final class SuspendedWildFly implements ServletExtension {

    private static final int UNAVAILABLE = 503;

    @Override
    public void handleDeployment(DeploymentInfo deployment, ServletContext context) {
        String retryAfter =
                ConfigProvider.getConfig(deployment.getClassLoader()).getValue(WebSettings.RETRY_AFTER, String.class);
        String body = Json.toJson(new ApiError("The server is stopping", UNAVAILABLE));
        // One listener for every exchange: nothing more is made per request.
        DefaultResponseListener comeBackLater = ended -> comeBackLater(ended, retryAfter, body);
        // Added after WildFly's request control, which refuses while suspended: it wraps that.
        deployment.addInitialHandlerChainWrapper(next -> exchange -> {
            exchange.addDefaultResponseListener(comeBackLater);
            next.handleRequest(exchange);
        });
    }

    /** Writes the API's 503 where the server ended an exchange with a bare one; leaves every other answer alone. */
    private static boolean comeBackLater(HttpServerExchange exchange, String retryAfter, String body) {
        if (exchange.isResponseStarted()
                || exchange.getStatusCode() != UNAVAILABLE
                || exchange.getResponseHeaders().contains(Headers.RETRY_AFTER)) {
            return false;
        }
        exchange.getResponseHeaders()
                .put(Headers.RETRY_AFTER, retryAfter)
                .put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(body);
        return true;
    }
}
