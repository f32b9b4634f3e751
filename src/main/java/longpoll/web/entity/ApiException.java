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

    /** Answered with {@code WWW-Authenticate: Bearer}: the request lacks a valid credential. */
    public static ApiException unauthorized(String message) {
        return new ApiException(Status.UNAUTHORIZED, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(Status.NOT_FOUND, message);
    }

    /** Answered with {@code Retry-After}: this caller has had its share for now. */
    public static ApiException tooManyRequests(String message) {
        return new ApiException(Status.TOO_MANY_REQUESTS, message);
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
