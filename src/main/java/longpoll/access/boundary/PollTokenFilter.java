package longpoll.access.boundary;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import longpoll.access.control.AccessSettings;
import longpoll.access.control.BearerToken;
import longpoll.access.control.PollTokens;
import longpoll.queue.entity.ClientId;
import longpoll.refusal.Refusal;

/**
 * When a poll secret is configured, lets a poll through only with a valid, unexpired token of
 * its own client id, as {@code Authorization: Bearer <token>} or as {@code ?token=<token>} (a
 * page's long-poll can't always set headers). A refused poll never reaches the resource: the
 * client's queue is not touched.
 */
@Provider
@PollTokenRequired
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class PollTokenFilter implements ContainerRequestFilter {

    private static final String TOKEN_PARAMETER = "token";

    @Inject
    AccessSettings settings;

    @Override
    public void filter(ContainerRequestContext request) {
        settings.pollTokens().ifPresent(tokens -> check(tokens, request));
    }

    private static void check(PollTokens tokens, ContainerRequestContext request) {
        var client = new ClientId(request.getUriInfo().getPathParameters().getFirst("clientId"));
        String token = BearerToken.of(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .orElseGet(() -> request.getUriInfo().getQueryParameters().getFirst(TOKEN_PARAMETER));
        if (token == null) {
            throw Refusal.unauthenticated("A poll token for this client is required");
        }
        switch (tokens.verify(client, token, System.currentTimeMillis() / 1000)) {
            case VALID -> {}
            case EXPIRED -> throw Refusal.unauthenticated("The poll token has expired");
            case INVALID -> throw Refusal.unauthenticated("The poll token is not valid for this client");
        }
    }
}
