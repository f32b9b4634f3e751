package longpoll.web.entity;

import jakarta.ws.rs.core.Response.Status;

/**
 * A request that can't be served, with the status and the message its caller should see.
 * {@code web.boundary.ApiExceptionMapper} turns it into a JSON error body.
 */
public class ApiException extends RuntimeException {

    private final Status status;

    private ApiException(Status status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(Status.BAD_REQUEST, message);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(Status.REQUEST_ENTITY_TOO_LARGE, message);
    }

    /** Answered with {@code Retry-After}: the caller should come back later, nothing is wrong with its request. */
    public static ApiException unavailable(String message) {
        return new ApiException(Status.SERVICE_UNAVAILABLE, message);
    }

    public Status status() {
        return status;
    }
}
