package longpoll.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;
import longpoll.json.Json;
import longpoll.queue.entity.ClientId;
import longpoll.support.Api;
import longpoll.support.PayaraMicroProcess;
import longpoll.support.Ports;
import longpoll.support.RawPoll;
import longpoll.support.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/**
 * The service on a real Redis Cluster: three masters ({@code redis-server --cluster-enabled yes},
 * the embedded-redis binary) joined as {@code redis-cli --cluster create} would, each given a third
 * of the slots ({@code CLUSTER ADDSLOTS}) and met by the first ({@code CLUSTER MEET}), one node configured with
 * {@code longpoll.redis.cluster-nodes}. A node started before the cluster answers 503 until it is
 * up, then serves; a client's keys share a slot, and delivery in both modes, idempotent sends,
 * batches and {@code waiting} work for clients spread over every master.
 */
@TestMethodOrder(OrderAnnotation.class)
class ClusterIT {

    /** From this test's own port range (see docs/deployment.md, Scaling); their bus ports are 10000 above. */
    private static final List<Integer> MASTERS = List.of(16790, 16791, 16792);

    private static final int SLOTS = 16_384;
    private static final int CLIENTS = 60;
    /** Enough clients for their slots to fall on every master (checked by the test above for 60). */
    private static final int SUPERSEDED_CLIENTS = 6;

    private static final Duration READY_WITHIN = Duration.ofSeconds(30);
    private static final Path TARGET =
            Path.of(System.getProperty("longpoll.war")).getParent();

    private static final List<RedisProcess> redis = new ArrayList<>();
    private static final List<HttpResponse<String>> answersBeforeTheCluster = new ArrayList<>();
    private static PayaraMicroProcess node;
    private static JedisCluster cluster;
    private static Api api;

    /**
     * The node starts first, with no master running yet, as after a restart of the whole
     * deployment: what it answers then is kept for {@link #aNodeStartedBeforeTheClusterAnswers503UntilItIsUp}.
     */
    @BeforeAll
    static void startNodeThenCluster() throws IOException, InterruptedException {
        int port = Ports.free();
        node = PayaraMicroProcess.ofThisBuild(
                port,
                Map.of(
                        "LONGPOLL_REDIS_CLUSTER_NODES",
                        "127.0.0.1:" + MASTERS.get(0) + ",127.0.0.1:" + MASTERS.get(1),
                        "LONGPOLL_RETRY_AFTER_SECONDS",
                        "1"),
                TARGET.resolve("cluster-node.log"));
        node.startAndAwaitReady();
        api = new Api(URI.create("http://127.0.0.1:" + port + "/").toURL());
        answersBeforeTheCluster.add(api.send(api.request("poll/early?timeout=5").GET()));
        answersBeforeTheCluster.add(api.send("early", "\"too soon\""));

        Path dir = Files.createTempDirectory(TARGET, "cluster");
        for (int master : MASTERS) {
            Path nodeDir = Files.createDirectories(dir.resolve(String.valueOf(master)));
            var server = RedisProcess.inMemory(
                    master,
                    nodeDir,
                    List.of(
                            "--cluster-enabled",
                            "yes",
                            "--cluster-config-file",
                            nodeDir.resolve("nodes.conf").toString(),
                            "--cluster-node-timeout",
                            "2000"));
            server.start();
            redis.add(server);
        }
        createCluster();
        awaitClusterOk();
        cluster = new JedisCluster(new HostAndPort("127.0.0.1", MASTERS.getFirst()));
        awaitNodeServes();
    }

    @AfterAll
    static void stopAll() {
        cluster.close();
        node.terminate();
        redis.forEach(RedisProcess::stop);
    }

    @Test
    @Order(0)
    void aNodeStartedBeforeTheClusterAnswers503UntilItIsUp() {
        for (var answer : answersBeforeTheCluster) {
            String request =
                    answer.request().method() + " " + answer.request().uri().getPath();
            assertEquals(503, answer.statusCode(), request + ": " + answer.body());
            assertEquals(Optional.of("1"), answer.headers().firstValue("Retry-After"), request);
            assertEquals(503, Json.fromJson(answer.body(), JsonObject.class).getInt("status"), request);
        }
        // And once the cluster is up, it serves without a restart: see awaitNodeServes.
        assertEquals(200, api.send("early", "\"in time\"").statusCode());
        assertEquals("[\"in time\"]", api.poll("early").body(), "the send refused before is not queued");
    }

    @Test
    @Order(1)
    void keysOfOneClientShareTheSlotOfItsQueue() {
        for (String id : List.of("alice", "bob", "c-17", "x.y:z_1")) {
            var client = new ClientId(id);
            int slot = slotOf(client.queueKey());
            assertEquals(slot, slotOf(client.inFlightKey()), client.inFlightKey());
            assertEquals(slot, slotOf(client.pollerKey()), client.pollerKey());
            assertEquals(slot, slotOf(client.handoutsKey()), client.handoutsKey());
            assertEquals(slot, slotOf(client.deadLetterKey()), client.deadLetterKey());
            assertEquals(slot, slotOf(client.idempotencyKey("key-1")), client.idempotencyKey("key-1"));
        }
    }

