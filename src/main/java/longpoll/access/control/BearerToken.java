package longpoll.access.control;

import java.util.Optional;

/** The token of an {@code Authorization: Bearer <token>} header (RFC 6750; the scheme in any case). */
public final class BearerToken {

    private static final String SCHEME = "Bearer ";

    private BearerToken() {}

    /** @param authorization the header's value, or null when there is none */
    public static Optional<String> of(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(SCHEME.length()).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
