package longpoll.access.boundary;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import longpoll.access.control.AccessSettings;
import longpoll.access.control.BearerToken;
import longpoll.refusal.Refusal;

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

    /**
     * The request attribute naming the sender when send tokens are on ("sender 1" for the first
     * token), absent when sending is open.
     */
    public static final String SENDER = "longpoll.sender";

    @Inject
    AccessSettings settings;

    /** JAX-RS's proxy of the request: CDI's would need Weld's request context, which longpoll does not start. */
    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<String> credentialed = settings.sendCredentials()
                .map(credentials -> BearerToken.of(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                        .flatMap(credentials::senderOf)
                        // One answer for a missing, malformed or wrong token: no hint of what was wrong.
                        .orElseThrow(() -> Refusal.unauthenticated("A valid send credential is required")));
        credentialed.ifPresent(sender -> request.setProperty(SENDER, sender));
        settings.sendRateLimit().ifPresent(limit -> {
            // Looked up only here: the request's address, through its proxy, costs every send
            // that asks for it, and only rate-limited sends without a credential need it.
            String sender = credentialed.orElseGet(() -> "address " + servletRequest.getRemoteAddr());
            if (!limit.tryAcquire(sender)) {
                throw Refusal.tooMany("Too many sends from this sender in this second");
            }
        });
    }
}