    @Test
    @Order(2)
    void plainAndAcknowledgedDeliveryAndIdempotentSendsWorkForClientsOnEveryMaster() {
        for (int i = 0; i < CLIENTS; i++) {
            String client = "spread-" + i;
            String first = sendOnce(client, "\"one\"", client + "-1");
            assertEquals(first, sendOnce(client, "\"one\"", client + "-1"), "a retried send is queued once");
            sendOnce(client, "\"two\"", client + "-2");
            if (i % 2 == 0) {
                var answer = api.poll(client);
                assertEquals("[\"one\",\"two\"]", answer.body(), client);
            } else {
                var answer = api.send(api.request("poll/" + client + "?ack=").GET());
                JsonArray messages = Json.fromJson(answer.body(), JsonArray.class);
                assertEquals(
                        List.of("one", "two"),
                        messages.stream()
                                .map(m -> ((JsonObject) m).getString("message"))
                                .toList(),
                        client);
                assertEquals(first, messages.getJsonObject(0).getString("id"));
                String lastId = messages.getJsonObject(1).getString("id");
                assertEquals(
                        204,
                        api.send(api.request("poll/" + client + "?timeout=0.2&ack=" + lastId)
                                        .GET())
                                .statusCode(),
                        "acknowledged, nothing comes again");
            }
        }
        // The idempotency records stay: each master holding some shows the clients spread over all.
        for (int port : MASTERS) {
            long keys = on(port, Jedis::dbSize);
            assertTrue(keys > 0, "master " + port + " holds some clients' keys");
        }
    }

    @Test
    @Order(3)
    void batchForClientsOnEveryMasterQueuesEachClientsMessagesInOrder() {
        int clients = CLIENTS / 2; // two messages each, within a batch's 100
        var batch = new ArrayList<String>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < clients; i++) {
                batch.add("{\"to\": \"batch-spread-" + i + "\", \"message\": " + round + "}");
            }
        }
        var sent = api.send(api.request("poll/send/batch")
                .header("Idempotency-Key", "spread")
                .POST(BodyPublishers.ofString("[" + String.join(",", batch) + "]")));

        assertEquals(200, sent.statusCode(), sent.body());
        assertEquals(2 * clients, Json.fromJson(sent.body(), JsonArray.class).size());
        for (int i = 0; i < clients; i++) {
            assertEquals("[0,1]", api.poll("batch-spread-" + i).body(), "client " + i);
        }
    }

    @Test
    @Order(4)
    void aWaitingPollIsSeenBySends() throws InterruptedException {
        var poll = api.pollAsync("cluster-waiting");
        await("the poll to wait")
                .atMost(READY_WITHIN)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> cluster.exists(new ClientId("cluster-waiting").pollerKey()));

        var sent = api.send("cluster-waiting", "\"hi\"");

        assertTrue(Json.fromJson(sent.body(), JsonObject.class).getBoolean("waiting"), sent.body());
        assertEquals("[\"hi\"]", poll.join().body());
    }

    /** The newest poll of a client supersedes its older one wherever the client's slot lives. */
    @Test
    @Order(5)
    void aPollLeftOpenIsSupersededByTheClientsNextPollOnEveryMaster() throws Exception {
        var url = api.base().toURL();
        for (int i = 0; i < SUPERSEDED_CLIENTS; i++) {
            String client = "cluster-left-" + i;
            try (var left = RawPoll.open(url, "poll/" + client + "?timeout=2")) {
                String first = awaitPoller(client, null);
                var next = api.sendAsync(
                        api.request("poll/" + client + "?timeout=10").GET());
                awaitPoller(client, first);

                assertEquals(200, api.send(client, "\"for the newest\"").statusCode());

                assertEquals("[\"for the newest\"]", next.join().body(), client);
                assertEquals(204, left.status(Duration.ofSeconds(10)), client);
            }
        }
    }

    private static String awaitPoller(String client, String previous) {
        String key = new ClientId(client).pollerKey();
        return await("a new poll of " + client)
                .atMost(READY_WITHIN)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> cluster.get(key), poller -> poller != null && !poller.equals(previous));
    }

    private static String sendOnce(String client, String message, String idempotencyKey) {
        var sent = api.send(api.request("poll/send")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(BodyPublishers.ofString("{\"to\": \"" + client + "\", \"message\": " + message + "}")));
        assertEquals(200, sent.statusCode(), sent.body());
        return Json.fromJson(sent.body(), JsonObject.class).getString("id");
    }

    private static int slotOf(String key) {
        return on(MASTERS.getFirst(), jedis -> jedis.clusterKeySlot(key)).intValue();
    }

    /** Gives each master its share of the 16,384 slots, then has the first meet the others. */
    private static void createCluster() {
        int perMaster = Math.ceilDiv(SLOTS, MASTERS.size());
        for (int i = 0; i < MASTERS.size(); i++) {
            int[] slots = IntStream.range(i * perMaster, Math.min(SLOTS, (i + 1) * perMaster))
                    .toArray();
            on(MASTERS.get(i), jedis -> jedis.clusterAddSlots(slots));
        }
        for (int master : MASTERS.subList(1, MASTERS.size())) {
            on(MASTERS.getFirst(), jedis -> jedis.clusterMeet("127.0.0.1", master));
        }
    }

    private static <T> T on(int port, Function<Jedis, T> command) {
        try (var jedis = new Jedis("127.0.0.1", port)) {
            return command.apply(jedis);
        }
    }

    private static void awaitClusterOk() {
        await("cluster_state:ok on every master")
                .atMost(READY_WITHIN)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> MASTERS.stream()
                        .allMatch(port -> on(port, Jedis::clusterInfo).contains("cluster_state:ok")));
    }

    /** Until a send is queued: the node retries opening its pools once its last failed attempt is a pause behind. */
    private static void awaitNodeServes() {
        await("the node to queue a send once the cluster is up")
                .atMost(READY_WITHIN)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> api.send("early-probe", "\"probe\"").statusCode(), status -> status == 200);
    }
}
