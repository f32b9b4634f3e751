package longpoll.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import longpoll.faults.FaultLoad;
import longpoll.support.PayaraMicroProcess;
import longpoll.support.Ports;
import longpoll.support.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The service behind Redis Sentinel: a master, its replica and a Sentinel watching them, the node
 * configured with {@code longpoll.redis.sentinels} and {@code longpoll.redis.wait-replicas=1}.
 * Acknowledging clients receive while senders send (retrying with their {@code Idempotency-Key}
 * until answered 200), and in the middle Sentinel fails the master over to the replica. Nothing
 * answered 200 may be lost, nor arrive out of order; duplicates are allowed (an acknowledgement
 * the old master had not passed on yet is redone). Figures go to target/fault-report.txt.
 */
class SentinelIT {

    /** From this test's own port range (see docs/deployment.md, Scaling). */
    private static final int MASTER = 16795;

    private static final int REPLICA = 16796;
    private static final int SENTINEL = 16797;
    /** The Sentinel asks for one: a node must pass it to learn where the master is. */
    private static final String SENTINEL_PASSWORD = "sentinel-password-0123456789";

    private static final String NAME = "longpoll";
    private static final int CLIENTS = 12;
    private static final int MESSAGES_PER_SECOND = 120;
    private static final Duration SENDING = Duration.ofSeconds(12);
    private static final Duration FAULT_AFTER = Duration.ofSeconds(4);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(60);
    private static final Duration SETTLE_WITHIN = Duration.ofSeconds(30);
    private static final Path TARGET =
            Path.of(System.getProperty("longpoll.war")).getParent();

    private static RedisProcess master;
    private static RedisProcess replica;
    private static RedisProcess sentinel;
    private static PayaraMicroProcess node;
    private static int nodePort;

    @BeforeAll
    static void startRedisSentinelAndNode() throws IOException {
        Path dir = Files.createTempDirectory(TARGET, "sentinel");
        master = RedisProcess.inMemory(MASTER, Files.createDirectories(dir.resolve("master")), List.of());
        master.start();
        replica = RedisProcess.inMemory(
                REPLICA,
                Files.createDirectories(dir.resolve("replica")),
                List.of("--replicaof", "127.0.0.1", String.valueOf(MASTER)));
        replica.start();
        Path config = Files.writeString(
                dir.resolve("sentinel.conf"),
                String.join(
                        "\n",
                        "sentinel monitor " + NAME + " 127.0.0.1 " + MASTER + " 1",
                        "sentinel down-after-milliseconds " + NAME + " 1000",
                        "sentinel failover-timeout " + NAME + " 10000",
                        "requirepass " + SENTINEL_PASSWORD,
                        ""));
        sentinel = RedisProcess.sentinel(SENTINEL, config);
        sentinel.start();
        awaitTrue(
                "the replica to sync",
                () -> on(REPLICA, jedis -> jedis.info("replication")).contains("master_link_status:up"));
        awaitTrue(
                "Sentinel to see the replica",
                () -> on(SENTINEL, jedis -> jedis.sentinelReplicas(NAME)).stream()
                        .anyMatch(replica -> String.valueOf(REPLICA).equals(replica.get("port"))));

        nodePort = Ports.free();
        node = PayaraMicroProcess.ofThisBuild(
                nodePort,
                Map.of(
                        "LONGPOLL_REDIS_SENTINELS",
                        "127.0.0.1:" + SENTINEL,
                        "LONGPOLL_REDIS_SENTINEL_MASTER",
                        NAME,
                        "LONGPOLL_REDIS_SENTINEL_PASSWORD",
                        SENTINEL_PASSWORD,
                        "LONGPOLL_REDIS_WAIT_REPLICAS",
                        "1",
                        "LONGPOLL_RETRY_AFTER_SECONDS",
                        "1"),
                TARGET.resolve("sentinel-node.log"));
        node.startAndAwaitReady();
    }

    @AfterAll
    static void stopAll() {
        node.terminate();
        sentinel.stop();
        replica.stop();
        master.stop();
    }

    @Test
    void failoverToTheReplicaLosesNothingAnswered200() throws Exception {
        var report = new FaultLoad(nodePort, CLIENTS, MESSAGES_PER_SECOND, false)
                .run("sentinel-failover", SENDING, FAULT_AFTER, SentinelIT::failOver, DRAIN_LIMIT);
        System.out.println("FAULT RUN " + report);
        Files.writeString(
                TARGET.resolve("fault-report.txt"),
                report + System.lineSeparator(),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);

        assertTrue(masterIsTheReplica(), "the replica is the master now");
        assertTrue(report.acknowledgedBySend() > 0, "messages were sent");
        assertEquals(0, report.lost(), report.toString());
        assertEquals(0, report.outOfOrder(), report.toString());
    }

    /** {@code SENTINEL FAILOVER}, as an operator would, then until Sentinel names the replica as master. */
    private static void failOver() {
        awaitTrue("Sentinel to start the failover", () -> {
            try {
                return on(SENTINEL, jedis -> jedis.sentinelFailover(NAME)).equals("OK");
            } catch (JedisDataException notYet) {
                return false;
            }
        });
        awaitTrue("the replica to become master", SentinelIT::masterIsTheReplica);
    }

    private static boolean masterIsTheReplica() {
        return on(SENTINEL, jedis -> jedis.sentinelGetMasterAddrByName(NAME)).contains(String.valueOf(REPLICA));
    }

    private static <T> T on(int port, Function<Jedis, T> command) {
        try (var jedis = new Jedis("127.0.0.1", port)) {
            if (port == SENTINEL) {
                jedis.auth(SENTINEL_PASSWORD);
            }
            return command.apply(jedis);
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        await(what).atMost(SETTLE_WITHIN).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
    }
}
