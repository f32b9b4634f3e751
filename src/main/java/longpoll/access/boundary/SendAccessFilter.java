package longpoll.access.boundary;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import longpoll.access.control.AccessSettings;
import longpoll.access.control.BearerToken;
import longpoll.web.entity.ApiException;

/**
 * Lets a send through only with one of the configured send tokens as
 * {@code Authorization: Bearer <token>} (when any are configured), and within the sender's rate.
 * A refused send never reaches the resource, so its body is not even read.
 */
@Provider
@SendCredentialRequired
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class SendAccessFilter implements ContainerRequestFilter {

    @Inject
    AccessSettings settings;

    @Inject
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        String sender = settings.sendCredentials()
                .map(credentials -> BearerToken.of(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                        .flatMap(credentials::senderOf)
                        // One answer for a missing, malformed or wrong token: no hint of what was wrong.
                        .orElseThrow(() -> ApiException.unauthorized("A valid send credential is required")))
                .orElseGet(() -> "address " + servletRequest.getRemoteAddr());
        settings.sendRateLimit().ifPresent(limit -> {
            if (!limit.tryAcquire(sender)) {
                throw ApiException.tooManyRequests("Too many sends from this sender in this second");
            }
        });
    }
}
