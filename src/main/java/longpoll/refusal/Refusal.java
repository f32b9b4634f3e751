package longpoll.refusal;

/**
 * A request the service will not serve, with why and the message its caller should see. Every
 * component throws it; only the web boundary ({@code web.boundary.ApiExceptionMapper}) turns a
 * reason into an HTTP status, so no component below it knows HTTP.
 */
public final class Refusal extends RuntimeException {

    /** Why a request is refused, each answered with its own status at the boundary. */
    public enum Reason {
        /** The request itself is wrong: the caller must change it. */
        INVALID,
        /** The request lacks a valid credential. */
        UNAUTHENTICATED,
        /** What the request asks for is not there (a feature that is off). */
        NOT_FOUND,
        /** The request's body is larger than the service takes. */
        TOO_LARGE,
        /** This caller has had its share for now and may come back later. */
        TOO_MANY,
        /** The service can't serve it now; nothing is wrong with the request. */
        UNAVAILABLE
    }

    private final Reason reason;

    private Refusal(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public static Refusal invalid(String message) {
        return new Refusal(Reason.INVALID, message);
    }

    public static Refusal unauthenticated(String message) {
        return new Refusal(Reason.UNAUTHENTICATED, message);
    }

    public static Refusal notFound(String message) {
        return new Refusal(Reason.NOT_FOUND, message);
    }

    public static Refusal tooLarge(String message) {
        return new Refusal(Reason.TOO_LARGE, message);
    }

    public static Refusal tooMany(String message) {
        return new Refusal(Reason.TOO_MANY, message);
    }

    public static Refusal unavailable(String message) {
        return new Refusal(Reason.UNAVAILABLE, message);
    }

    public Reason reason() {
        return reason;
    }
}
