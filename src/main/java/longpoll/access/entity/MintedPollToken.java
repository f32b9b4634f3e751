package longpoll.access.entity;

/**
 * The answer of {@code POST /poll/token/{clientId}}: a token that lets its holder poll
 * {@code clientId} until {@code expiresAt} (epoch seconds).
 */
public record MintedPollToken(String clientId, String token, long expiresAt) {}
