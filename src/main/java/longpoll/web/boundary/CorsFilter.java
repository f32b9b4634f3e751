package longpoll.web.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Lets pages from the configured origins (the Vite dev server by default) call the API.
 * Only listed origins are echoed back; there is no wildcard, and a {@code *} in the list is
 * ignored with a warning. Credentials (cookies) are never allowed: the API's credentials are
 * bearer tokens, which a page sends itself.
 */
@Provider
@PreMatching
@ApplicationScoped
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String ORIGIN = "Origin";
    private static final String PREFLIGHT_CACHE_SECONDS = "600";
    private static final String WILDCARD = "*";
    private static final Logger LOG = System.getLogger(CorsFilter.class.getName());

    @Inject
    WebSettings settings;

    private List<String> allowedOrigins;

    @PostConstruct
    void dropWildcard() {
        allowedOrigins = settings.allowedOrigins();
        if (allowedOrigins.contains(WILDCARD)) {
            LOG.log(
                    Level.WARNING,
                    "longpoll.cors.allowed-origins: the wildcard * is ignored; list each origin instead");
            allowedOrigins = allowedOrigins.stream()
                    .filter(origin -> !WILDCARD.equals(origin))
                    .toList();
        }
    }

    /** Answers a preflight itself, so it never reaches (or is refused by) a resource method. */
    @Override
    public void filter(ContainerRequestContext request) {
        if (HttpMethod.OPTIONS.equals(request.getMethod())
                && isAllowed(request.getHeaderString(ORIGIN))
                && request.getHeaderString("Access-Control-Request-Method") != null) {
            request.abortWith(Response.noContent()
                    .header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                    .header("Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key")
                    .header("Access-Control-Max-Age", PREFLIGHT_CACHE_SECONDS)
                    .build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString(ORIGIN);
        if (isAllowed(origin)) {
            var headers = response.getHeaders();
            headers.putSingle("Access-Control-Allow-Origin", origin);
            headers.add(HttpHeaders.VARY, ORIGIN);
            headers.putSingle(
                    "Access-Control-Expose-Headers", HttpHeaders.RETRY_AFTER + ", " + HttpHeaders.WWW_AUTHENTICATE);
        }
    }

    private boolean isAllowed(String origin) {
        return origin != null && allowedOrigins.contains(origin);
    }
}
