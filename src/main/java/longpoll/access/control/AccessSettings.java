package longpoll.access.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import longpoll.settings.CommaSeparated;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which doors are closed, from the configuration: without send tokens anyone may send, without
 * a poll secret anyone who knows a client id may take its messages. Both are open by default,
 * like the reference design; each open door is logged once at start, which also reads these
 * settings on the deployment's thread (on WildFly a poll task's thread does not see the WAR's
 * configuration file). Defaults: {@code META-INF/microprofile-config.properties}.
 */
@ApplicationScoped
public class AccessSettings {

    private static final Logger LOG = System.getLogger(AccessSettings.class.getName());
    /** An HMAC key shorter than its 256-bit output gives away strength for nothing. */
    private static final int SHORTEST_GOOD_SECRET = 32;

    /** Comma-separated (see {@link CommaSeparated}). */
    @Inject
    @ConfigProperty(name = "longpoll.send.tokens")
    Optional<String> sendTokens;

    @Inject
    @ConfigProperty(name = "longpoll.poll.secret")
    Optional<String> pollSecret;

    @Inject
    @ConfigProperty(name = "longpoll.poll.token-ttl-seconds")
    long tokenTtlSeconds;

    @Inject
    @ConfigProperty(name = "longpoll.send.max-per-second")
    int sendsPerSecond;

    private Optional<SendCredentials> sendCredentials;
    private Optional<PollTokens> pollTokens;
    private Optional<SendRateLimit> sendRateLimit;

    @PostConstruct
    void init() {
        var tokens = CommaSeparated.values(sendTokens);
        sendCredentials = tokens.isEmpty() ? Optional.empty() : Optional.of(new SendCredentials(tokens));
        pollTokens = pollSecret.filter(secret -> !secret.isBlank()).map(PollTokens::new);
        sendRateLimit = sendsPerSecond > 0
                ? Optional.of(new SendRateLimit(sendsPerSecond, System::currentTimeMillis))
                : Optional.empty();
    }

    void warnOfOpenDoors(@Observes @Initialized(ApplicationScoped.class) Object start) {
        if (sendCredentials.isEmpty()) {
            LOG.log(
                    Level.WARNING,
                    "Sending is open: anyone can send to any client."
                            + " Set longpoll.send.tokens (LONGPOLL_SEND_TOKENS) to require a bearer token.");
        }
        if (pollTokens.isEmpty()) {
            LOG.log(
                    Level.WARNING,
                    "Polling is open: anyone who knows a client id can take its messages."
                            + " Set longpoll.poll.secret (LONGPOLL_POLL_SECRET) to require a poll token.");
        } else if (pollSecret.orElseThrow().length() < SHORTEST_GOOD_SECRET) {
            LOG.log(
                    Level.WARNING,
                    "longpoll.poll.secret is shorter than {0} characters: use a longer random one.",
                    SHORTEST_GOOD_SECRET);
        }
    }

    /** Empty: sending is open. */
    public Optional<SendCredentials> sendCredentials() {
        return sendCredentials;
    }

    /** Empty: polling is open. */
    public Optional<PollTokens> pollTokens() {
        return pollTokens;
    }

    /** Empty: no limit. */
    public Optional<SendRateLimit> sendRateLimit() {
        return sendRateLimit;
    }

    /** How long a token minted by {@code POST /poll/token/{clientId}} works. */
    public long tokenTtlSeconds() {
        return tokenTtlSeconds;
    }
}
