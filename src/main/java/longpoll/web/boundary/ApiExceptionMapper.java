package longpoll.web.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import longpoll.queue.control.IdempotencyKeyReusedException;
import longpoll.queue.control.QueueFullException;
import longpoll.queue.control.RedisUnavailableException;
import longpoll.refusal.Refusal;
import longpoll.refusal.Refusal.Reason;
import longpoll.web.entity.ApiError;
import longpoll.web.entity.RequestRefused;

/**
 * The one place where failures become HTTP answers: a JSON error body with the right status,
 * {@code Retry-After} on every 503 and 429, {@code WWW-Authenticate: Bearer} on every 401, and
 * never a stack trace or an HTML page.
 */
@Provider
@ApplicationScoped
public class ApiExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = System.getLogger(ApiExceptionMapper.class.getName());

    @Inject
    WebSettings settings;

    @Inject
    Event<RequestRefused> refused;

    @Override
    public Response toResponse(Throwable failure) {
        return switch (failure) {
            case Refusal e
            when e.reason() == Reason.UNAVAILABLE -> {
                refused.fire(
                        RequestRefused.NO_CAPACITY); // node full or stopping: a refusal, where Redis outages are errors
                yield error(Status.SERVICE_UNAVAILABLE.getStatusCode(), e.getMessage());
            }
            case Refusal e -> error(status(e.reason()), e.getMessage());
            case RedisUnavailableException e -> error(Status.SERVICE_UNAVAILABLE.getStatusCode(), e.getMessage());
            case QueueFullException e -> {
                refused.fire(RequestRefused.QUEUE_FULL);
                yield error(Status.TOO_MANY_REQUESTS.getStatusCode(), e.getMessage());
            }
            case IdempotencyKeyReusedException e -> error(422, e.getMessage());
            case WebApplicationException e ->
                error(
                        e.getResponse().getStatus(),
                        e.getResponse().getStatusInfo().getReasonPhrase());
            default -> {
                LOG.log(Level.ERROR, "Unexpected failure", failure);
                yield error(Status.INTERNAL_SERVER_ERROR.getStatusCode(), "Internal server error");
            }
        };
    }

    private static int status(Reason reason) {
        return switch (reason) {
            case INVALID -> Status.BAD_REQUEST.getStatusCode();
            case UNAUTHENTICATED -> Status.UNAUTHORIZED.getStatusCode();
            case NOT_FOUND -> Status.NOT_FOUND.getStatusCode();
            case TOO_LARGE -> Status.REQUEST_ENTITY_TOO_LARGE.getStatusCode();
            case TOO_MANY -> Status.TOO_MANY_REQUESTS.getStatusCode();
            case UNAVAILABLE -> Status.SERVICE_UNAVAILABLE.getStatusCode();
        };
    }

    private Response error(int status, String message) {
        var response =
                Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(message, status));
        if (status == Status.SERVICE_UNAVAILABLE.getStatusCode()
                || status == Status.TOO_MANY_REQUESTS.getStatusCode()) {
            response.header(HttpHeaders.RETRY_AFTER, settings.retryAfterSeconds());
        }
        if (status == Status.UNAUTHORIZED.getStatusCode()) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.build();
    }
}
