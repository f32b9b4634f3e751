package longpoll.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import longpoll.support.PayaraMicroProcess;
import longpoll.support.Ports;
import longpoll.support.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing lost under real faults. Each run: twelve acknowledging clients, a steady sender of
 * numbered messages, and one fault in the middle, on real processes: a durable redis-server
 * ({@code appendonly yes}, {@code appendfsync always}) and the WAR on its own Payara Micro.
 * A run fails if any message the service answered 200 for never arrives, or if a client sees its
 * messages out of order. Each run's figures go to the console and to target/fault-report.txt.
 */
class FaultIT {

    private static final int CLIENTS = 12;
    private static final int MESSAGES_PER_SECOND = 240;
    private static final Duration SENDING = Duration.ofSeconds(12);
    private static final Duration FAULT_AFTER = Duration.ofSeconds(4);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(60);
    private static final Duration REDIS_DOWN = Duration.ofSeconds(2);
    private static final Path TARGET =
            Path.of(System.getProperty("longpoll.war")).getParent();

    private static RedisProcess redis;
    private static PayaraMicroProcess server;
    private static int serverPort;

    @BeforeAll
    static void startRedisAndServer() throws IOException {
        Path redisDir = Files.createTempDirectory(TARGET, "fault-redis");
        redis = RedisProcess.durable(Ports.free(), redisDir);
        redis.start();
        serverPort = Ports.free();
        server = PayaraMicroProcess.ofThisBuild(
                serverPort,
                Map.of("LONGPOLL_REDIS_URL", "redis://127.0.0.1:" + redis.port(), "LONGPOLL_RETRY_AFTER_SECONDS", "1"),
                TARGET.resolve("fault-server.log"));
        server.startAndAwaitReady();
    }

    @AfterAll
    static void stopServerAndRedis() {
        server.terminate();
        redis.stop();
    }

    @Test
    void redisKilledAndRestartedLosesNothing() throws Exception {
        var report = run("redis-sigkill", false, () -> {
            redis.kill();
            pause(REDIS_DOWN);
            redis.start();
        });

        assertNothingLost(report);
    }

    @Test
    void serverStoppedWithSigtermAndStartedAgainLosesNothingAndDuplicatesNothing() throws Exception {
        var report = run("server-sigterm", false, () -> {
            server.terminate();
            server.startAndAwaitReady();
        });

        assertNothingLost(report);
        assertEquals(0, report.duplicated(), "a clean stop duplicates nothing");
    }

    @Test
    void serverKilledAndStartedAgainLosesNothing() throws Exception {
        var report = run("server-sigkill", false, () -> {
            server.kill();
            server.startAndAwaitReady();
        });

        assertNothingLost(report);
    }

    @Test
    void clientsDroppingConnectionsMidPollLoseNothingAndDuplicateNothing() throws Exception {
        var report = run("clients-drop", true, () -> {});

        assertNothingLost(report);
        assertTrue(report.droppedPolls() > 0, "some polls were dropped");
        assertEquals(0, report.duplicated(), "a dropped poll's messages reach the client once");
    }

    private static FaultLoad.Report run(String name, boolean dropConnections, Runnable fault) throws Exception {
        var report = new FaultLoad(serverPort, CLIENTS, MESSAGES_PER_SECOND, dropConnections)
                .run(name, SENDING, FAULT_AFTER, fault, DRAIN_LIMIT);
        System.out.println("FAULT RUN " + report);
        Files.writeString(
                TARGET.resolve("fault-report.txt"),
                report + System.lineSeparator(),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        return report;
    }

    private static void assertNothingLost(FaultLoad.Report report) {
        assertTrue(report.acknowledgedBySend() > 0, "messages were sent");
        assertEquals(0, report.lost(), report.toString());
        assertEquals(0, report.outOfOrder(), report.toString());
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
