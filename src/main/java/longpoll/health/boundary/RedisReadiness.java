package longpoll.health.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import longpoll.queue.control.RedisConnections;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while Redis answers a {@code PING}: without Redis every poll and send gets a 503, so a
 * load balancer should send traffic elsewhere. The ping runs on another thread and is given up
 * after {@code longpoll.health.redis-timeout-millis}, so a stalled Redis makes the probe answer
 * DOWN in time instead of hanging it; the abandoned ping ends at the Redis reply timeout.
 */
@Readiness
@ApplicationScoped
public class RedisReadiness implements HealthCheck {

    static final String NAME = "redis";
    /**
     * The probe is anyone's to read: Redis's own error (its address, a refused credential) goes
     * to this node's log, where an outage is logged when it starts.
     */
    static final String FAILED = "Redis does not answer or refuses work: see this node's log";

    @Inject
    RedisConnections redis;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    @Inject
    HealthSettings settings;

    @Override
    public HealthCheckResponse call() {
        long timeoutMillis = settings.redisTimeoutMillis();
        try {
            CompletableFuture.runAsync(redis::ping, executor).get(timeoutMillis, TimeUnit.MILLISECONDS);
            return HealthCheckResponse.up(NAME);
        } catch (TimeoutException e) {
            return down("No answer within " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            return down(FAILED);
        } catch (RejectedExecutionException e) {
            return down("No thread to ping Redis");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down("Interrupted");
        }
    }

    private static HealthCheckResponse down(String error) {
        return HealthCheckResponse.named(NAME)
                .down()
                .withData("error", String.valueOf(error))
                .build();
    }
}
